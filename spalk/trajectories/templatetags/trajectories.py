"""The trajectory section of the family page, computed once per page in a fixed number of queries."""

from __future__ import annotations

from django import template
from django.utils import timezone

from spalk.access.policy import Action, can
from spalk.trajectories import selectors, services

register = template.Library()


@register.inclusion_tag("trajectories/_family_section_body.html", takes_context=True)
def trajectory_section(context, family):
    """Timeline of phases, modules and stays, and the supporters ("who to call").

    The family was already accessed by the page's view; ``can`` is cached per request.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    today = timezone.localdate()
    trajectories = selectors.trajectory_list(family=family)
    supporters = selectors.supporter_list(family=family)
    overview = selectors.supporter_overview(supporters=supporters, today=today)
    episodes = [e for t in trajectories if t.closed_on is None for e in t.episodes.all()]
    warnings = services.stay_warnings(episodes=episodes, centre_id=family.centre_id, today=today)
    return {
        "family": family, "trajectories": trajectories, "open": next((t for t in trajectories if t.is_open), None),
        "supporters": overview, "today": today, "warnings": warnings,
        "centre": family.centre if overview.who_to_call is None else None,
        "can_edit": bool(user) and can(user=user, family=family, action=Action.EDIT),
    }


@register.simple_tag
def intensity_on(supporter, day):
    return selectors.current_intensity(supporter, day)
