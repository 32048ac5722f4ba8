"""/api/v1 health records beyond growth (issue 13): pregnancies and their consultations, Kind en Gezin
consultations, vaccinations with their due/given/overdue status, medications and their administration log,
allergies, milestones and Gordon assessments — read and written through the health policy, every write audited by
its service, every read by the request's ledger. Corrections as on the screens: entered in error (any kind, with a
reason) and the withholding mark, never a deletion.

Errors as everywhere in the API (spalk/api/errors.py): 422 with a Dutch message per field, 409 on a version conflict,
403 for a family one sees but whose health one may not (or a write for a reader), 404 otherwise. Lists leave out what
was entered in error unless ``include_errors=true``.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Status

from spalk.access.declare import dossier
from spalk.access.policy import (
    Action,
    HealthAccess,
    access_gordon_assessment,
    access_health_person,
    access_health_record,
    access_medication,
    access_medication_administration,
    access_pregnancy,
    can_log_medication,
    visible_health,
    visible_medication_log,
)
from spalk.core.errors import DomainError
from spalk.health import corrections, schemas, selectors, services
from spalk.health.api import router
from spalk.health.gestation import gestational_age
from spalk.health.marks import ERROR_FREE
from spalk.health.models import (
    Allergy,
    Consultation,
    ConsultationKind,
    GordonAssessment,
    Medication,
    MedicationAdministration,
    Milestone,
    MilestoneObservation,
    Pregnancy,
    VaccinationDose,
)


def _mark(record) -> dict | None:
    return {"at": record.error_at, "reason": record.error_reason} if record.error_at is not None else None


def _base(record) -> dict[str, Any]:
    return {"id": record.pk, "person_id": record.person_id, "version": record.version,
            "shared_with_team": record.shared_with_team, "withheld_from_family": record.withheld_from_family,
            "entered_in_error": _mark(record)}


def _mine(model, request, access: HealthAccess, include_errors: bool):
    qs = visible_health(model, user=request.auth, family=access.family, full=access.full).filter(
        person=access.person)
    return qs if include_errors else qs.filter(ERROR_FREE)


def _consultation(c: Consultation) -> dict:
    return {**_base(c), "kind": c.kind, "pregnancy_id": c.pregnancy_id, "held_on": c.held_on,
            "with_whom": c.with_whom, "notes": c.notes, "next_on": c.next_on}


def _pregnancy(p: Pregnancy, consultations: list[Consultation]) -> dict:
    return {**_base(p), "unborn_person_id": p.unborn_id, "expected_date": p.expected_date,
            "last_period_date": p.last_period_date,
            "gestational_age_today": str(gestational_age(expected_date=p.expected_date, on=timezone.localdate())),
            "risks": p.risks, "birth_plan": p.birth_plan, "hospital": p.hospital, "status": p.status,
            "ended_on": p.ended_on, "consultations": [_consultation(c) for c in consultations]}


def _dose(d: VaccinationDose) -> dict:
    return {**_base(d), "vaccine": d.vaccine, "dose_number": d.dose_number, "given_on": d.given_on,
            "product": d.product, "batch": d.batch, "given_by": d.given_by}


def _medication(m: Medication) -> dict:
    return {**_base(m), "name": m.name, "dose": m.dose, "route": m.route, "times": m.time_list(),
            "start_on": m.start_on, "end_on": m.end_on, "prescribed_by": m.prescribed_by,
            "instructions": m.instructions}


def _administration(line: MedicationAdministration) -> dict:
    return {"id": line.pk, "medication_id": line.medication_id, "person_id": line.person_id,
            "scheduled_for": line.scheduled_for, "given_at": line.given_at, "status": line.status,
            "given_by": line.given_by.get_full_name() or line.given_by.email, "note": line.note,
            "entered_in_error": _mark(line)}


def _allergy(a: Allergy) -> dict:
    return {**_base(a), "substance": a.substance, "reaction": a.reaction, "severity": a.severity,
            "noted_on": a.noted_on, "is_active": a.is_active, "resolved_on": a.resolved_on}


def _observation(o: MilestoneObservation) -> dict:
    return {**_base(o), "milestone": o.milestone.code, "observed_on": o.observed_on, "status": o.status,
            "achieved_on": o.achieved_on, "note": o.note}


def _gordon(g: GordonAssessment) -> dict:
    return {**_base(g), "assessed_on": g.assessed_on, "summary": g.summary,
            "patterns": [{"code": code, "label": label, "observation": obs, "concern": concern}
                         for code, label, obs, concern in g.pattern_rows()]}


# --- pregnancies and consultations ------------------------------------------------------------------------------

@router.get("/persons/{person_id}/pregnancies", response=list[schemas.PregnancyOut],
            summary="Zwangerschappen van een persoon, met hun prenatale consultaties")
@dossier
def list_pregnancies(request, person_id: int, include_errors: bool = False):
    access = access_health_person(user=request.auth, person_id=person_id)
    pregnancies = list(_mine(Pregnancy, request, access, include_errors).order_by("-expected_date", "-pk"))
    by_pregnancy: dict[int, list[Consultation]] = {}
    for c in _mine(Consultation, request, access, include_errors).filter(pregnancy__isnull=False):
        by_pregnancy.setdefault(c.pregnancy_id or 0, []).append(c)
    return [_pregnancy(p, by_pregnancy.get(p.pk, [])) for p in pregnancies]


@router.post("/persons/{person_id}/pregnancies", response={201: schemas.PregnancyOut},
             summary="Een zwangerschap registreren (de moeder)")
@dossier
def add_pregnancy(request, person_id: int, payload: schemas.PregnancyIn):
    access = access_health_person(user=request.auth, person_id=person_id, action=Action.EDIT)
    pregnancy = services.pregnancy_create(actor=request.auth, access=access,
                                          data=services.PregnancyInput(**payload.dict()))
    return Status(201, _pregnancy(pregnancy, []))


@router.get("/health/pregnancies/{pregnancy_id}", response=schemas.PregnancyOut, summary="Een zwangerschap")
@dossier
def get_pregnancy(request, pregnancy_id: int):
    pregnancy = access_pregnancy(user=request.auth, pregnancy_id=pregnancy_id)
    access = access_health_person(user=request.auth, person_id=pregnancy.person_id)
    consultations = list(_mine(Consultation, request, access, False).filter(pregnancy=pregnancy))
    return _pregnancy(pregnancy, consultations)


@router.patch("/health/pregnancies/{pregnancy_id}", response=schemas.PregnancyOut,
              summary="Een zwangerschap wijzigen (met de gelezen versie)")
@dossier
def update_pregnancy(request, pregnancy_id: int, payload: schemas.PregnancyPatch):
    pregnancy = access_pregnancy(user=request.auth, pregnancy_id=pregnancy_id, action=Action.EDIT)
    data = payload.dict()
    version = data.pop("version")
    updated = services.pregnancy_update(actor=request.auth, pregnancy=pregnancy, version=version,
                                        data=services.PregnancyInput(**data))
    return _pregnancy(updated, [])


@router.get("/persons/{person_id}/consultations", response=list[schemas.ConsultationOut],
            summary="Consultaties van een persoon (prenataal en Kind en Gezin)")
@dossier
def list_consultations(request, person_id: int, include_errors: bool = False):
    access = access_health_person(user=request.auth, person_id=person_id)
    return [_consultation(c) for c in _mine(Consultation, request, access, include_errors)]


@router.post("/persons/{person_id}/consultations", response={201: schemas.ConsultationOut},
             summary="Een consultatie toevoegen: prenataal (met pregnancy_id) of Kind en Gezin")
@dossier
def add_consultation(request, person_id: int, payload: schemas.ConsultationIn):
    access = access_health_person(user=request.auth, person_id=person_id, action=Action.EDIT)
    pregnancy = None
    if payload.pregnancy_id is not None:
        try:
            pregnancy = access_pregnancy(user=request.auth, pregnancy_id=payload.pregnancy_id, action=Action.EDIT)
        except Http404:
            raise DomainError(_("This pregnancy does not exist or is not this person's."),
                              field="pregnancy_id") from None
        if pregnancy.person_id != access.person.pk:
            raise DomainError(_("This pregnancy does not exist or is not this person's."), field="pregnancy_id")
    data = payload.dict()
    data.pop("pregnancy_id")
    consultation = services.consultation_add(
        actor=request.auth, access=access, kind=ConsultationKind.PRENATAL if pregnancy else ConsultationKind.KG,
        pregnancy=pregnancy, data=services.ConsultationInput(**data))
    return Status(201, _consultation(consultation))


# --- vaccinations -----------------------------------------------------------------------------------------------

@router.get("/persons/{person_id}/vaccinations", response=schemas.VaccinationsOut,
            summary="Vaccinaties: het basisschema met per dosis gegeven, te geven of achterstallig")
@dossier
def list_vaccinations(request, person_id: int):
    access = access_health_person(user=request.auth, person_id=person_id)
    doses = list(_mine(VaccinationDose, request, access, True))
    statuses = selectors.vaccination_status(user=request.auth, access=access, today=timezone.localdate())
    return {"person_id": access.person.pk, "doses": [_dose(d) for d in doses],
            "schedule": [{"vaccine": s.dose.vaccine, "vaccine_label": s.vaccine_label, "dose_number": s.dose.number,
                          "due_on": s.due_on, "status": s.status,
                          "given": _dose(s.given) if isinstance(s.given, VaccinationDose) else None}
                         for s in statuses]}


@router.post("/persons/{person_id}/vaccinations", response={201: schemas.VaccinationDoseOut},
             summary="Een gegeven vaccinatie registreren")
@dossier
def add_vaccination(request, person_id: int, payload: schemas.VaccinationIn):
    access = access_health_person(user=request.auth, person_id=person_id, action=Action.EDIT)
    dose = services.vaccination_add(actor=request.auth, access=access,
                                    data=services.VaccinationInput(**payload.dict()))
    return Status(201, _dose(dose))


# --- medication and the administration log ----------------------------------------------------------------------

@router.get("/persons/{person_id}/medications", response=list[schemas.MedicationOut],
            summary="Medicatielijst van een persoon")
@dossier
def list_medications(request, person_id: int, include_errors: bool = False):
    access = access_health_person(user=request.auth, person_id=person_id)
    return [_medication(m) for m in _mine(Medication, request, access, include_errors)]


@router.post("/persons/{person_id}/medications", response={201: schemas.MedicationOut},
             summary="Een medicatie toevoegen")
@dossier
def add_medication(request, person_id: int, payload: schemas.MedicationIn):
    access = access_health_person(user=request.auth, person_id=person_id, action=Action.EDIT)
    medication = services.medication_add(actor=request.auth, access=access,
                                         data=services.MedicationInput(**payload.dict()))
    return Status(201, _medication(medication))


@router.get("/health/medications/{medication_id}", response=schemas.MedicationOut, summary="Een medicatie")
@dossier
def get_medication(request, medication_id: int):
    return _medication(access_medication(user=request.auth, medication_id=medication_id))


@router.patch("/health/medications/{medication_id}", response=schemas.MedicationOut,
              summary="Een medicatie wijzigen: dosis, tijdstippen, periode (met de gelezen versie)")
@dossier
def update_medication(request, medication_id: int, payload: schemas.MedicationPatch):
    medication = access_medication(user=request.auth, medication_id=medication_id, action=Action.EDIT)
    data = payload.dict()
    version = data.pop("version")
    return _medication(services.medication_update(actor=request.auth, medication=medication, version=version,
                                                  data=services.MedicationInput(**data)))


@router.post("/health/medications/{medication_id}/stop", response=schemas.MedicationOut,
             summary="Een medicatie stoppen op een datum")
@dossier
def stop_medication(request, medication_id: int, payload: schemas.MedicationStopIn):
    medication = access_medication(user=request.auth, medication_id=medication_id, action=Action.EDIT)
    return _medication(corrections.medication_stop(actor=request.auth, medication=medication,
                                                   version=payload.version, end_on=payload.end_on))


@router.get("/health/medications/{medication_id}/administrations", response=list[schemas.AdministrationOut],
            summary="Toedieningslog van een medicatie (wie gaf wat wanneer), nieuwste eerst")
@dossier
def list_administrations(request, medication_id: int):
    medication = access_medication(user=request.auth, medication_id=medication_id)
    lines = visible_medication_log(user=request.auth, medications=Medication.objects.filter(pk=medication.pk))
    return [_administration(line) for line in lines.select_related("given_by")[:500]]


@router.post("/health/medications/{medication_id}/administrations", response={201: schemas.AdministrationOut},
             summary="Een dosis registreren: gegeven, geweigerd of niet gegeven (met reden)")
@dossier
def add_administration(request, medication_id: int, payload: schemas.AdministrationIn):
    medication = access_medication(user=request.auth, medication_id=medication_id)
    if not can_log_medication(user=request.auth, medication=medication):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    line = services.administration_log(actor=request.auth, medication=medication, status=payload.status,
                                       given_at=payload.given_at or timezone.now(),
                                       scheduled_for=payload.scheduled_for, note=payload.note)
    return Status(201, _administration(line))


# --- allergies --------------------------------------------------------------------------------------------------

@router.get("/persons/{person_id}/allergies", response=list[schemas.AllergyOut], summary="Allergieën")
@dossier
def list_allergies(request, person_id: int, include_errors: bool = False):
    access = access_health_person(user=request.auth, person_id=person_id)
    return [_allergy(a) for a in _mine(Allergy, request, access, include_errors)]


@router.post("/persons/{person_id}/allergies", response={201: schemas.AllergyOut}, summary="Een allergie toevoegen")
@dossier
def add_allergy(request, person_id: int, payload: schemas.AllergyIn):
    access = access_health_person(user=request.auth, person_id=person_id, action=Action.EDIT)
    return Status(201, _allergy(services.allergy_add(actor=request.auth, access=access, **payload.dict())))


@router.post("/health/allergies/{allergy_id}/end", response=schemas.AllergyOut,
             summary="Een allergie beëindigen (niet meer aanwezig sinds)")
@dossier
def end_allergy(request, allergy_id: int, payload: schemas.AllergyEndIn):
    allergy = access_health_record(Allergy, user=request.auth, record_id=allergy_id, action=Action.EDIT)
    return _allergy(corrections.allergy_end(actor=request.auth, allergy=allergy, version=payload.version,
                                            resolved_on=payload.resolved_on))


# --- milestones -------------------------------------------------------------------------------------------------

@router.get("/persons/{person_id}/milestones", response=list[schemas.MilestoneOut],
            summary="Ontwikkelingsmijlpalen (WHO) met venster, de waarnemingen en wat buiten het venster valt")
@dossier
def list_milestones(request, person_id: int):
    access = access_health_person(user=request.auth, person_id=person_id)
    rows = selectors.milestones_of(user=request.auth, access=access, today=timezone.localdate())
    return [{"code": r.milestone.code, "name": r.milestone.name,
             "window_start_months": float(r.milestone.window_start_months),
             "window_end_months": float(r.milestone.window_end_months), "source": r.milestone.source,
             "flag": r.flag, "outside_window": r.outside_window,
             "achieved_on": r.achieved.achieved_on if r.achieved else None,
             "age_at_achievement_months": float(r.age_at_achievement) if r.age_at_achievement is not None else None,
             "observations": [_observation(o) for o in r.observations]} for r in rows]


@router.post("/persons/{person_id}/milestones", response={201: schemas.MilestoneObservationOut},
             summary="Een mijlpaal noteren: bereikt op een datum of nog niet")
@dossier
def add_milestone(request, person_id: int, payload: schemas.MilestoneIn):
    access = access_health_person(user=request.auth, person_id=person_id, action=Action.EDIT)
    milestone = Milestone.objects.filter(code=payload.milestone, is_active=True).first()
    if milestone is None:
        raise DomainError(_("Choose a milestone from the list (for example walking-alone)."), field="milestone")
    data = payload.dict()
    data.pop("milestone")
    observation = services.milestone_record(actor=request.auth, access=access,
                                            data=services.MilestoneInput(milestone_id=milestone.pk, **data))
    return Status(201, _observation(observation))


# --- Gordon -----------------------------------------------------------------------------------------------------

@router.get("/persons/{person_id}/gordon-assessments", response=list[schemas.GordonOut],
            summary="Gordon-beoordelingen van een persoon, nieuwste eerst")
@dossier
def list_gordon(request, person_id: int, include_errors: bool = False):
    access = access_health_person(user=request.auth, person_id=person_id)
    return [_gordon(g) for g in _mine(GordonAssessment, request, access, include_errors)]


@router.post("/persons/{person_id}/gordon-assessments", response={201: schemas.GordonOut},
             summary="Een Gordon-beoordeling toevoegen (functionele gezondheidspatronen)")
@dossier
def add_gordon(request, person_id: int, payload: schemas.GordonIn):
    access = access_health_person(user=request.auth, person_id=person_id, action=Action.EDIT)
    assessment = services.gordon_save(actor=request.auth, access=access, assessed_on=payload.assessed_on,
                                      answers={k: v.dict() for k, v in payload.answers.items()},
                                      summary=payload.summary, shared_with_team=payload.shared_with_team)
    return Status(201, _gordon(assessment))


@router.get("/health/gordon-assessments/{assessment_id}", response=schemas.GordonOut,
            summary="Een Gordon-beoordeling")
@dossier
def get_gordon(request, assessment_id: int):
    return _gordon(access_gordon_assessment(user=request.auth, assessment_id=assessment_id))


# --- corrections: entered in error, withheld from the family ----------------------------------------------------

def _correctable(request, kind: str, record_id: int):
    spec = corrections.KINDS.get(kind)
    if spec is None:
        raise Http404
    if spec.model is MedicationAdministration:
        return spec, access_medication_administration(user=request.auth, administration_id=record_id,
                                                      action=Action.EDIT)
    return spec, access_health_record(spec.model, user=request.auth, record_id=record_id, action=Action.EDIT)


def _corrected(spec, record) -> dict:
    return {"kind": spec.slug, "id": record.pk, "version": getattr(record, "version", None),
            "withheld_from_family": getattr(record, "withheld_from_family", None),
            "entered_in_error": _mark(record)}


@router.post("/health/records/{kind}/{record_id}/error", response=schemas.CorrectedOut,
             summary="Een gegeven markeren als ingevoerd in vergissing (met reden; nooit gewist). kind: "
                     "measurements, vaccinations, consultations, allergies, medications, entries, milestones, "
                     "gordon, administrations")
@dossier
def mark_error(request, kind: str, record_id: int, payload: schemas.ErrorIn):
    spec, record = _correctable(request, kind, record_id)
    return _corrected(spec, corrections.record_mark_error(actor=request.auth, record=record, reason=payload.reason,
                                                          version=payload.version))


@router.post("/health/records/{kind}/{record_id}/withhold", response=schemas.CorrectedOut,
             summary="Een gegeven afschermen voor het gezin (met reden) of de afscherming opheffen")
@dossier
def withhold(request, kind: str, record_id: int, payload: schemas.WithholdIn):
    spec, record = _correctable(request, kind, record_id)
    if not spec.withholdable:
        raise Http404
    return _corrected(spec, corrections.record_withhold(actor=request.auth, record=record, version=payload.version,
                                                        withheld=payload.withheld, reason=payload.reason))
