"""The staff-only design reference renders every component from the real templates (issue 10)."""

from __future__ import annotations

from django.urls import reverse

from spalk.testing.factories import UserFactory

COMPONENTS = ["page-header", "section-nav", "swatch", "button--secondary", "button--danger", "badge--overdue",
              "message--error", "card work-item", "data-work-item=", "<table", "error-summary", "field--error",
              "help", "empty-state", "pagination"]


def test_staff_see_every_component(mfa_client, counsellor):
    response = mfa_client(counsellor).get(reverse("design"))
    assert response.status_code == 200
    body = response.content.decode()
    for component in COMPONENTS:
        assert component in body, component
    assert "31/02/2026 bestaat niet" in body  # the real form templates, with the real messages


def test_someone_without_a_staff_role_gets_404(mfa_client, db):
    assert mfa_client(UserFactory()).get(reverse("design")).status_code == 404


def test_the_footer_links_to_it_for_staff_only(mfa_client, counsellor, db):
    assert reverse("design") in mfa_client(counsellor).get(reverse("home")).content.decode()
    assert reverse("design") not in mfa_client(UserFactory()).get(reverse("home")).content.decode()
