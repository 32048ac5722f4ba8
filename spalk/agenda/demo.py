"""Fictional appointments for the demo families: K&G consultations, school, GP, a court hearing, childcare while
a parent is at school, over this week and the next. Idempotent: a family that has appointments is left alone.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from spalk.access.models import FamilyAssignment
from spalk.agenda.models import Appointment, AppointmentKind
from spalk.families.models import Family, MemberRole

PLAN = [  # (day offset from this Monday, hour, minutes long, kind, title, where, who, childcare)
    (0, 9, 30, AppointmentKind.KG_CONSULTATION, "Consult Kind en Gezin: wegen en meten", "Consultatiebureau",
     "child", False),
    (1, 8, 240, AppointmentKind.CHILDCARE, "Opvang in huis terwijl mama naar school gaat", "Leefgroep", "child", False),
    (2, 14, 45, AppointmentKind.GP, "Huisarts: hoest van de kleine", "Huisartsenpraktijk De Linde", "child", False),
    (3, 10, 60, AppointmentKind.CONVERSATION, "Gesprek over het handelingsplan", "Gesprekslokaal 1", "parent", True),
    (8, 13, 90, AppointmentKind.COURT_HEARING, "Zitting jeugdrechtbank", "Justitiepaleis", "parent", True),
    (9, 9, 60, AppointmentKind.SCHOOL, "Oudercontact kleuterschool", "Basisschool De Regenboog", "parent", False),
]


def load(*, stdout) -> None:
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    count = 0
    families = Family.objects.filter(appointments__isnull=True).prefetch_related("members__person").order_by("pk")
    for index, family in enumerate(families):
        members = list(family.members.all())
        parents = [m.person for m in members if m.role == MemberRole.PARENT]
        children = [m.person for m in members if m.role == MemberRole.CHILD]
        staff = [a.user for a in FamilyAssignment.objects.filter(family=family).select_related("user")[:2]]
        if not parents:
            continue
        for offset, hour, minutes, kind, title, where, who, childcare in PLAN[index % 3:index % 3 + 4]:
            persons = children if who == "child" else parents
            if not persons:
                continue
            starts = timezone.make_aware(datetime.datetime.combine(
                monday + datetime.timedelta(days=offset), datetime.time(hour, 0)))
            appointment = Appointment.objects.create(
                family=family, kind=kind, title=title, location=where, starts_at=starts,
                ends_at=starts + datetime.timedelta(minutes=minutes), childcare_needed=childcare and bool(children))
            appointment.persons.set(persons)
            appointment.staff.set(staff)
            count += 1
    stdout.write(f"agenda: {count} appointments\n")
