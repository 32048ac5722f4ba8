"""Fictional staff accounts, one per role, in CIG Ten Anker (and a director in De Stobbe).

Each demo account gets a TOTP device with a fixed, published secret so the demo can be used with any
authenticator app; `python manage.py demo_totp <email>` prints the current code.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from spalk.accounts.models import Membership, Role, User
from spalk.centres.models import Centre

DEMO_PASSWORD = "spalk-demo-2026"  # noqa: S105 - fictional demo account, printed by `make demo`
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"  # noqa: S105 - published demo secret, never for real use

STAFF = [
    # email, first, last, centre, roles
    # a small centre: the director also keeps the contribution (finance administrator), so every finance screen
    # can be tried with one account; Fien Florizoone is the finance administrator alone
    ("directeur@tenanker.demo", "Dirk", "Demeester", "ANK", [Role.DIRECTOR, Role.CENTRE_ADMIN, Role.FINANCE_ADMIN]),
    ("teamlead@tenanker.demo", "Tine", "Teugels", "ANK", [Role.TEAM_LEAD]),
    ("intake@tenanker.demo", "Ilse", "Impens", "ANK", [Role.INTAKE_OFFICER]),
    ("begeleider@tenanker.demo", "Bram", "Bogaert", "ANK", [Role.COUNSELLOR]),
    ("context@tenanker.demo", "Charlotte", "Claeys", "ANK", [Role.CONTEXT_COUNSELLOR]),
    ("traject@tenanker.demo", "Tom", "Tack", "ANK", [Role.CASE_LEAD]),
    ("vroedvrouw@tenanker.demo", "Hanne", "Huys", "ANK", [Role.HEALTH_COORDINATOR]),
    ("kind@tenanker.demo", "Kato", "Kerckhof", "ANK", [Role.CHILD_WORKER]),
    ("nacht@tenanker.demo", "Nico", "Nachtergaele", "ANK", [Role.NIGHT_STAFF]),
    ("admin@tenanker.demo", "Ann", "Anseeuw", "ANK", [Role.ADMINISTRATIVE]),
    ("financien@tenanker.demo", "Fien", "Florizoone", "ANK", [Role.FINANCE_ADMIN]),
    ("directeur@destobbe.demo", "Sofie", "Stevens", "STO", [Role.DIRECTOR]),
    ("beheer@spalk.demo", "Ivo", "Installateur", None, []),
]


# fictional work phones (a tap calls them from the family page's "Who to call")
PHONES = {"traject@tenanker.demo": "+32470990010", "begeleider@tenanker.demo": "+32470990011",
          "context@tenanker.demo": "+32470990012", "teamlead@tenanker.demo": "+32470990013"}


def ensure_totp(user: User) -> None:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)


def load(*, stdout) -> None:
    for email, first, last, short, roles in STAFF:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first, last_name=last)
        if email in PHONES and not user.phone:
            user.phone = PHONES[email]
            user.save(update_fields=["phone"])
        if short is None:
            user.is_installation_admin = True
            user.save(update_fields=["is_installation_admin"])
        else:
            centre = Centre.objects.get(short_name=short)
            for role in roles:
                Membership.objects.get_or_create(user=user, centre=centre, role=role)
        ensure_totp(user)
