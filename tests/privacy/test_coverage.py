"""Nothing the portal keeps about a person escapes their "my data" download: every foreign key
or one-to-one to the user model is read by a registered section (``covers`` of
``core.personal_data.register_personal_data``) or listed below with the reason it is not.

A new model that points at a person fails here until its app registers a section covering it
(the usual answer) or someone adds a line to ``EXCEPTIONS`` saying why the person's download
need not hold it."""

from django.apps import apps
from django.contrib.auth import get_user_model

from core.personal_data import personal_data_sections

UNIT_ACT = "an act of the innovation unit in its role (who set up, decided or answered), not data about the person"

# "app_label.Model.field": why the download leaves it out. Keep one line per field.
EXCEPTIONS: dict[str, str] = {
    "admin.LogEntry.user": "Django admin's audit trail of changes an administrator made; kept as evidence in the admin",
    "guardian.UserObjectPermission.user": "guardian's generic table, unused: the portal's object permissions have "
    "direct tables (board seats and liaison grants are in the board_seats and profile sections)",
    "ledger.LedgerCheckpoint.created_by": "the append-only decision ledger holds ids only and is never changed",
    "proposals.Call.created_by": UNIT_ACT,
    "proposals.CallNotice.created_by": UNIT_ACT,
    "proposals.CallQuestion.answered_by": UNIT_ACT,
    "screening.Screening.created_by": UNIT_ACT,
    "screening.Screening.decided_by": UNIT_ACT,
    "screening.Conflict.decided_by": UNIT_ACT,
    "screening.FeedbackSet.released_by": UNIT_ACT,
    "routing.IdeaComment.hidden_by": UNIT_ACT,
    "screening.OutsideEvaluator.created_by": UNIT_ACT,
    "routing.AnswerTemplate.created_by": "a template the unit shares with every liaison, not about its author",
    "labs.Lab.created_by": UNIT_ACT,
    "labs.Decision.reviewed_by": UNIT_ACT,
    "labs.Membership.invited_by": "who invited a member: the inviter's act, listed in the invited member's membership "
    "by date only",
    "labs.DutyRelease.acknowledged_by": "a liaison's acknowledgement in their role; the release itself is in the "
    "member's lab_memberships section",
    "labs.Milestone.created_by": "a lab's shared plan: the milestone belongs to the lab, not to whoever typed it",
    "people.ImportRecord.created_by": UNIT_ACT
    + " (the hr_imports section lists imports that changed the person)",
    "people.ImportRecord.applied_by": UNIT_ACT,
    "privacy.CorrectionRequest.handled_by": UNIT_ACT
    + " (the requester's section holds the answer)",
}


def _is_history(model) -> bool:
    """The one rule-based exception: a historical model of django-simple-history is a copy of
    a row whose live version is in the download, and its ``history_user`` records who made a
    change (the office's audit record)."""
    return model.__name__.startswith("Historical") and hasattr(model, "instance_type")


def user_links() -> set[str]:
    """Every ``app_label.Model.field`` that is a foreign key or one-to-one to the user model."""
    user_model = get_user_model()
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if not _is_history(model)
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is user_model
    }


def covered() -> set[str]:
    return {link for section in personal_data_sections() for link in section.covers}


def test_every_link_to_a_person_is_in_the_download_or_excused():
    missing = user_links() - covered() - set(EXCEPTIONS)
    assert not missing, (
        "These fields point at a person but no 'my data' section covers them: register a section "
        "(core.personal_data.register_personal_data(..., covers=(...))) or add them to EXCEPTIONS "
        f"in {__file__} with the reason: {sorted(missing)}"
    )


def test_covers_and_exceptions_name_real_fields_and_do_not_overlap():
    links = user_links()
    assert not covered() - links, (
        f"sections cover fields that do not exist: {sorted(covered() - links)}"
    )
    assert not set(EXCEPTIONS) - links, f"stale exceptions: {sorted(set(EXCEPTIONS) - links)}"
    assert not covered() & set(EXCEPTIONS), (
        f"both covered and excused: {sorted(covered() & set(EXCEPTIONS))}"
    )
    assert all(reason.strip() for reason in EXCEPTIONS.values())
