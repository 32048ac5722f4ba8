"""The printable health summary of one person (WeasyPrint), from what the reader may see."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string

from spalk.health import chart
from spalk.health.gestation import GestationalAge
from spalk.health.selectors import PersonHealth


def health_summary_pdf(*, request, health: PersonHealth, today: datetime.date) -> bytes:
    from weasyprint import HTML

    access = health.access
    birth = health.birth
    ga = birth.gestational_age_days if birth else None
    charts = [chart.build(key=key, sex=access.person.sex, birth_date=access.person.birth_date,
                          measurements=health.measurements, corrected=True, gestational_age_days=ga)
              for key in ("wfa", "lhfa")] if access.person.birth_date and health.measurements else []
    html = render_to_string("health/summary_pdf.html", {
        "health": health, "person": access.person, "family": access.family, "printed_on": today,
        "birth_ga": str(GestationalAge(days=ga)) if ga is not None else "", "charts": charts,
        "printed_by": request.user})
    return HTML(string=html).write_pdf()
