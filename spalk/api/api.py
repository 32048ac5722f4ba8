"""The JSON API, /api/v1/. Every router goes through the access policy and the audit trail."""

from __future__ import annotations

from ninja import NinjaAPI

from spalk.api.auth import BearerToken
from spalk.api.errors import install_error_handlers

api = NinjaAPI(
    title="spalk API",
    version="1",
    description="API van spalk. Authenticatie met een Bearer-token (aan te maken in spalk of met "
    "`python manage.py create_api_token <e-mail>`). Een token handelt met de rechten van zijn gebruiker.",
    auth=BearerToken(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)

from spalk.api.routers import register  # noqa: E402 - routers import the api's schemas

register(api)
