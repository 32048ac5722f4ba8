"""The printable safety plan (WeasyPrint): rules, safety persons with their numbers and the contact restrictions in
force, for the family's fridge door and the night shift's folder."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from spalk.safety.models import SafetyPlan


def safety_plan_pdf(*, plan: SafetyPlan, restrictions: list) -> bytes:
    from weasyprint import HTML

    html = render_to_string("safety/plan_pdf.html", {"plan": plan, "family": plan.family,
                                                     "restrictions": restrictions,
                                                     "printed_on": timezone.localdate()})
    return HTML(string=html).write_pdf()
