from __future__ import annotations

from allauth.account.forms import LoginForm
from allauth.mfa.base.forms import AuthenticateForm
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spalk.accounts.models import Role
from spalk.core.forms import DateField


class SpalkLoginForm(LoginForm):
    """allauth's sign-in form without the "forgot password" e-mail link: the centre administrator gives a
    one-time link instead (spalk sends no e-mail)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = _("Forgot your password? Ask your centre administrator for a link "
                                              "to choose a new one.")
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["autofocus"] = True


class SpalkAuthenticateForm(AuthenticateForm):
    """The second step of the sign-in: the code of the authenticator app (or a recovery code, digits too), with
    the phone's number pad and the code offered by the app or an SMS, without a placeholder (the label says it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attrs = self.fields["code"].widget.attrs
        attrs.pop("placeholder", None)
        attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True})


def _set_centres(form: forms.Form, centres) -> None:
    field = form.fields["centre"]
    choices = [(c.pk, c.name) for c in centres]
    field.choices = choices  # type: ignore[attr-defined]
    if len(choices) == 1:
        field.initial = choices[0][0]


class AccountForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), help_text=_("The person signs in with this address."))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args, installation_admin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if installation_admin:
            self.fields["is_installation_admin"] = forms.BooleanField(
                label=_("Installation administrator"), required=False,
                help_text=_("Manages accounts and centres of the whole installation; sees no dossier content."))


class StaffCreateForm(AccountForm):
    centre = forms.TypedChoiceField(label=_("Centre"), coerce=int, required=False)
    roles = forms.MultipleChoiceField(label=_("Roles"), choices=Role.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    start_date = DateField(label=_("From"), initial=timezone.localdate)
    end_date = DateField(label=_("Until"), required=False, help_text=_("Leave empty when there is no end date."))

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        _set_centres(self, centres)

    def clean(self):
        data = super().clean() or {}
        if data.get("roles") and not data.get("centre"):
            self.add_error("centre", _("Choose the centre in which these roles apply."))
        if not data.get("roles") and not data.get("is_installation_admin"):
            self.add_error("roles", _("Choose at least one role."))
        return data


class MembershipForm(forms.Form):
    centre = forms.TypedChoiceField(label=_("Centre"), coerce=int)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    start_date = DateField(label=_("From"), initial=timezone.localdate)
    end_date = DateField(label=_("Until"), required=False, help_text=_("Leave empty when there is no end date."))

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        _set_centres(self, centres)
