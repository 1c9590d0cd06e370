from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import EmailStatus, notification_kind_label


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Email status"), required=False, choices=[("", _("All"))] + EmailStatus.choices
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All"))] + [(k, notification_kind_label(k)) for k in kinds]
