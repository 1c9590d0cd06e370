"""Reading extra answers (추가 항목): each question of a call with a proposal's answer as text,
for the proposal page, the print view, the board's pages and the exports. The board's reads
leave out the questions the innovation unit hid from it; no read names who answered."""

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
    if ExtraAnswer.is_empty(value):
        return ""
    if question.kind == ExtraKind.YES_NO:
        return _("Yes") if value else _("No")
    if question.kind == ExtraKind.MULTIPLE_CHOICE:
        return ", ".join(value)
    return str(value)


def answers_for(
    proposal: Proposal, *, for_board: bool, board_file_names: dict[int, str] | None = None
) -> list[AnswerRow]:
    """Every question of the proposal's call, in order, with the proposal's answer (one query).
    ``for_board`` leaves out the questions hidden from the screening board and names a file
    answer as the board's attachment list does (``board_file_names``: attachment id → name;
    during blind review a neutral name, never the original one)."""
    questions = ExtraQuestion.objects.filter(call_id=proposal.call_id).order_by("position", "id")
    if for_board:
        questions = questions.filter(hidden_from_board=False)
    questions = with_answer_column(questions, proposal)
    rows = []
    for q in questions:
        text = answer_text(q, q.answer_value)
        if for_board and q.kind == ExtraKind.FILE:
            text = (board_file_names or {}).get(q.answer_attachment_id, "")
        rows.append(AnswerRow(q, text))
    return rows


def with_answer_column(
    questions: QuerySet[ExtraQuestion], proposal: Proposal
) -> QuerySet[ExtraQuestion]:
    answers = ExtraAnswer.objects.filter(proposal=proposal.pk, question=OuterRef("pk"))
    return questions.annotate(
        answer_value=Subquery(answers.values("value")[:1], output_field=JSONField()),
        answer_attachment_id=Subquery(answers.values("attachment_id")[:1]),
    )


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


def hidden_answer_attachment_ids(proposal: Proposal) -> set[int]:
    """The proposal's attachments that answer a question hidden from the screening board: the
    board's attachment list and downloads leave them out."""
    return set(
        ExtraAnswer.objects.filter(
            proposal=proposal, question__hidden_from_board=True, attachment__isnull=False
        ).values_list("attachment_id", flat=True)
    )
