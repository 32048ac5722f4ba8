"""The start screen's registry of work items.

Every app that has work to show on the start screen registers a *provider* in its own ``home.py``
(discovered when Django starts). A provider receives the ``HomeContext`` of the person who opens the
start screen and returns zero, one or more ``WorkItem``; the home view renders whatever the providers
return, in their order, and is never edited for a new capability.

A provider decides itself whether it has work for this person, and computes it only through the access
policy (``visible_*`` selectors, ``staff_centres``, ``intake_centres`` ...): it shows nothing the person
could not open. It keeps its query count flat (no query per row) and lists the families whose data it
shows in ``family_ids`` so that the start screen's read is audited.

    # spalk/<app>/home.py
    from spalk.home.registry import HomeContext, WorkItem, WorkRow, register

    @register("<app>.<what>", order=40)
    def my_item(ctx: HomeContext) -> WorkItem | None:
        ...
"""

from __future__ import annotations

import datetime
import enum
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class Urgency(enum.StrEnum):
    """How soon an item needs attention. Shown as a word as well as a colour (never by colour alone)."""

    do_not_call_in_templates = enum.nonmember(True)

    INFO = "info"  # for information: nothing to do
    TODO = "todo"  # work waiting
    SOON = "soon"  # a deadline is near
    OVERDUE = "overdue"  # past a deadline or a maximum

    @property
    def label(self) -> str:
        return str(URGENCY_LABELS[self])


URGENCY_LABELS = {
    Urgency.INFO: _("For information"),
    Urgency.TODO: _("To do"),
    Urgency.SOON: _("Due soon"),
    Urgency.OVERDUE: _("Overdue"),
}


@dataclass(frozen=True)
class WorkRow:
    """One line of an item's list: a family, a unit, a registration ..."""

    label: str
    url: str = ""
    detail: str = ""  # a short second line (people and ages, what is due)
    badges: tuple[str, ...] = ()  # short alerts, written out ("zwanger", "crisisopvang")
    urgency: Urgency = Urgency.INFO


@dataclass(frozen=True)
class WorkItem:
    """One card of the start screen: a title, a count, where the work is done and optionally its rows."""

    key: str  # stable, e.g. "stays.tonight": tests and styles refer to it
    title: str
    url: str  # where the work is done
    count: int | None = None
    count_label: str = ""  # what the count counts ("persons"), shown under it
    urgency: Urgency = Urgency.INFO
    summary: str = ""  # one sentence under the title
    rows: tuple[WorkRow, ...] = ()
    more: int = 0  # rows left off the card (the page behind ``url`` shows them)
    link_label: str = ""  # text of the link to ``url``; "Open" when empty
    family_ids: tuple[int, ...] = ()  # families whose data the item shows (audited)


@dataclass
class HomeContext:
    """What a provider gets: the person, today's date and the moment, and a small cache to share work."""

    user: Any
    today: datetime.date
    now: datetime.datetime
    cache: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[HomeContext], "WorkItem | Iterable[WorkItem] | None"]


@dataclass(frozen=True)
class _Registration:
    key: str
    order: int
    provider: Provider


_registry: dict[str, _Registration] = {}


def register(key: str, *, order: int = 100) -> Callable[[Provider], Provider]:
    """Register a provider under a stable key (``"<app>.<what>"``); ``order`` places it on the screen."""

    def decorator(provider: Provider) -> Provider:
        _registry[key] = _Registration(key=key, order=order, provider=provider)
        return provider

    return decorator


def unregister(key: str) -> None:
    _registry.pop(key, None)


def registered() -> list[str]:
    return [r.key for r in sorted(_registry.values(), key=lambda r: (r.order, r.key))]


def autodiscover() -> None:
    autodiscover_modules("home")


def visible_work_items(*, user, today: datetime.date | None = None) -> list[WorkItem]:
    """Every item the registered providers have for this user, in the providers' order."""
    now = timezone.now()
    ctx = HomeContext(user=user, today=today or timezone.localdate(), now=now)
    items: list[WorkItem] = []
    for reg in sorted(_registry.values(), key=lambda r: (r.order, r.key)):
        result = reg.provider(ctx)
        if result is None:
            continue
        if isinstance(result, WorkItem):
            items.append(result)
        else:
            items.extend(result)
    return items
