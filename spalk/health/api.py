"""/api/v1 health (issue 13), through the health policy and audit.

Contract (keep it stable):
- ``POST /persons/{person_id}/growth-measurements`` with ``{"date", "weight_kg", "length_cm",
  "head_circumference_cm"}`` → 201 the stored measurement with ``age_days`` and the five WHO z-scores (2 decimals;
  null when not computable, outside the standard's range, or when the person's sex is not "f" or "m"); 422 with a
  Dutch message for a date before birth or in the future and for negative or absurd values;
- ``GET /persons/{person_id}/growth-measurements`` → the measurements, oldest first;
- ``GET /persons/{person_id}/health`` → allergies, medications and the vaccination status.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from ninja import Router, Status

from spalk.access.declare import dossier
from spalk.access.policy import Action, access_health_person, visible_health
from spalk.health import schemas, selectors, services
from spalk.health.marks import ERROR_FREE
from spalk.health.models import Allergy, GrowthMeasurement, Medication

router = Router(tags=["health"])


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _measurement(m: GrowthMeasurement) -> dict:
    return {"id": m.pk, "person_id": m.person_id, "date": m.measured_on, "weight_kg": _float(m.weight_kg),
            "length_cm": _float(m.length_cm), "head_circumference_cm": _float(m.head_circumference_cm),
            "age_days": m.age_days, "weight_for_age_z": _float(m.weight_for_age_z),
            "length_for_age_z": _float(m.length_for_age_z),
            "head_circumference_for_age_z": _float(m.head_circumference_for_age_z),
            "weight_for_length_z": _float(m.weight_for_length_z), "bmi_for_age_z": _float(m.bmi_for_age_z)}


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@router.post("/persons/{person_id}/growth-measurements", response={201: schemas.GrowthMeasurementOut},
             summary="Groeimeting toevoegen (z-scores volgens de WHO-groeicurven 2006)")
@dossier
def add_growth_measurement(request, person_id: int, payload: schemas.GrowthMeasurementIn):
    access = access_health_person(user=request.auth, person_id=person_id, action=Action.EDIT)
    measurement = services.growth_measurement_add(actor=request.auth, access=access, data=services.GrowthInput(
        measured_on=payload.date, weight_kg=_decimal(payload.weight_kg), length_cm=_decimal(payload.length_cm),
        head_circumference_cm=_decimal(payload.head_circumference_cm)))
    return Status(201, _measurement(measurement))


@router.get("/persons/{person_id}/growth-measurements", response=list[schemas.GrowthMeasurementOut],
            summary="Groeimetingen van een persoon")
@dossier
def list_growth_measurements(request, person_id: int):
    access = access_health_person(user=request.auth, person_id=person_id)
    measurements = visible_health(GrowthMeasurement, user=request.auth, family=access.family, full=access.full)
    return [_measurement(m) for m in measurements.filter(ERROR_FREE, person=access.person).order_by("measured_on",
                                                                                                      "pk")]


@router.get("/persons/{person_id}/health", response=schemas.HealthSummaryOut,
            summary="Gezondheid van een persoon: allergieën, medicatie, vaccinaties")
@dossier
def health_summary(request, person_id: int):
    access = access_health_person(user=request.auth, person_id=person_id)
    today = timezone.localdate()
    allergies = visible_health(Allergy, user=request.auth, family=access.family, full=access.full).filter(
        ERROR_FREE, person=access.person, is_active=True)
    medications = visible_health(Medication, user=request.auth, family=access.family, full=access.full).filter(
        ERROR_FREE, person=access.person)
    statuses = selectors.vaccination_status(user=request.auth, access=access, today=today)
    return {"person_id": access.person.pk, "full": access.full,
            "expected_birth_date": access.person.expected_birth_date,
            "allergies": [a.substance for a in allergies], "medications": [f"{m.name} {m.dose}" for m in medications],
            "vaccinations": [{"vaccine": s.dose.vaccine, "dose_number": s.dose.number, "due_on": s.due_on,
                              "status": s.status, "given_on": getattr(s.given, "given_on", None)}
                             for s in statuses]}


from spalk.health import api_records  # noqa: E402, F401 - registers the other records' endpoints on this router
