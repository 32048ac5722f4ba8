from django import forms
from django.utils.translation import gettext_lazy as _

from spalk.api.models import DEFAULT_LIFETIME_DAYS, MAX_LIFETIME_DAYS


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What the token is for, for example: monthly report script."))
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=MAX_LIFETIME_DAYS,
                              initial=DEFAULT_LIFETIME_DAYS,
                              help_text=_("At most %(max)d days. After that the token stops working and you make a "
                                          "new one.") % {"max": MAX_LIFETIME_DAYS})
    read_only = forms.BooleanField(label=_("Read only"), required=False,
                                   help_text=_("The program may read, but not change anything. Choose this "
                                               "whenever the program only needs to read."))
