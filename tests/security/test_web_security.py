"""CSRF, CSP, cookies, uploads and error pages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from spalk.accounts.middleware import SESSION_FLAG

ROOT = Path(__file__).resolve().parents[2]


def _signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    session = client.session
    session[SESSION_FLAG] = True
    session.save()
    return client


def test_post_without_csrf_token_is_refused_with_403(director, family):
    client = _signed_in(director, enforce_csrf_checks=True)
    response = client.post(f"/families/{family.pk}/edit/", {"name": "Gezin Overgenomen", "version": family.version})
    assert response.status_code == 403
    family.refresh_from_db()
    assert family.name != "Gezin Overgenomen"
    assert 'lang="nl' in response.content.decode()


def test_post_with_the_csrf_token_passes(director, family):
    client = _signed_in(director, enforce_csrf_checks=True)
    page = client.get(f"/families/{family.pk}/edit/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(f"/families/{family.pk}/edit/", {
        "csrfmiddlewaretoken": token, "name": "Gezin Peeters-Maes", "street": "", "postal_code": "",
        "city": family.city, "phone": "", "languages": "", "version": family.version})
    assert response.status_code == 302


def test_api_ignores_the_session_cookie(director):
    """The API authenticates with a Bearer token only, so a session cookie cannot be abused cross-site."""
    client = _signed_in(director)
    assert client.get("/api/v1/families/").status_code == 401


def test_csp_forbids_inline_script_and_style(director):
    response = _signed_in(director).get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if " " in d.strip())
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_templates_have_no_inline_script_style_or_handlers():
    """What the CSP would block in the browser: inline <script>, style="", on*= attributes."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    style_attr = re.compile(r"\sstyle\s*=", re.I)
    handler = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
    offenders = []
    for path in (ROOT / "spalk").rglob("templates/**/*.html"):
        text = path.read_text()
        for name, pattern in (("inline script", inline_script), ("style attribute", style_attr),
                              ("event handler", handler)):
            for match in pattern.finditer(text):
                if name == "inline script" and 'type="application/json"' in match.group(0):
                    continue  # data, not code (json_script)
                offenders.append(f"{path.relative_to(ROOT)}: {name}: {match.group(0)[:60]}")
    assert offenders == []


def test_cookies_are_secure_httponly_samesite_when_secure_cookies_are_on(director, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client = _signed_in(director)
    response = client.get("/families/")  # the session is saved on every request: Set-Cookie follows
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    login = Client().get("/accounts/login/")
    csrf = login.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"


def test_spalk_secure_cookies_setting_turns_the_flags_on():
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='spalk.settings'; django.setup(); "
            "from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS)")
    env = {**__import__("os").environ, "SPALK_SECURE_COOKIES": "1", "SPALK_TESTING": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                         check=True).stdout.split()
    assert out == ["True", "True", "True", "31536000"]


# Every file field, with the tests that check it: for uploads the type sniffed from the content, size limit, storage
# outside the web root; for all, served only through the policy as a download. A new FileField fails below until it is
# listed here (generated files such as issued reports too).
UPLOAD_FIELDS = {
    "logbook.Attachment.file": "spalk/logbook/tests/test_attachments.py",
    "plans.Report.pdf": "spalk/plans/tests/test_reports.py",  # generated when a report is issued, never uploaded
    # statements and reminders are generated (never uploaded), bank files are uploaded and parsed (CODA, CAMT.053)
    "finance.Statement.pdf": "spalk/finance/tests/test_family_finance.py",
    "finance.Reminder.pdf": "spalk/finance/tests/test_family_finance.py",
    "finance.BankFile.file": "spalk/finance/tests/test_family_finance.py",
    # what a share with a partner delivered (a note or a summary rendered to PDF), generated, never uploaded
    "network.Share.artefact": "spalk/network/tests/test_share_artefacts.py",
}


def test_every_upload_field_has_its_validation_tests():
    from pathlib import Path

    import pghistory.models

    file_fields = {f"{m._meta.label}.{f.name}" for m in apps.get_models() if m.__module__.startswith("spalk.")
                   and not issubclass(m, pghistory.models.Event)  # history rows copy the name, never take uploads
                   for f in m._meta.get_fields() if isinstance(f, models.FileField)}
    assert file_fields == set(UPLOAD_FIELDS)
    root = Path(__file__).resolve().parents[2]
    for field, tests in UPLOAD_FIELDS.items():
        assert (root / tests).exists(), f"{field}: its download and storage tests belong in {tests}"
        source = (root / tests).read_text()
        assert "Content-Disposition" in source or "attachment" in source.lower()


def test_404_page_leaks_nothing(director, other_family):
    client = _signed_in(director, raise_request_exception=False)
    response = client.get(f"/families/{other_family.pk}/")
    assert response.status_code == 404
    body = response.content.decode()
    assert other_family.name not in body and other_family.reference not in body
    assert "Traceback" not in body and "Http404" not in body and "urlpatterns" not in body.lower()
    missing = client.get("/does-not-exist/")
    assert missing.status_code == 404 and "Traceback" not in missing.content.decode()


@pytest.mark.parametrize("path", ["/families/{pk}/", "/api/v1/families/{pk}"])
def test_500_page_leaks_nothing(path, director, family, api_token, monkeypatch):
    from spalk.families import selectors

    def broken(**kwargs):
        raise RuntimeError(f"secret detail of family {family.reference}")

    monkeypatch.setattr(selectors, "family_members", broken)
    client = _signed_in(director, raise_request_exception=False)
    response = client.get(path.format(pk=family.pk), headers={"Authorization": f"Bearer {api_token}"})
    assert response.status_code == 500
    body = response.content.decode()
    for leak in ("secret detail", family.reference, "Traceback", "RuntimeError", "selectors.py"):
        assert leak not in body
