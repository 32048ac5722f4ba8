"""Staff management (centre administrators, directors, installation administrator) and "My account".

No dossier data here: who may do what is decided in spalk.accounts.permissions.
"""

from __future__ import annotations

import datetime

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spalk.access.declare import public, staff_only
from spalk.access.policy import Duty, duty_centres, principal_for
from spalk.accounts import rights, selectors, services
from spalk.accounts.forms import AccountForm, MembershipForm, StaffCreateForm
from spalk.accounts.models import Role, User
from spalk.accounts.permissions import (
    access_membership,
    access_staff_member,
    can_manage_account,
    can_manage_staff,
    is_installation_admin,
    managed_centres,
    require_manage_account,
    staff_accounts,
)
from spalk.core.errors import DomainError
from spalk.core.forms import form_view
from spalk.core.types import SpalkRequest

REASON = "staff management; no dossier data"
RIGHTS_CHANGES_DAYS = 90


def _no_store(response: HttpResponse) -> HttpResponse:
    """A page showing a secret once must not stay in a browser or proxy cache."""
    response["Cache-Control"] = "no-store"
    return response


def _own_rights_refused(request: SpalkRequest, member: User) -> HttpResponse:
    """403 with the Dutch reason: the person may see their own account here but not change their own rights."""
    response = render(request, "accounts/own_rights.html", {"member": member, "message": services.OWN_RIGHTS},
                      status=403)
    return response


def _require_manager(request: SpalkRequest) -> list:
    if not can_manage_staff(user=request.user):
        raise Http404
    return managed_centres(user=request.user)


@require_GET
@login_required
@staff_only(REASON)
def staff_list(request: SpalkRequest) -> HttpResponse:
    centres = _require_manager(request)
    staff = selectors.staff_list(accounts=staff_accounts(user=request.user), centres=centres)
    return render(request, "accounts/staff_list.html", {
        "staff": staff, "centres": centres,
        "can_see_rights_changes": bool(duty_centres(user=request.user, duty=Duty.SEE_RIGHTS_CHANGES)),
        "can_edit_centre_contact": bool(duty_centres(user=request.user, duty=Duty.CENTRE_CONTACT))})


@require_http_methods(["GET", "POST"])
@login_required
@staff_only(REASON)
def staff_create(request: SpalkRequest) -> HttpResponse:
    centres = _require_manager(request)
    installation_admin = is_installation_admin(user=request.user)
    form = StaffCreateForm(request.POST or None, centres=centres, installation_admin=installation_admin)

    def save(data):
        return services.staff_create(
            actor=request.user, email=data["email"], first_name=data["first_name"], last_name=data["last_name"],
            phone=data["phone"], centre=next((c for c in centres if c.pk == data.get("centre")), None),
            roles=data["roles"], start_date=data["start_date"], end_date=data["end_date"],
            is_installation_admin=bool(data.get("is_installation_admin")))

    def created(user) -> HttpResponse:
        link = services.password_link_create(actor=request.user, user=user, request=request)
        return _no_store(render(request, "accounts/password_link.html", {"member": user, "link": link, "new": True}))

    return form_view(request, form, save=save, success=created, template="accounts/staff_create.html")


def _detail_context(request: SpalkRequest, member: User, *, account_form=None, membership_form=None) -> dict:
    centres = managed_centres(user=request.user)
    manageable = can_manage_account(user=request.user, target=member)
    installation_admin = is_installation_admin(user=request.user)
    if account_form is None and manageable:
        initial = {f: getattr(member, f) for f in services.ACCOUNT_FIELDS}
        initial["is_installation_admin"] = member.is_installation_admin
        account_form = AccountForm(initial=initial, installation_admin=installation_admin)
    return {
        "member": member, "manageable": manageable, "account_form": account_form,
        "membership_form": membership_form or MembershipForm(centres=centres),
        "memberships": selectors.staff_memberships(user=member, centres=centres),
        "second_factors": selectors.second_factors(user=member), "is_self": member.pk == request.user.pk,
        "today": timezone.localdate(),
    }


@require_http_methods(["GET", "POST"])
@login_required
@staff_only(REASON)
def staff_detail(request: SpalkRequest, user_id: int) -> HttpResponse:
    member = access_staff_member(user=request.user, user_id=user_id)
    if request.method != "POST":
        return render(request, "accounts/staff_detail.html", _detail_context(request, member))
    require_manage_account(user=request.user, target=member)
    installation_admin = is_installation_admin(user=request.user)
    form = AccountForm(request.POST, installation_admin=installation_admin)
    return form_view(
        request, form, save=lambda d: services.staff_update(actor=request.user, user=member, data=d,
                                                           allow_installation_admin=installation_admin),
        success=_staff_url(member.pk), message=_("Changes saved."), template="accounts/staff_detail.html",
        context=lambda: _detail_context(request, member, account_form=form))


def _staff_url(user_id: int) -> str:
    return reverse("accounts:staff_detail", kwargs={"user_id": user_id})


