"""Hooks for capabilities that come later.

``child_safety_signal`` is sent (after commit) when an incident of kind "child-safety signal" is reported.
The safety capability (Kindreflex, BRIEF.md §6) connects a receiver that opens its procedure and returns
its reference; ``incidents.incident_report`` stores that reference in ``Incident.safety_procedure_ref``.
"""

from __future__ import annotations

import django.dispatch

child_safety_signal = django.dispatch.Signal()  # sender=Incident, incident=..., actor=...
