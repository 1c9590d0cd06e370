"""What the innovation unit sets up for routing: a call's answer period and the reusable review
texts (answer templates)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import User
from accounts.permissions import is_innovation_unit
from core.history import record_change_author
from proposals.models import Call
from proposals.services import clean_text

from ..enums import ReviewVerdict
from ..models import AnswerTemplate, CallRoutingSettings


@transaction.atomic
def call_routing_settings_update(
    *, call: Call, answer_due_days: int, by: User
) -> CallRoutingSettings:
    """Sets how many days departments get to answer what is routed from now on."""
    if not is_innovation_unit(by):
        raise PermissionDenied
    settings_row, _created = CallRoutingSettings.objects.select_for_update().get_or_create(
        call=call
    )
    settings_row.answer_due_days = answer_due_days
    settings_row.full_clean()
    record_change_author(settings_row, by)
    settings_row.save()
    return settings_row


@transaction.atomic
def answer_template_save(
    *,
    by: User,
    title: str,
    verdict: ReviewVerdict,
    body: str,
    is_active: bool = True,
    template: AnswerTemplate | None = None,
) -> AnswerTemplate:
    """Creates or changes a reusable review text."""
    if not is_innovation_unit(by):
        raise PermissionDenied
    if template is None:
        template = AnswerTemplate(created_by=by)
    else:
        template = AnswerTemplate.objects.select_for_update().get(pk=template.pk)
    template.title = clean_text(title).strip()
    template.verdict = verdict
    template.body = clean_text(body).strip()
    template.is_active = is_active
    template.full_clean()
    record_change_author(template, by)
    template.save()
    return template


@transaction.atomic
def answer_template_delete(*, template: AnswerTemplate, by: User) -> None:
    if not is_innovation_unit(by):
        raise PermissionDenied
    record_change_author(template, by)
    template.delete()
