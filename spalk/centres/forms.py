from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.centres.models import Centre
from spalk.core.phones import clean_phone, display_phone

PERMANENCE_HELP = _("Reachable day and night, also at weekends: shown to the team and the family under "
                    "'Who to call'. For example 059 23 46 78 or 0470 12 34 56.")


class CentreForm(forms.ModelForm):
    class Meta:
        model = Centre
        fields = ["name", "short_name", "organisation", "street", "postal_code", "city", "phone", "permanence_phone",
                  "email", "website"]
        help_texts = {"permanence_phone": PERMANENCE_HELP}

    def clean_permanence_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("permanence_phone", ""))

    def validate_unique(self) -> None:
        """Uniqueness is checked by the service, with a message that says what to do."""


class CentreContactForm(forms.Form):
    """The centre's 24/7 permanence number, kept by the director or the centre administrator."""

    permanence_phone = forms.CharField(label=_("24/7 permanence number"), max_length=40, required=False,
                                       help_text=PERMANENCE_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permanence_phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})
        if self.initial.get("permanence_phone"):
            self.initial["permanence_phone"] = display_phone(self.initial["permanence_phone"])

    def clean_permanence_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("permanence_phone", ""))
