"""The one error type for broken domain rules; views and the API map it to a Dutch message."""

from __future__ import annotations

from collections.abc import Iterable


class DomainError(Exception):
    """A rule across records was broken. ``message`` is Dutch and tells the person what to do next."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    @property
    def errors(self) -> list[DomainError]:
        """Every broken rule this error stands for (one, unless it is a ``DomainErrors``)."""
        return [self]


class DomainErrors(DomainError):
    """Several rules broken at once, so that a person sees and fixes them in one go.

    Services collect the rules they can check together and raise this; forms show each error on its
    field, the API lists each one. ``message`` is the first error's, for callers that show one line.
    """

    def __init__(self, errors: Iterable[DomainError]) -> None:
        self._errors = [e for error in errors for e in error.errors]
        if not self._errors:
            raise ValueError("DomainErrors needs at least one error")
        first = self._errors[0]
        super().__init__(first.message, field=first.field, code=first.code)

    @property
    def errors(self) -> list[DomainError]:
        return list(self._errors)


def raise_if_any(errors: Iterable[DomainError]) -> None:
    """Raise the collected errors together (``DomainErrors``), the single one as itself, or nothing."""
    errors = list(errors)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise DomainErrors(errors)


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
