"""Every app's API router is registered here, so the whole /api/v1/ surface is visible in one place."""

from __future__ import annotations

from ninja import NinjaAPI


def register(api: NinjaAPI) -> None:
    from spalk.centres.api import router as centres_router
    from spalk.families.api import router as families_router

    api.add_router("/centres", centres_router)
    api.add_router("/families", families_router)
    from spalk.stays.api import router as stays_router
    from spalk.trajectories.api import router as trajectories_router

    api.add_router("/trajectories", trajectories_router)
    api.add_router("/stays", stays_router)
    from spalk.intake.api import router as intake_router

    api.add_router("/intake", intake_router)
    from spalk.partners.api import router as partners_router

    api.add_router("/partners", partners_router)
    from spalk.presence.api import router as presence_router

    api.add_router("/presence", presence_router)
    from spalk.logbook.api import router as logbook_router

    api.add_router("/logbook", logbook_router)
    from spalk.plans.api import router as plans_router

    api.add_router("", plans_router)
    from spalk.search.api import router as search_router

    api.add_router("/search", search_router)
    from spalk.agenda.api import router as agenda_router

    api.add_router("/agenda", agenda_router)
    from spalk.finance.api import router as finance_router

    api.add_router("/finance", finance_router)
    from spalk.safety.api import router as safety_router

    api.add_router("/safety", safety_router)
    from spalk.health.api import router as health_router

    api.add_router("", health_router)
    from spalk.network.api import router as network_router

    api.add_router("/network", network_router)
