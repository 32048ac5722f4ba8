"""One mapping from errors to JSON: 422 with a Dutch message per field, 404 without a leak."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from spalk.api.auth import ReadOnlyToken
from spalk.core.errors import ConcurrentEditError, DomainError

# pydantic error type → message (English source; Dutch through the api catalogue)
PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "string_type": gettext_lazy("Enter text."),
    "string_too_short": gettext_lazy("This text is too short."),
    "string_too_long": gettext_lazy("This text is too long."),
    "string_pattern_mismatch": gettext_lazy("This value does not have the right form."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "float_parsing": gettext_lazy("Enter a number."),
    "bool_type": gettext_lazy("Enter true or false."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "date_type": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "datetime_parsing": gettext_lazy("Enter a moment as YYYY-MM-DDThh:mm."),
    "enum": gettext_lazy("This value is not allowed."),
    "literal_error": gettext_lazy("This value is not allowed."),
    "list_type": gettext_lazy("Enter a list."),
    "dict_type": gettext_lazy("Enter an object."),
    "model_type": gettext_lazy("Enter an object."),
    "too_short": gettext_lazy("This list is too short."),
    "too_long": gettext_lazy("This list is too long."),
    "greater_than_equal": gettext_lazy("This value is too small."),
    "less_than_equal": gettext_lazy("This value is too large."),
    "json_invalid": gettext_lazy("The content is not valid JSON."),
    "extra_forbidden": gettext_lazy("This field is unknown."),
    "value_error": gettext_lazy("This value is not valid."),
    "email": gettext_lazy("Enter a valid e-mail address."),
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
            "msg": str(msg or PYDANTIC_MESSAGES.get(etype, _("This value is not valid."))),
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
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(ReadOnlyToken)
    def _read_only(request, exc):
        return api.create_response(request, {"detail": _("This token may only read. Make a token that may also "
                                                         "change, if the program needs it.")}, status=403)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return api.create_response(request, {"detail": _("Your role does not allow this action.")}, status=403)

    @api.exception_handler(AuthenticationError)
    def _unauthorized(request, exc):
        return api.create_response(request, {"detail": _("No valid token. Use 'Authorization: Bearer "
                                                         "<token>'.")}, status=401)
