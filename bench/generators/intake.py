"""Intake registrations (spalk.intake, issue 4): generated once its models exist."""

from __future__ import annotations

from bench.generators.base import Context

NAME = "intake"


def available() -> bool:
    from django.apps import apps

    return bool(list(apps.get_app_config("intake").get_models()))


def generate(ctx: Context) -> None:
    raise NotImplementedError("models exist, generator not written yet")
