"""Writes of families and persons. Every write and its audit row share one transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.families.models import Family, FamilyMember, MemberRole, Person

FAMILY_FIELDS = ["name", "street", "postal_code", "city", "phone", "languages"]
PERSON_FIELDS = ["first_name", "last_name", "birth_date", "expected_birth_date", "sex", "national_number",
                 "phone", "email"]
MEMBER_FIELDS = ["role", "relation", "pregnant", "start_date", "end_date"]


def _next_reference(centre: Centre) -> str:
    """Dossier number per centre and year: ``ANK-2026-0007``. Serialised by a row lock on the centre."""
    Centre.objects.select_for_update().filter(pk=centre.pk).first()
    year = timezone.localdate().year
    prefix = f"{centre.short_name.upper()[:6]}-{year}-"
    last = (Family.objects.filter(centre=centre, reference__startswith=prefix)
            .order_by("-reference").values_list("reference", flat=True).first())
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def family_create(*, actor: Any, centre: Centre, data: dict[str, Any]) -> Family:
    with transaction.atomic():
        family = Family(centre=centre, created_by=actor if getattr(actor, "pk", None) else None,
                        reference=_next_reference(centre),
                        **{k: data.get(k, "") or "" for k in FAMILY_FIELDS})
        family.full_clean()
        family.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=family,
                     fields=[k for k in FAMILY_FIELDS if data.get(k)] + ["reference"])
    return family


def family_update(*, actor: Any, family: Family, data: dict[str, Any], version: int) -> Family:
    """Update with optimistic locking: ``version`` is the one the person saw when opening the form."""
    with transaction.atomic():
        locked = Family.objects.select_for_update().get(pk=family.pk)
        if locked.version != version:
            raise ConcurrentEditError()
        changed = [k for k in FAMILY_FIELDS if k in data and getattr(locked, k) != (data[k] or "")]
        if not changed:
            return locked
        for k in changed:
            setattr(locked, k, data[k] or "")
        locked.version = F("version") + 1
        locked.save(update_fields=[*changed, "version", "updated_at"])
        locked.refresh_from_db()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, fields=changed)
    return locked


def _check_person_dates(data: dict[str, Any], role: str | None) -> None:
    birth = data.get("birth_date")
    expected = data.get("expected_birth_date")
    today = timezone.localdate()
    if role == MemberRole.UNBORN:
        if birth:
            raise DomainError(_("An unborn child has no birth date yet. Record the child as a child once born."),
                              field="birth_date")
        if not expected:
            raise DomainError(_("Give the expected birth date of the unborn child."), field="expected_birth_date")
    elif role in (MemberRole.PARENT, MemberRole.CHILD) and expected and not birth:
        raise DomainError(_("Only an unborn child has an expected birth date; give the birth date instead."),
                          field="expected_birth_date")
    if birth and birth > today:
        raise DomainError(_("The birth date lies in the future. For an unborn child use the role "
                            "'unborn child' and the expected birth date."), field="birth_date")
    if birth and birth < today - datetime.timedelta(days=365 * 120):
        raise DomainError(_("This birth date is more than 120 years ago. Check the year."), field="birth_date")


def _save_person(person: Person) -> None:
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        if "person_national_number_unique" in str(exc):
            raise DomainError(
                _("A person with this national number is already known in this centre. Search for that "
                  "person and add them to the family instead of creating them again."),
                field="national_number", code="duplicate",
            ) from None
        raise


def member_add(*, actor: Any, family: Family, person_data: dict[str, Any], role: str,
               relation: str = "", pregnant: bool = False, person: Person | None = None) -> FamilyMember:
    """Add a member: a new person (``person_data``) or an existing one of the same centre (``person``)."""
    with transaction.atomic():
        if person is None:
            _check_person_dates(person_data, role)
            person = Person(centre=family.centre, **{k: person_data.get(k) for k in PERSON_FIELDS
                                                     if person_data.get(k) not in (None, "")})
            person.full_clean(validate_unique=False, validate_constraints=False)
            _save_person(person)
            audit_record(actor=actor, action=AuditAction.CREATE, target=person, family=family,
                         fields=[k for k in PERSON_FIELDS if person_data.get(k)])
        elif person.centre_id != family.centre_id:
            raise DomainError(_("This person belongs to another centre's dossier."), field="person")
        if FamilyMember.objects.filter(family=family, person=person).exists():
            raise DomainError(_("This person is already a member of this family."), field="person")
        if pregnant and role != MemberRole.PARENT:
            raise DomainError(_("Only a parent can be marked as pregnant."), field="pregnant")
        member = FamilyMember.objects.create(family=family, person=person, role=role, relation=relation,
                                             pregnant=pregnant, start_date=timezone.localdate())
        audit_record(actor=actor, action=AuditAction.CREATE, target=member, family=family, person=person,
                     fields=["role", "relation", "pregnant"])
        Family.objects.filter(pk=family.pk).update(version=F("version") + 1)
    return member


def person_update(*, actor: Any, person: Person, data: dict[str, Any], version: int,
                  family: Family | None = None, role: str | None = None) -> Person:
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.version != version:
            raise ConcurrentEditError()
        _check_person_dates({**{k: getattr(locked, k) for k in PERSON_FIELDS}, **data}, role)
        changed = []
        for k in PERSON_FIELDS:
            if k not in data:
                continue
            new = data[k] if data[k] is not None else ("" if k not in ("birth_date", "expected_birth_date")
                                                       else None)
            if getattr(locked, k) != new:
                setattr(locked, k, new)
                changed.append(k)
        if not changed:
            return locked
        locked.full_clean(validate_unique=False, validate_constraints=False)
        locked.version = F("version") + 1
        _save_person(locked)
        locked.refresh_from_db()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=family, fields=changed)
    return locked

