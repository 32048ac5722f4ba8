"""Every rule of BRIEF.md §4 as the engine implements it (see docs/intake-access-routes.md)."""

from __future__ import annotations

import datetime

import pytest

from spalk.intake.access_routes import AccessRouteInputError, MemberInput, access_routes

ON = datetime.date(2026, 3, 1)


def years_ago(years: int, days: int = 0) -> datetime.date:
    return ON.replace(year=ON.year - years) - datetime.timedelta(days=days)


def by_key(result):
    return {m.key: m for m in result.members}


def test_teenage_pregnant_mother_needs_itp_for_herself_and_unborn_has_no_module():
    result = access_routes(on=ON, care="stay_high", members=[
        MemberInput("mama", "parent", years_ago(16), pregnant=True),
        MemberInput("baby", "unborn", expected_birth_date=ON + datetime.timedelta(days=60)),
    ])
    routes = by_key(result)
    assert (routes["mama"].module, routes["mama"].route) == ("VHF-GO", "itp")
    assert "minderjarige ouder" in routes["mama"].reason
    assert (routes["baby"].module, routes["baby"].route) == ("", "none")
    assert "30/04/2026" in routes["baby"].reason
    assert result.a_document_required is True


def test_teenage_mother_with_child_counts_herself_as_first_minor():
    result = access_routes(on=ON, care="stay_low", members=[
        MemberInput("kid", "child", years_ago(1)),
        MemberInput("mama", "parent", years_ago(17)),
    ])
    routes = by_key(result)
    assert (routes["mama"].module, routes["mama"].route) == ("VLF-GO", "itp")
    assert (routes["kid"].module, routes["kid"].route) == ("VLF-RT", "direct")
    assert result.a_document_required is True


def test_family_with_two_minors_first_needs_itp_second_is_direct():
    result = access_routes(on=ON, care="stay_high", members=[
        MemberInput("mama", "parent", years_ago(28)),
        MemberInput("young", "child", years_ago(1)),
        MemberInput("old", "child", years_ago(4)),
    ])
    routes = by_key(result)
    assert (routes["old"].module, routes["old"].route) == ("VHF-GO", "itp")
    assert (routes["young"].module, routes["young"].route) == ("VHF-RT", "direct")
    assert "tweede minderjarige" in routes["young"].reason
    assert (routes["mama"].module, routes["mama"].route) == ("CB", "direct")
    assert result.a_document_required is True


def test_adult_pregnant_mother_without_children_is_direct_and_needs_no_a_document():
    result = access_routes(on=ON, care="stay_high", members=[
        MemberInput("mama", "parent", years_ago(24), pregnant=True),
        MemberInput("baby", "unborn", expected_birth_date=ON + datetime.timedelta(days=30)),
    ])
    routes = by_key(result)
    assert (routes["mama"].module, routes["mama"].route) == ("VHF-RT", "direct")
    assert routes["baby"].route == "none"
    assert result.a_document_required is False
    assert "Er is geen A-document nodig." in result.explanation


def test_mother_turning_18_on_the_date_counts_as_adult():
    result = access_routes(on=ON, care="stay_high", members=[MemberInput("m", "parent", years_ago(18), pregnant=True)])
    assert result.members[0].route == "direct"
    result = access_routes(on=ON, care="stay_high", members=[
        MemberInput("m", "parent", years_ago(18) + datetime.timedelta(days=1), pregnant=True)])
    assert result.members[0].route == "itp"


def test_adult_pregnant_mother_with_one_child_still_needs_itp_for_the_child():
    result = access_routes(on=ON, care="stay_low", members=[
        MemberInput("mama", "parent", years_ago(30), pregnant=True),
        MemberInput("kid", "child", years_ago(2)),
    ])
    routes = by_key(result)
    assert routes["mama"].route == "direct"
    assert (routes["kid"].module, routes["kid"].route) == ("VLF-GO", "itp")
    assert result.a_document_required is True


def test_contextbegeleiding_only_is_direct_for_everyone_born():
    result = access_routes(on=ON, care="context", members=[
        MemberInput("mama", "parent", years_ago(15)),
        MemberInput("kid", "child", years_ago(0, 40)),
        MemberInput("baby", "unborn", expected_birth_date=ON + datetime.timedelta(days=90)),
    ])
    routes = by_key(result)
    assert {routes["mama"].module, routes["kid"].module} == {"CB"}
    assert {routes["mama"].route, routes["kid"].route} == {"direct"}
    assert routes["baby"].route == "none"
    assert result.a_document_required is False


def test_crisis_request_follows_crisis_route_without_a_document():
    result = access_routes(on=ON, care="crisis", members=[
        MemberInput("mama", "parent", years_ago(25)),
        MemberInput("kid", "child", years_ago(3)),
        MemberInput("kid2", "child", years_ago(1)),
    ])
    routes = by_key(result)
    assert (routes["kid"].module, routes["kid"].route) == ("KCV", "crisis")
    assert (routes["kid2"].module, routes["kid2"].route) == ("KCV", "crisis")
    assert (routes["mama"].module, routes["mama"].route) == ("CB", "direct")
    assert result.a_document_required is False
    assert "crisismeldpunt" in result.explanation and "maximale duur" in result.explanation


