"""The one error type for broken domain rules; views and the API map it to a Dutch message."""

from __future__ import annotations


class DomainError(Exception):
    """A rule across records was broken. ``message`` is Dutch and tells the person what to do next."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class ConcurrentEditError(DomainError):
    """Someone else saved the record after this person opened it (optimistic locking)."""

    def __init__(self, message: str | None = None) -> None:
        from django.utils.translation import gettext

        super().__init__(
            message
            or gettext(
                "Iemand anders heeft dit intussen gewijzigd. Uw invoer staat hieronder nog; "
                "bekijk de nieuwe gegevens en sla opnieuw op."
            ),
            code="conflict",
        )
