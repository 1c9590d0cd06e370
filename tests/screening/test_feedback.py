"""The messages to the proposers after the decision (결과 안내): fields filled safely, the review
summary without any board member's name or own score, edits by hand, and the release of all of
a call's messages through the outbox, once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from notifications.models import Notification
from notifications.services import notifications_deliver_batch, reminders_dispatch
from proposals.enums import ProposalStatus
from screening import feedback, services
from screening.enums import FeedbackSummary
from screening.feedback import EntryFigures
from screening.models import Feedback, FeedbackSet
from tests.factories import UserFactory
from tests.factories.screening import ClosedCallFactory, EntryFactory, setup_screening
from tests.screening.feedback_world import BOARD_COMMENT, decided_call


@pytest.fixture(autouse=True)
def _english():
    """The messages' words in English, whatever the catalogue holds (the emails are rendered
    in Korean by the outbox itself)."""
    with translation.override("en"):
        yield


# --- The fields ----------------------------------------------------------------------------


def test_fields_are_filled_in_one_pass_and_a_value_is_never_read_again():
    values = {
        "call": "공모 {summary}",
        "title": "{{ 7*7 }} {title}",
        "outcome": "선정",
        "summary": "상위 10%",
    }
    template = "{title} / {call} / {outcome} / {summary} / {심사요약} / {제목}"
    assert feedback.fill(template, values) == (
        "{{ 7*7 }} {title} / 공모 {summary} / 선정 / 상위 10% / 상위 10% / {{ 7*7 }} {title}"
    )


def test_unknown_fields_are_named_and_braces_of_no_field_kept():
    assert feedback.unknown_fields("{title} {reviewer} {0} {__class__} {reviewer}") == [
        "{reviewer}",
        "{0}",
        "{__class__}",
    ]
    assert feedback.fill(
        "{reviewer.name}", {"call": "", "title": "", "outcome": "", "summary": ""}
    ) == ("{reviewer.name}")


def test_the_default_wording_names_the_fields_in_the_active_language():
    values = {
        "call": "독특한공모값",
        "title": "독특한제목값",
        "outcome": "선정",
        "summary": "상위 10%",
    }
    with translation.override("ko"):
        korean = feedback.default_templates()
        assert feedback.field_tokens()["title"] == "{제목}"
    english = feedback.default_templates()
    assert "{제목}" in korean["selected_template"] and "{title}" not in korean["selected_template"]
    assert (
        "{title}" in english["selected_template"] and "{제목}" not in english["selected_template"]
    )
    for templates in (korean, english):
        for template in templates.values():
            assert not feedback.unknown_fields(template)
            filled = feedback.fill(template, values)
            assert "독특한제목값" in filled and "독특한공모값" in filled and "{" not in filled


@pytest.mark.parametrize(
    ("rank", "expected"),
    [
        (1, "top 10%"),
        (2, "top 25%"),
        (3, "top 50%"),
        (5, "top 50%"),
        (6, "lower half"),
        (10, "lower half"),
    ],
)
def test_the_rank_band(rank, expected):
    figures = EntryFigures(rank=rank, entry_count=10, review_count=3, mean=3.0)
    assert expected in feedback.rank_band(figures)


def test_the_score_band_needs_three_reviews_else_the_rank_band():
    three = EntryFigures(rank=1, entry_count=4, review_count=3, mean=3.3333)
    assert feedback.score_band(three, 5) == "an average between 3.0 and 3.5 out of 5"
    top = EntryFigures(rank=1, entry_count=4, review_count=3, mean=5.0)
    assert feedback.score_band(top, 5) == "an average between 4.5 and 5.0 out of 5"
    two = EntryFigures(rank=1, entry_count=4, review_count=2, mean=4.0)
    assert feedback.score_band(two, 5) == feedback.rank_band(two)
    unscored = EntryFigures(rank=None, entry_count=4, review_count=0, mean=None)
    assert feedback.score_band(unscored, 5) == "not scored by the board"


# --- Writing the messages --------------------------------------------------------------------


def test_nothing_can_be_written_before_the_decision(innovation_unit):
    call = ClosedCallFactory()
    EntryFactory(call=call)
    setup_screening(call=call, by=innovation_unit, members=[UserFactory()])
    with pytest.raises(ValidationError):
        services.feedback_configure(
            call=call,
            by=innovation_unit,
            selected_template="a",
            not_selected_template="b",
            summary="none",
        )
    with pytest.raises(ValidationError):
        services.feedback_release(call=call, by=innovation_unit)
    assert not FeedbackSet.objects.exists()


def test_only_the_unit_writes_and_releases(innovation_unit, staff):
    call, proposals, board = decided_call(innovation_unit)
    for person in (staff, board[0], proposals[0].proposer):
        with pytest.raises(PermissionDenied):
            services.feedback_configure(
                call=call,
                by=person,
                selected_template="a",
                not_selected_template="b",
                summary="none",
            )
        with pytest.raises(PermissionDenied):
            services.feedback_edit(call=call, proposal=proposals[1], by=person, body="x")
        with pytest.raises(PermissionDenied):
            services.feedback_release(call=call, by=person)
    assert not FeedbackSet.objects.exists() and not Feedback.objects.exists()


def test_a_template_with_an_unknown_field_is_refused(innovation_unit):
    call, _proposals, _board = decided_call(innovation_unit)
    with pytest.raises(ValidationError, match=r"\{reviewer\}"):
        services.feedback_configure(
            call=call,
            by=innovation_unit,
            selected_template="{title}: {reviewer}",
            not_selected_template="{title}",
            summary=FeedbackSummary.RANK_BAND,
        )
    assert not FeedbackSet.objects.exists()


def test_messages_follow_the_template_and_keep_an_edit_by_hand(innovation_unit):
    call, proposals, _board = decided_call(innovation_unit)
    services.feedback_configure(
        call=call,
        by=innovation_unit,
        selected_template="[{outcome}] {title} ({call}) — {summary}",
        not_selected_template="[{결과}] {제목} — {심사요약}",
        summary=FeedbackSummary.SCORE_BAND,
    )
    services.feedback_edit(
        call=call, proposal=proposals[2], by=innovation_unit, body="직접 쓴 {제목} 안내"
    )
    screening = call.screening
    feedback_set = feedback.feedback_set_of(screening)
    rows = {
        r.proposal.pk: r
        for r in feedback.feedback_rows(
            feedback_set=feedback_set, proposals=feedback.feedback_entries(screening), entry_count=4
        )
    }
    # The first entry: scores 5, 4 and 1 → the average 3.33 as a band of half a point.
    assert rows[proposals[0].pk].body == (
        "[Selected] 제안 0 (2019 상반기 G-랩 과제 공모) — an average between 3.0 and 3.5 out of 5"
    )
    assert rows[proposals[1].pk].body.startswith("[Not selected] 제안 1 — ")
    assert rows[proposals[2].pk].body == "직접 쓴 제안 2 안내" and rows[proposals[2].pk].edited
    # The edit page reads the same.
    assert (
        feedback.feedback_row(feedback_set=feedback_set, proposal=proposals[0]).body
        == rows[proposals[0].pk].body
    )
    # An empty message goes back to the template.
    assert (
        services.feedback_edit(call=call, proposal=proposals[2], by=innovation_unit, body="  ")
        is None
    )
    assert not Feedback.objects.exists()


def test_an_entry_of_another_call_cannot_be_edited(innovation_unit):
    call, _proposals, _board = decided_call(innovation_unit)
    _other_call, other_proposals, _ = decided_call(innovation_unit)
    with pytest.raises(PermissionDenied):
        services.feedback_edit(call=call, proposal=other_proposals[0], by=innovation_unit, body="x")


def test_no_board_member_name_comment_or_own_score_reaches_a_proposer(
    innovation_unit, django_capture_on_commit_callbacks, mailoutbox
):
    # Two members: the score band would be their own scores, so the rank band is said instead.
    call, proposals, board = decided_call(innovation_unit, board_size=2, scores=(5, 2))
    services.feedback_configure(
        call=call,
        by=innovation_unit,
        selected_template="{title}: {outcome}, {summary}",
        not_selected_template="{title}: {outcome}, {summary}",
        summary=FeedbackSummary.SCORE_BAND,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_release(call=call, by=innovation_unit)
    texts = [m.body for m in Feedback.objects.all()]
    texts += [
        n.subject + n.body_text + n.body_html
        for n in Notification.objects.filter(kind="screening_feedback")
    ]
    texts += [m.subject + m.body + m.alternatives[0][0] for m in mailoutbox]
    assert texts
    for text in texts:
        for member in board:
            assert member.full_name not in text
        assert BOARD_COMMENT not in text
        assert (
            "5.0" not in text and "2.0" not in text and "3.5" not in text
        )  # own scores, their mean
    assert (
        Feedback.objects.get(proposal=proposals[0]).body
        == "제안 0: Selected, in the top 25% of the call's 4 entries"
    )


# --- The release -----------------------------------------------------------------------------


def test_release_writes_one_outbox_row_per_author_and_proposal_and_freezes_the_messages(
    innovation_unit,
):
    call, proposals, _board = decided_call(innovation_unit)
    services.feedback_edit(
        call=call, proposal=proposals[1], by=innovation_unit, body="직접 쓴 안내"
    )
    assert services.feedback_release(call=call, by=innovation_unit) == 4

    rows = Notification.objects.filter(kind="screening_feedback")
    expected = {(p.pk, p.proposer_id) for p in proposals} | {
        (proposals[0].pk, c.user_id) for c in proposals[0].coproposers.all()
    }
    assert {(n.about_id, n.recipient_id) for n in rows} == expected
    assert rows.count() == 5
    feedback_set = FeedbackSet.objects.get()
    assert feedback_set.is_released and feedback_set.released_by == innovation_unit
    assert Feedback.objects.count() == 4
    assert Feedback.objects.get(proposal=proposals[1]).body == "직접 쓴 안내"
    assert "직접 쓴 안내" in rows.get(about_id=proposals[1].pk).body_text

    # A second release, and any change, is refused and writes nothing.
    with pytest.raises(ValidationError):
        services.feedback_release(call=call, by=innovation_unit)
    with pytest.raises(ValidationError):
        services.feedback_edit(
            call=call, proposal=proposals[2], by=innovation_unit, body="늦은 수정"
        )
    with pytest.raises(ValidationError):
        services.feedback_configure(
            call=call,
            by=innovation_unit,
            selected_template="a",
            not_selected_template="b",
            summary="none",
        )
    assert Notification.objects.filter(kind="screening_feedback").count() == 5
    assert not Feedback.objects.filter(body="늦은 수정").exists()


def test_release_goes_through_the_outbox_once_without_a_worker(
    innovation_unit, django_capture_on_commit_callbacks, mailoutbox
):
    call, proposals, _board = decided_call(innovation_unit, entries=2)
    with translation.override("ko"):
        subject = translation.gettext("[G-Lab] Feedback on your proposal %(reference)s")
    subjects = {subject % {"reference": p.reference} for p in proposals}
    authors = {proposals[0].proposer.email, proposals[1].proposer.email} | {
        c.user.email for c in proposals[0].coproposers.all()
    }

    def feedback_mail():
        return sorted(to for m in mailoutbox if m.subject in subjects for to in m.to)

    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_release(call=call, by=innovation_unit)
    assert feedback_mail() == sorted(authors)
    assert all(
        n.email_status == "sent" for n in Notification.objects.filter(kind="screening_feedback")
    )
    # The dispatcher and another delivery run (which send the decision's pending notices) send
    # none of them again.
    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch()
    notifications_deliver_batch()
    assert feedback_mail() == sorted(authors)


def test_an_entry_withdrawn_or_not_decided_has_no_message(innovation_unit):
    call, proposals, _board = decided_call(innovation_unit, entries=2)
    assert {p.status for p in proposals} == {ProposalStatus.SELECTED, ProposalStatus.NOT_SELECTED}
    draft = EntryFactory(call=call, status=ProposalStatus.DRAFT)
    services.feedback_release(call=call, by=innovation_unit)
    assert not Feedback.objects.filter(proposal=draft).exists()
    assert not Notification.objects.filter(kind="screening_feedback", about_id=draft.pk).exists()


def test_text_typed_in_a_title_or_a_message_is_escaped_in_the_html_email(innovation_unit):
    call, proposals, _board = decided_call(innovation_unit, entries=2)
    proposals[0].title = "<b>굵게</b> {{ request }}"
    proposals[0].save(update_fields=["title"])
    services.feedback_edit(
        call=call, proposal=proposals[1], by=innovation_unit, body="<script>x()</script> 안내"
    )
    services.feedback_release(call=call, by=innovation_unit)
    selected = Notification.objects.get(
        kind="screening_feedback", about_id=proposals[0].pk, recipient=proposals[0].proposer
    )
    assert (
        "&lt;b&gt;굵게&lt;/b&gt; {{ request }}" in selected.body_html
        and "<b>굵게" not in selected.body_html
    )
    assert "<b>굵게</b> {{ request }}" in selected.body_text  # the text part as typed
    edited = Notification.objects.get(kind="screening_feedback", about_id=proposals[1].pk)
    assert (
        "<script>" not in edited.body_html
        and "&lt;script&gt;x()&lt;/script&gt; 안내" in edited.body_html
    )
