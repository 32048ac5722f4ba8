from django import forms

from spalk.centres.models import Centre


class CentreForm(forms.ModelForm):
    class Meta:
        model = Centre
        fields = ["name", "short_name", "organisation", "street", "postal_code", "city", "phone", "email", "website"]

    def validate_unique(self) -> None:
        """Uniqueness is checked by the service, with a message that says what to do."""
