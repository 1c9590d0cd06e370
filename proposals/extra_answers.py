"""Reading extra answers (추가 항목): each question of a call with a proposal's answer as text,
for the proposal page, the print view, the board's pages and the exports. The board's reads
leave out the questions the innovation unit hid from it; no read names who answered."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import JSONField, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from .enums import ExtraKind
from .models import ExtraAnswer, ExtraQuestion, Proposal


@dataclass(frozen=True)
class AnswerRow:
    question: ExtraQuestion
    text: str  # "" when not answered

    @property
    def is_long(self) -> bool:
        return self.question.kind == ExtraKind.LONG_TEXT


def answer_text(question: ExtraQuestion, value) -> str:
    """An answer as the pages and exports show it."""
    if value is None or value == "" or value == []:
        return ""
    if question.kind == ExtraKind.YES_NO:
        return _("Yes") if value else _("No")
    if question.kind == ExtraKind.MULTIPLE_CHOICE:
        return ", ".join(value)
    return str(value)


def call_questions(call_ids: Iterable[int], *, for_board: bool) -> dict[int, list[ExtraQuestion]]:
    """The questions of the calls, in order, by call id (one query)."""
    questions = ExtraQuestion.objects.filter(call_id__in=set(call_ids)).order_by("position", "id")
    if for_board:
        questions = questions.filter(hidden_from_board=False)
    by_call = defaultdict(list)
    for question in questions:
        by_call[question.call_id].append(question)
    return by_call


def answers_by_proposal(
    proposals: Iterable[Proposal], *, for_board: bool
) -> dict[int, list[AnswerRow]]:
    """Each proposal's rows (every question of its call, answered or not), by proposal id, in
    two queries whatever the number of proposals."""
    proposals = list(proposals)
    by_call = call_questions((p.call_id for p in proposals), for_board=for_board)
    if not by_call:
        return {p.pk: [] for p in proposals}
    values = {
        (a.proposal_id, a.question_id): a.value
        for a in ExtraAnswer.objects.filter(proposal__in=[p.pk for p in proposals]).only(
            "proposal_id", "question_id", "value"
        )
    }
    return {
        p.pk: [
            AnswerRow(q, answer_text(q, values.get((p.pk, q.pk))))
            for q in by_call.get(p.call_id, [])
        ]
        for p in proposals
    }


def answers_for(proposal: Proposal, *, for_board: bool) -> list[AnswerRow]:
    return answers_by_proposal([proposal], for_board=for_board)[proposal.pk]


def _column(question: ExtraQuestion) -> str:
    return f"extra_answer_{question.pk}"


def with_answer_columns(
    queryset: QuerySet[Proposal], questions: list[ExtraQuestion]
) -> QuerySet[Proposal]:
    """The proposals with one column per question holding the answer (a subquery each), so an
    export can stream its rows in one query however many proposals and questions."""
    return queryset.annotate(
        **{
            _column(q): Subquery(
                ExtraAnswer.objects.filter(proposal=OuterRef("pk"), question=q).values("value")[:1],
                output_field=JSONField(),
            )
            for q in questions
        }
    )


def answer_cells(proposal: Proposal, questions: list[ExtraQuestion]) -> list[str]:
    """The export cells of a proposal read through ``with_answer_columns``."""
    return [answer_text(q, getattr(proposal, _column(q))) for q in questions]