def test_every_stay_explanation_says_contextbegeleiding_is_included():
    result = access_routes(on=ON, care="stay_high", members=[MemberInput("kid", "child", years_ago(2)),
                                                             MemberInput("mama", "parent", years_ago(20))])
    assert "omvat contextbegeleiding" in result.explanation
    assert "A-document nodig" in result.explanation


def test_child_without_birth_date_counts_as_minor_after_known_ones():
    result = access_routes(on=ON, care="stay_high", members=[
        MemberInput("unknown", "child", None),
        MemberInput("known", "child", years_ago(5)),
    ])
    routes = by_key(result)
    assert routes["known"].route == "itp" and routes["unknown"].route == "direct"


def test_parent_with_unknown_birth_date_is_treated_as_adult_and_says_so():
    result = access_routes(on=ON, care="stay_high", members=[MemberInput("p", "parent", None, pregnant=True)])
    assert result.members[0].module == "CB"
    assert "geboortedatum is onbekend" in result.members[0].reason
    assert "meerderjarige zwangere ouders geldt pas" in result.members[0].reason


def test_only_adults_without_pregnancy_get_no_stay_module():
    result = access_routes(on=ON, care="stay_high", members=[MemberInput("p", "parent", years_ago(30))])
    assert result.members[0].module == "CB"
    assert "niet van toepassing" in result.explanation
    assert result.a_document_required is False


def _problems(**kwargs):
    with pytest.raises(AccessRouteInputError) as exc:
        access_routes(on=ON, **kwargs)
    return exc.value.problems


def test_no_members_is_impossible():
    (problem,) = _problems(care="context", members=[])
    assert problem.loc == ("members",) and "minstens één gezinslid" in problem.msg


def test_child_born_after_the_date_is_impossible():
    (problem,) = _problems(care="stay_high", members=[MemberInput("k", "child", ON + datetime.timedelta(days=1))])
    assert problem.loc == ("members", 0, "birth_date") and problem.type == "born_after_date"


def test_parent_under_12_is_impossible():
    (problem,) = _problems(care="stay_high", members=[MemberInput("p", "parent", years_ago(11))])
    assert problem.type == "parent_too_young" and "jonger dan 12" in problem.msg
    assert not _problems_or_none(care="stay_high", members=[MemberInput("p", "parent", years_ago(12))])


def _problems_or_none(**kwargs):
    try:
        access_routes(on=ON, **kwargs)
    except AccessRouteInputError as exc:
        return exc.problems
    return []


def test_unknown_role_and_care_are_impossible():
    problems = _problems(care="holiday", members=[MemberInput("x", "grandmother", years_ago(60))])
    assert {p.type for p in problems} == {"unknown_care", "unknown_role"}
    assert all(p.msg for p in problems)


def test_duplicate_keys_and_unborn_with_birth_date_are_impossible():
    problems = _problems(care="context", members=[MemberInput("a", "parent", years_ago(20)),
                                                  MemberInput("a", "unborn", years_ago(0))])
    assert {p.type for p in problems} == {"duplicate_key", "unborn_with_birth_date"}


def test_catalogue_flag_decides_the_route_and_the_reason_says_so():
    """The rule picks the module; the catalogue valid on the date says whether it is directly accessible."""
    from dataclasses import replace

    from spalk.intake.access_routes import SEED_CATALOGUE

    members = [MemberInput("kid", "child", years_ago(3)), MemberInput("mama", "parent", years_ago(30))]
    catalogue = dict(SEED_CATALOGUE, **{"VHF-GO": replace(SEED_CATALOGUE["VHF-GO"], directly_accessible=True)})
    seed = by_key(access_routes(on=ON, care="stay_high", members=members))
    changed = access_routes(on=ON, care="stay_high", members=members, catalogue=catalogue)
    assert (seed["kid"].module, seed["kid"].route) == ("VHF-GO", "itp")
    assert (by_key(changed)["kid"].module, by_key(changed)["kid"].route) == ("VHF-GO", "direct")
    assert changed.a_document_required is False
    assert "modulecatalogus geldig op 01/03/2026" in by_key(changed)["kid"].reason
    assert "wijkt voor VHF-GO af" in changed.explanation
    # and the other way round: a directly accessible module that the catalogue no longer marks as such
    catalogue = dict(SEED_CATALOGUE, CB=replace(SEED_CATALOGUE["CB"], directly_accessible=False))
    result = access_routes(on=ON, care="context", members=members, catalogue=catalogue)
    assert {r.route for r in result.members} == {"itp"} and result.a_document_required is True


def test_module_missing_from_the_catalogue_on_the_date_is_impossible():
    from spalk.intake.access_routes import SEED_CATALOGUE

    catalogue = {code: m for code, m in SEED_CATALOGUE.items() if code != "KCV"}
    with pytest.raises(AccessRouteInputError) as exc:
        access_routes(on=ON, care="crisis", members=[MemberInput("kid", "child", years_ago(3))], catalogue=catalogue)
    assert [(p.field, p.type) for p in exc.value.problems] == [("date", "module_not_in_catalogue")]
    assert "KCV" in exc.value.problems[0].msg
    # a request that does not need the missing module still works
    assert access_routes(on=ON, care="context", members=[MemberInput("kid", "child", years_ago(3))],
                         catalogue=catalogue).members[0].route == "direct"
