from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from spalk.accounts import views as accounts_views
from spalk.api.api import api
from spalk.home import health
from spalk.home import views as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("design/", home_views.design_reference, name="design"),
    path("healthz", health.healthz, name="healthz"),
    # spalk sends no e-mail: a forgotten password goes through the centre administrator, who also manages
    # e-mail addresses (see spalk.accounts.views); both placed before allauth's own routes
    path("accounts/password/reset/", accounts_views.password_reset_info, name="password_reset_info"),
    path("accounts/email/", accounts_views.email_managed, name="email_managed"),
    path("accounts/", include("allauth.urls")),
    path("staff/", include("spalk.accounts.urls")),
    path("centres/", include("spalk.centres.urls")),
    path("families/", include("spalk.families.urls")),
    path("access/", include("spalk.access.urls")),
    path("intake/", include("spalk.intake.urls")),
    path("partners/", include("spalk.partners.urls")),
    path("stays/", include("spalk.stays.urls")),
    path("presence/", include("spalk.presence.urls")),
    path("agenda/", include("spalk.agenda.urls")),
    path("logbook/", include("spalk.logbook.urls")),
    path("plans/", include("spalk.plans.urls")),
    path("safety/", include("spalk.safety.urls")),
    path("health/", include("spalk.health.urls")),
    path("network/", include("spalk.network.urls")),
    path("notifications/", include("spalk.notifications.urls")),
    path("methods/", include("spalk.methods.urls")),
    path("finance/", include("spalk.finance.urls")),
    path("jobs/", include("spalk.jobs.urls")),
    path("search/", include("spalk.search.urls")),
    path("trajectories/", include("spalk.trajectories.urls")),
    path("audit/", include("spalk.audit.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]

handler400 = "spalk.core.views.error_400"
handler403 = "spalk.core.views.error_403"
handler404 = "spalk.core.views.error_404"
handler500 = "spalk.core.views.error_500"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
