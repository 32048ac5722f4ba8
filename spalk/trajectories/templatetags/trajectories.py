"""Template helpers of trajectories. They compute nothing from the database: views pass prefetched data."""

from __future__ import annotations

from django import template

from spalk.trajectories import selectors

register = template.Library()


@register.simple_tag
def intensity_on(supporter, day):
    """The intensity in force on ``day``, from the supporter's prefetched intensities (no query)."""
    return selectors.current_intensity(supporter, day)
