"""Which centre charges a stay in another centre's unit (docs/finance.md, "Which centre charges"): the centre that
owns the family — where its trajectory is — charges every night, also the nights in a unit of a centre the family
is shared with; that centre charges nothing, and sees neither the money nor the balance. Hand-computed amounts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.backends.postgresql.psycopg_any import DateRange

from spalk.finance import services
from spalk.finance.models import CentreFinanceSettings, MonthlyRun, Statement
from spalk.finance.selectors import family_balance
from spalk.finance.statements import monthly_run
from spalk.stays.models import Allocation, AllocationMember
from spalk.stays.tests.factories import UnitFactory, add_member
from spalk.testing.stays import book_stay

D = datetime.date
JUNE = D(2025, 6, 1)
TODAY = D(2025, 7, 2)
pytestmark = pytest.mark.django_db


@pytest.fixture
def mother(family):
    return family.members.get()


@pytest.fixture
def split_stay(family, mother, director, partner_centre, share, finance_admin):
    """Sarah Peeters (family of ``centre``, shared with ``partner_centre``): 9 nights in a studio of her own centre
    (1–10 June), then 11 nights in a crisis room of the partner centre (20 June – 1 July). The stay services book
    only the family's own units, so the partner's booking is written as the data would stand (a place lent by a
    centre the family is shared with)."""
    book_stay(actor=director, family=family, unit=UnitFactory(centre=family.centre), start=D(2025, 6, 1),
              end=D(2025, 6, 10), members=[mother, add_member(family, age=2)])
    room = UnitFactory(centre=partner_centre, name="Crisiskamer")
    period = DateRange(D(2025, 6, 20), D(2025, 7, 1), "[)")
    allocation = Allocation.objects.create(unit=room, family=family, period=period)
    AllocationMember.objects.create(allocation=allocation, member=mother, period=period)
    CentreFinanceSettings.objects.create(centre=family.centre, iban="BE71096123456769", account_holder="vzw Eigen")
    CentreFinanceSettings.objects.create(centre=partner_centre, iban="BE62510007547061", account_holder="vzw Partner")
    services.payer_add(actor=finance_admin, family=family, person=mother.person, category="single",
                       valid_from=D(2025, 6, 1), reason="OCMW: alleenstaande")
    return allocation


def test_the_owning_centre_charges_every_night_also_in_the_partner_unit(centre, partner_centre, family,
                                                                         split_stay):
    made = monthly_run(centre=centre, month=JUNE, today=TODAY).made
    # 9 + 11 = 20 nights × € 1.314,20 × 25 % ÷ 30 = € 219,0333… → € 219,03 (one rounding at the end)
    assert [(s.days, s.amount, s.centre_id, s.iban) for s in made] == [
        (20, Decimal("219.03"), centre.pk, "BE71096123456769")]
    assert made[0].lines == [{"first": "2025-06-01", "last": "2025-06-09", "days": 9, "category": "single",
                              "monthly_amount": "1314.20", "percentage": "25.00", "days_in_month": 30,
                              "reduction": "0.00"},
                             {"first": "2025-06-20", "last": "2025-06-30", "days": 11, "category": "single",
                              "monthly_amount": "1314.20", "percentage": "25.00", "days_in_month": 30,
                              "reduction": "0.00"}]


def test_the_partner_centre_charges_nothing(centre, partner_centre, family, split_stay):
    partner = monthly_run(centre=partner_centre, month=JUNE, today=TODAY)
    assert partner.made == [] and partner.credited == []
    monthly_run(centre=centre, month=JUNE, today=TODAY)
    monthly_run(centre=partner_centre, month=JUNE, today=TODAY)  # after the owner ran: still nothing, no credit note
    assert list(Statement.objects.values_list("centre_id", flat=True)) == [centre.pk]
    assert MonthlyRun.objects.get(centre=partner_centre).statements_made == 0


def test_a_second_run_of_the_owner_changes_nothing(centre, family, split_stay):
    monthly_run(centre=centre, month=JUNE, today=TODAY)
    again = monthly_run(centre=centre, month=JUNE, today=TODAY)
    assert again.made == [] and again.credited == [] and again.unchanged == 1


def test_balance_statement_and_family_page_follow_the_owner(mfa_client, centre, family, split_stay, finance_admin,
                                                            director, partner_director):
    from spalk.accounts.models import Role
    from spalk.testing.factories import MembershipFactory, UserFactory

    statement = monthly_run(centre=centre, month=JUNE, today=TODAY).made[0]
    assert family_balance(family=family, today=D(2025, 9, 1)).arrears == Decimal("219.03")
    owner = mfa_client(finance_admin)
    assert "€ 219,03" in owner.get(f"/finance/families/{family.pk}/").content.decode()
    assert "€ 219,03" in mfa_client(director).get(f"/families/{family.pk}/").content.decode()
    assert owner.get(f"/finance/statements/{statement.pk}/pdf/").status_code == 200

    partner_finance = UserFactory(email="finance-partner@example.test")
    MembershipFactory(user=partner_finance, centre=split_stay.unit.centre, role=Role.FINANCE_ADMIN)
    director_there = mfa_client(partner_director)
    # the partner centre's director sees the shared family, not its money: 403 on the money, no balance on the
    # family page, the family not in the balances list
    page = director_there.get(f"/families/{family.pk}/")
    assert page.status_code == 200 and "219,03" not in page.content.decode()
    assert director_there.get(f"/finance/families/{family.pk}/").status_code == 403
    assert director_there.get(f"/finance/statements/{statement.pk}/pdf/").status_code == 404
    assert family.name not in director_there.get("/finance/families/").content.decode()
    # the partner centre's finance administrator does not see the family at all (no dossier role): 404
    finance_there = mfa_client(partner_finance)
    assert finance_there.get(f"/finance/families/{family.pk}/").status_code == 404
    assert finance_there.get(f"/finance/statements/{statement.pk}/pdf/").status_code == 404
    assert family.name not in finance_there.get("/finance/families/").content.decode()
