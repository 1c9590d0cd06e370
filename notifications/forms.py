from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Delivery, EmailStatus, notification_kind_label
from .kinds import GROUP_HELP, listed_kinds, rule_for


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Email status"), required=False, choices=[("", _("All"))] + EmailStatus.choices
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All"))] + [
            (k, notification_kind_label(k)) for k in kinds
        ]


class DeliveryRadios(forms.RadioSelect):
    """The three choices side by side (the project's radio template stacks them)."""

    template_name = "notifications/widgets/delivery_radios.html"


class NotificationPreferencesForm(forms.Form):
    """One choice per kind a person may change, named by the kind, grouped for the page by
    ``groups``; a required notice offers only the choices its rule allows
    (``notifications.kinds``). Kinds always emailed at once are listed in ``fixed`` instead of
    being fields. ``preferences_save`` checks the same rules again."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for group, kinds in listed_kinds():
            fields, fixed = [], []
            for kind in kinds:
                choices = rule_for(kind).allowed
                if len(choices) == 1:
                    fixed.append(notification_kind_label(kind))
                    continue
                self.fields[kind] = forms.ChoiceField(
                    label=notification_kind_label(kind),
                    choices=[(choice.value, choice.label) for choice in choices],
                    initial=current.get(kind, Delivery.IMMEDIATE),
                    required=False,  # a kind left out of the post keeps its choice
                    # Django's message would name the value posted, a code.
                    error_messages={"invalid_choice": _("Choose one of the options shown.")},
                    widget=DeliveryRadios,
                    help_text=_("Required notice") if len(choices) < len(Delivery) else "",
                )
                fields.append(kind)
            self.groups.append(
                {"label": group.label, "help": GROUP_HELP[group], "fields": fields, "fixed": fixed}
            )

    def bound_groups(self):
        """The groups with their bound fields, for the template."""
        return [
            {**group, "fields": [self[name] for name in group["fields"]]} for group in self.groups
        ]
