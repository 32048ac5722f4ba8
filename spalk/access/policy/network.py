"""Policy: the family's network (issue 15): consent records, shares with partners, network meetings and their
agreements, referrals out, signals to policy; the support forms of seed 004 (reference data).

- Consent records, shares, meetings, agreements and referrals are dossier data reached through the family that
  owns them (``_family_bound``): whoever sees the family reads them; whoever may edit the family records
  consent, meetings and referrals.
- Sharing with a partner (information leaving spalk) is for editors of the family *in the family's own centre*:
  a centre the family is shared with (spalk.access FamilyShare) reads the consents and the shares, but the
  consent was given to the owning centre, so it never shares under it. The same holds for downloading what a
  share delivered (its artefact) and for recording that a report was sent (plans.ReportSending is a share).
- A family member (portal) reads its own consents and meetings without what carries the withholding mark.
- Signals to policy are centre data without names: staff with a dossier role record them in their centre; the
  anonymous aggregate and its export are for directors and team leads.
- Support forms and the comparison table: every staff member (no dossier data).
"""

from __future__ import annotations

from django.db.models import QuerySet

from spalk.access.policy.content import visible_content
from spalk.access.policy.core import (
    ASSIGNMENT_BOUND,
    CENTRE_WIDE,
    DOSSIER_ROLES,
    Action,
    _family_bound,
    can,
    principal_for,
    visible_families,
)
from spalk.accounts.models import Role
from spalk.families.models import Family

__all__ = [
    "SIGNAL_READER_ROLES",
    "access_agreement",
    "access_consent",
    "access_meeting",
    "access_referral",
    "access_share",
    "can_edit_sector_partners",
    "can_share_with_partners",
    "network_reference_centres",
    "network_team_centres",
    "signal_centres",
    "signal_reader_centres",
    "visible_agreements",
    "visible_consents",
    "visible_meetings",
    "visible_referrals",
    "visible_shares",
]

SIGNAL_READER_ROLES: frozenset[str] = frozenset({Role.DIRECTOR, Role.TEAM_LEAD})


def visible_consents(*, user, family: Family | None = None) -> QuerySet:
    """Consent records of ``family`` (already accessed) or of every family the user sees."""
    from spalk.network.models import ConsentRecord

    qs = ConsentRecord.objects.filter(family=family) if family is not None else ConsentRecord.objects.filter(
        family__in=visible_families(user=user))
    return qs


def access_consent(*, user, consent_id: int | str, action: Action = Action.VIEW):
    from spalk.network.models import ConsentRecord

    return _family_bound(ConsentRecord.objects.filter(family__isnull=False), user=user, pk_value=consent_id,
                         action=action, select=("organisation", "contact"))


def visible_shares(*, user, family: Family | None = None) -> QuerySet:
    from spalk.network.models import Share

    return Share.objects.filter(family=family) if family is not None else Share.objects.filter(
        family__in=visible_families(user=user))


def access_share(*, user, share_id: int | str):
    """A share with a partner, for whoever sees its family (404 otherwise). Downloading what was shared is for
    those who may share with partners (``can_share_with_partners``; the view answers 403 to the others)."""
    from spalk.network.models import Share

    return _family_bound(Share.objects.all(), user=user, pk_value=share_id, action=Action.VIEW,
                         select=("consent", "report", "family__centre"))


def can_share_with_partners(*, user, family: Family) -> bool:
    """Editors of the family in its own centre; never through a share between centres."""
    editors = principal_for(user).centres_with(CENTRE_WIDE[Action.EDIT] | ASSIGNMENT_BOUND[Action.EDIT])
    return family.centre_id in editors and can(user=user, family=family, action=Action.EDIT)


def visible_meetings(*, user, family: Family | None = None) -> QuerySet:
    from spalk.network.models import NetworkMeeting

    qs = NetworkMeeting.objects.filter(family=family) if family is not None else NetworkMeeting.objects.filter(
        family__in=visible_families(user=user))
    return visible_content(qs, user=user)


def access_meeting(*, user, meeting_id: int | str, action: Action = Action.VIEW):
    from spalk.network.models import NetworkMeeting

    return _family_bound(visible_content(NetworkMeeting.objects.all(), user=user), user=user, pk_value=meeting_id,
                         action=action)


def visible_agreements(*, user, family: Family | None = None) -> QuerySet:
    """Agreements of network meetings the user may read (the meeting's withholding mark applies)."""
    from spalk.network.models import Agreement

    meetings = visible_meetings(user=user, family=family)
    return Agreement.objects.filter(meeting__in=meetings)


def access_agreement(*, user, agreement_id: int | str, action: Action = Action.VIEW):
    from spalk.network.models import Agreement

    return _family_bound(Agreement.objects.filter(meeting__in=visible_meetings(user=user)), user=user,
                         pk_value=agreement_id, action=action, select=("meeting",))


def visible_referrals(*, user, family: Family | None = None) -> QuerySet:
    from spalk.network.models import Referral

    return Referral.objects.filter(family=family) if family is not None else Referral.objects.filter(
        family__in=visible_families(user=user))


def access_referral(*, user, referral_id: int | str, action: Action = Action.VIEW):
    from spalk.network.models import Referral

    return _family_bound(Referral.objects.all(), user=user, pk_value=referral_id, action=action,
                         select=("organisation", "contact"))


def signal_centres(*, user) -> list[int]:
    """Centres in which this user records signals to policy (staff holding a dossier role there)."""
    return principal_for(user).centres_with(DOSSIER_ROLES)


def signal_reader_centres(*, user) -> list[int]:
    """Centres whose anonymous signal figures this user reads and exports."""
    return principal_for(user).centres_with(SIGNAL_READER_ROLES)


def network_reference_centres(*, user) -> list[int]:
    """Staff who read the support forms and the comparison table: anyone with a role in a centre."""
    return principal_for(user).centre_ids


def can_edit_sector_partners(*, user) -> bool:
    """The shared sector list of the sociale kaart (organisations without a centre): installation administrators."""
    return principal_for(user).is_installation_admin


def network_team_centres(*, user) -> list[int]:
    """Centres where this user sees every family's network news (withdrawn consents) on the start screen:
    the centre-wide editors (director, team lead, intake officer); others see those of their own families."""
    return principal_for(user).centres_with(CENTRE_WIDE[Action.EDIT])
