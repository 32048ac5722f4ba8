"""One mapping from errors to JSON: 422 with a Dutch message per field, 404 without a leak."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from spalk.core.errors import ConcurrentEditError, DomainError

# pydantic error type → Dutch message
PYDANTIC_MESSAGES = {
    "missing": "Dit veld is verplicht.",
    "string_type": "Geef tekst in.",
    "string_too_short": "Deze tekst is te kort.",
    "string_too_long": "Deze tekst is te lang.",
    "string_pattern_mismatch": "Deze waarde heeft niet de juiste vorm.",
    "int_type": "Geef een geheel getal in.",
    "int_parsing": "Geef een geheel getal in.",
    "float_parsing": "Geef een getal in.",
    "bool_type": "Geef true of false in.",
    "bool_parsing": "Geef true of false in.",
    "date_type": "Geef een datum in als JJJJ-MM-DD.",
    "date_parsing": "Geef een datum in als JJJJ-MM-DD.",
    "date_from_datetime_parsing": "Geef een datum in als JJJJ-MM-DD.",
    "datetime_parsing": "Geef een tijdstip in als JJJJ-MM-DDTuu:mm.",
    "enum": "Deze waarde is niet toegelaten.",
    "literal_error": "Deze waarde is niet toegelaten.",
    "list_type": "Geef een lijst in.",
    "dict_type": "Geef een object in.",
    "model_type": "Geef een object in.",
    "too_short": "Deze lijst is te kort.",
    "too_long": "Deze lijst is te lang.",
    "greater_than_equal": "Deze waarde is te klein.",
    "less_than_equal": "Deze waarde is te groot.",
    "json_invalid": "De inhoud is geen geldige JSON.",
    "extra_forbidden": "Dit veld is onbekend.",
    "value_error": "Deze waarde is ongeldig.",
    "email": "Geef een geldig e-mailadres in.",
}


def _field_from_loc(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path", "data")]
    return ".".join(parts)


def dutch_validation_errors(errors: list[dict]) -> list[dict]:
    out = []
    for err in errors:
        etype = err.get("type", "")
        msg = err.get("ctx", {}).get("dutch") if isinstance(err.get("ctx"), dict) else None
        if not msg and etype == "value_error":
            raw = str(err.get("msg", ""))
            msg = raw.removeprefix("Value error, ") if raw.startswith("Value error, ") else None
        out.append({
            "loc": list(err.get("loc", [])),
            "field": _field_from_loc(err.get("loc", [])),
            "type": etype,
            "msg": msg or PYDANTIC_MESSAGES.get(etype, "Deze waarde is ongeldig."),
        })
    return out


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def _validation(request, exc: ValidationError):
        return api.create_response(request, {"detail": dutch_validation_errors(exc.errors)}, status=422)

    @api.exception_handler(ConcurrentEditError)
    def _conflict(request, exc: ConcurrentEditError):
        return api.create_response(request, {"detail": [{"loc": ["body", "version"], "field": "version",
                                                          "type": "conflict", "msg": exc.message}]}, status=409)

    @api.exception_handler(DomainError)
    def _domain(request, exc: DomainError):
        detail = [{"loc": ["body", e.field] if e.field else ["body"], "field": e.field or "", "type": e.code,
                   "msg": e.message} for e in exc.errors]
        return api.create_response(request, {"detail": detail}, status=422)

    @api.exception_handler(DjangoValidationError)
    def _django_validation(request, exc: DjangoValidationError):
        detail = []
        if hasattr(exc, "error_dict"):
            for field, errs in exc.message_dict.items():
                detail += [{"loc": ["body", field], "field": field, "type": "invalid", "msg": m} for m in errs]
        else:
            detail = [{"loc": ["body"], "field": "", "type": "invalid", "msg": m} for m in exc.messages]
        return api.create_response(request, {"detail": detail}, status=422)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return api.create_response(request, {"detail": _("Niet gevonden.")}, status=404)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return api.create_response(request, {"detail": _("Uw rol laat deze actie niet toe.")}, status=403)

    @api.exception_handler(AuthenticationError)
    def _unauthorized(request, exc):
        return api.create_response(request, {"detail": _("Geen geldig token. Gebruik 'Authorization: Bearer "
                                                         "<token>'.")}, status=401)