@require_POST
@login_required
@staff_only(REASON)
def membership_add(request: SpalkRequest, user_id: int) -> HttpResponse:
    member = access_staff_member(user=request.user, user_id=user_id)
    centres = managed_centres(user=request.user)
    form = MembershipForm(request.POST, centres=centres)
    return form_view(
        request, form, save=lambda d: services.membership_add(
            actor=request.user, user=member, centre=next(c for c in centres if c.pk == d["centre"]), role=d["role"],
            start_date=d["start_date"], end_date=d["end_date"]),
        success=_staff_url(member.pk), message=_("Role added."), template="accounts/staff_detail.html",
        context=lambda: _detail_context(request, member, membership_form=form))


@require_POST
@login_required
@staff_only(REASON)
def membership_end(request: SpalkRequest, membership_id: int) -> HttpResponse:
    membership = access_membership(user=request.user, membership_id=membership_id)
    try:
        services.membership_end(actor=request.user, membership=membership)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Role ended."))
    return redirect("accounts:staff_detail", user_id=membership.user_id)


@require_POST
@login_required
@staff_only(REASON)
def staff_set_active(request: SpalkRequest, user_id: int) -> HttpResponse:
    member = access_staff_member(user=request.user, user_id=user_id)
    require_manage_account(user=request.user, target=member)
    active = request.POST.get("active") == "1"
    try:
        services.account_set_active(actor=request.user, user=member, active=active)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Account reactivated.") if active else _("Account deactivated."))
    return redirect("accounts:staff_detail", user_id=member.pk)


@require_http_methods(["GET", "POST"])
@login_required
@reauthentication_required
@staff_only(REASON)
def second_factor_reset(request: SpalkRequest, user_id: int) -> HttpResponse:
    """Remove the second factor of someone who lost their phone; needs a recent re-authentication."""
    member = access_staff_member(user=request.user, user_id=user_id)
    require_manage_account(user=request.user, target=member)
    if member.pk == request.user.pk:
        return _own_rights_refused(request, member)
    if request.method == "POST":
        services.second_factor_reset(actor=request.user, user=member)
        messages.success(request, _("Second factor removed. At the next sign-in %(name)s sets up a new one.")
                         % {"name": member})
        return redirect("accounts:staff_detail", user_id=member.pk)
    return render(request, "accounts/confirm.html", {
        "member": member, "title": _("Reset second factor"),
        "text": _("The authenticator app, security keys and recovery codes of %(name)s are removed. At the next "
                  "sign-in they must set up a new authenticator app.") % {"name": member},
        "button": _("Reset second factor")})


@require_http_methods(["GET", "POST"])
@login_required
@reauthentication_required
@staff_only(REASON)
def password_link(request: SpalkRequest, user_id: int) -> HttpResponse:
    """A one-time link to choose a password, shown once; needs a recent re-authentication."""
    member = access_staff_member(user=request.user, user_id=user_id)
    require_manage_account(user=request.user, target=member)
    if member.pk == request.user.pk:
        return _own_rights_refused(request, member)
    if request.method == "POST":
        link = services.password_link_create(actor=request.user, user=member, request=request)
        return _no_store(render(request, "accounts/password_link.html", {"member": member, "link": link,
                                                                         "new": False}))
    return render(request, "accounts/confirm.html", {
        "member": member, "title": _("Link to choose a password"),
        "text": _("You get a one-time link with which %(name)s chooses a new password. Give it to them in person "
                  "or through a channel you trust. The current password keeps working until they use the link.")
        % {"name": member},
        "button": _("Create link")})


@require_GET
@login_required
@staff_only("changes in rights of the centre's staff made by the installation administrator; no dossier data")
def rights_changes(request: SpalkRequest) -> HttpResponse:
    """"Wijzigingen in rechten": what the installation administrator changed to the staff of the director's centres."""
    centres = duty_centres(user=request.user, duty=Duty.SEE_RIGHTS_CHANGES)
    if not centres:
        raise Http404
    since = timezone.now() - datetime.timedelta(days=RIGHTS_CHANGES_DAYS)
    return render(request, "accounts/rights_changes.html", {
        "changes": rights.rights_changes(centre_ids=centres, since=since), "days": RIGHTS_CHANGES_DAYS})


@require_GET
@login_required
@staff_only("the signed-in person's own account; no dossier data")
def my_account(request: SpalkRequest) -> HttpResponse:
    principal = principal_for(request.user)
    memberships = [m for m in selectors.staff_memberships(user=request.user, centres=principal.centre_ids)
                   if m.is_current()]
    return render(request, "accounts/my_account.html", {
        "memberships": memberships, "second_factors": selectors.second_factors(user=request.user),
        "has_tokens": bool(principal.centre_ids) or principal.is_installation_admin, "Role": Role,
    })


@require_GET
@public("explains how to get a new password; spalk sends no e-mail")
def password_reset_info(request: SpalkRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_info.html")


@require_GET
@login_required
@staff_only("e-mail addresses are managed by the centre administrator")
def email_managed(request: SpalkRequest) -> HttpResponse:
    messages.info(request, _("Your e-mail address is managed by your centre administrator."))
    return redirect("accounts:my_account")
