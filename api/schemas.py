"""What the API answers, field by field (docs/api.md lists the same). Descriptions are
English msgids marked with ``gettext_noop``: the OpenAPI schema keeps them in English and the
docs page (``api.docs``) shows them translated."""

from datetime import date, datetime

from django.utils.translation import gettext_noop as N_
from ninja import Field, Schema


class CallOut(Schema):
    id: int = Field(description=N_("The call's number in the portal."))
    code: str = Field(description=N_("The call's reference prefix, e.g. 2026-G."))
    title: str = Field(description=N_("The call's title."))
    year: int = Field(description=N_("The year the call opens (Korean time)."))
    opens_at: datetime = Field(description=N_("When proposals may be submitted from."))
    closes_at: datetime = Field(description=N_("The submission deadline."))
    results_expected_on: date | None = Field(
        description=N_("When the selected task is expected to be announced.")
    )
    phase: str = Field(description=N_("upcoming, open, closed, screening or decided."))
    phase_label: str = Field(description=N_("The phase in Korean."))
    url: str = Field(description=N_("The call's page in the portal."))


class NoticeOut(Schema):
    kind: str = Field(description=N_("notice, or answer (a published answer to a question)."))
    question: str = Field(
        description=N_("The question answered, without the asker's name; empty for a notice.")
    )
    body: str = Field(description=N_("The text of the notice or answer."))
    posted_at: datetime = Field(description=N_("When the innovation unit posted it."))


class CallDetailOut(CallOut):
    description: str = Field(description=N_("The call's description."))
    guidance: str = Field(description=N_("The guidance for proposers."))
    notices: list[NoticeOut] = Field(
        description=N_("The notices and published answers, newest first.")
    )


class CountOut(Schema):
    code: str = Field(description=N_("A stable code."))
    label: str = Field(description=N_("The code in Korean."))
    count: int = Field(description=N_("How many."))


class LabOut(Schema):
    name: str = Field(description=N_("The lab's name."))
    status: str = Field(description=N_("recruiting, running, paused, closing or closed."))
    status_label: str = Field(description=N_("The lab's status in Korean."))
    start_date: date = Field(description=N_("The lab's start."))
    end_date: date = Field(description=N_("The lab's planned end."))
    outcome: str | None = Field(
        description=N_(
            "achieved, partly_achieved or not_achieved once the final report is adopted."
        )
    )
    outcome_label: str | None = Field(description=N_("The outcome in Korean."))


class SelectedTaskOut(Schema):
    reference: str = Field(description=N_("The proposal's reference number."))
    title: str = Field(description=N_("The selected task's title."))
    lab: LabOut | None = Field(description=N_("The lab that carries it out, once formed."))


class AnswerOut(Schema):
    title: str = Field(description=N_("The proposal's title."))
    department: str = Field(description=N_("The department it was routed to."))
    answer: str = Field(description=N_("The department's answer (a routing status code)."))
    answer_label: str = Field(description=N_("The answer in Korean."))


class OutcomeOut(Schema):
    call: CallOut
    submissions: int = Field(description=N_("Proposals submitted to the call."))
    selected: list[SelectedTaskOut] = Field(description=N_("The selected tasks."))
    practical_effect_review: list[CountOut] = Field(
        description=N_("Not-selected proposals per review verdict.")
    )
    review_pending: int = Field(description=N_("Not-selected proposals not reviewed yet."))
    department_answers: list[CountOut] = Field(
        description=N_("Routed proposals per department answer.")
    )
    answers: list[AnswerOut] = Field(
        description=N_(
            "The first department answers to ideas in the idea bank (every author agreed to show"
            " them); other answers are only counted."
        )
    )
    more_answers: bool = Field(
        description=N_("Whether the call has more answers than listed (see the outcomes page).")
    )


class ProposalOut(Schema):
    id: int
    reference: str = Field(description=N_("The reference number; empty for a draft."))
    title: str = Field(description=N_("The proposal's title."))
    status: str = Field(description=N_("draft, submitted, withdrawn, selected or not_selected."))
    status_label: str = Field(description=N_("The status in Korean."))
    role: str = Field(description=N_("proposer, or coproposer when you are named on it."))
    call: CallOut
    updated_at: datetime = Field(description=N_("The last change."))
    url: str = Field(description=N_("The proposal's page in the portal."))


class TaskOut(Schema):
    kind: str = Field(description=N_("What kind of work: see docs/api.md for the list."))
    kind_label: str = Field(description=N_("The kind in Korean."))
    title: str = Field(description=N_("What it is about: a proposal's, call's or lab's title."))
    reference: str | None = Field(
        description=N_("The proposal's reference number, where there is one.")
    )
    call_id: int | None = Field(description=N_("The call it belongs to, where there is one."))
    department: str | None = Field(
        description=N_("The department that answers, for an answer due.")
    )
    due: date | None = Field(description=N_("By when (Korean date), where there is a deadline."))
    overdue: bool = Field(description=N_("Whether the deadline has passed."))
    count: int | None = Field(description=N_("How many, for work counted as a whole."))
    url: str = Field(description=N_("The page where the work is done."))


class ErrorOut(Schema):
    code: str = Field(description=N_("A stable error code (docs/api.md)."))
    message: str = Field(description=N_("What went wrong, in Korean."))
    message_en: str = Field(description=N_("What went wrong, in English."))
