from __future__ import annotations

import pytest

from spalk.plans.tests.conftest import bearer

pytestmark = pytest.mark.django_db


def test_support_forms_and_consents_in_the_api(client, counsellor, outsider, family, consent):
    forms = client.get("/api/v1/network/support-forms", **bearer(counsellor)).json()
    assert len(forms) == 24 and all(len(f["criteria"]) == 10 for f in forms)
    consents = client.get(f"/api/v1/network/families/{family.pk}/consents", **bearer(counsellor)).json()
    assert consents[0]["valid_today"] is True
    assert client.get(f"/api/v1/network/families/{family.pk}/consents", **bearer(outsider)).status_code == 404
    assert client.get(f"/api/v1/network/families/{family.pk}/shares", **bearer(counsellor)).json() == []
