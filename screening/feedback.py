"""The messages to the proposers after the decision (결과 안내): their fields, their default
wording and the review summary, without writing anything (the writes are in
``screening.services.feedback``).

A message template is the unit's own text with fields in braces: ``{call}``, ``{title}``,
``{outcome}`` and ``{summary}``, or by their Korean names ``{공모명}``, ``{제목}``, ``{결과}`` and
``{심사요약}``. They are filled by one pass of a regular expression over the
template (never Django's template engine, never ``str.format``): a field's value is put in as
it is and not read again, so a title that itself holds ``{summary}`` or ``{{ … }}`` stays as
typed, and a template can reach nothing but those four values. A brace that names no field is
refused when the template is saved.

``{summary}`` is what the unit chose to tell of the board's review (``FeedbackSummary``): where
the entry ranked among the call's entries, or the board's average score as a band of half a
point, or nothing. It is made from the entry's summary row (``EntryScore``) only, never from a
review: no board member's name or own score reaches a proposer. The score band needs
``SCORE_BAND_MIN_REVIEWS`` reviews (with fewer, the average would be one or two members' own
scores); below that the rank band is said instead.
"""

import math
import re
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from proposals.enums import ProposalStatus
from proposals.models import Proposal

from . import selectors
from .enums import FeedbackSummary
from .models import Feedback, FeedbackSet, Screening

# Each field may be written by its English or its Korean name (the Korean templates and help
# text use the Korean ones, so a Korean page shows no Latin word).
FIELD_NAMES = {
    "call": "call",
    "title": "title",
    "outcome": "outcome",
    "summary": "summary",
    "공모명": "call",
    "제목": "title",
    "결과": "outcome",
    "심사요약": "summary",
}
KOREAN_NAMES = {key: name for name, key in FIELD_NAMES.items() if name != key}
FIELD_PATTERN = re.compile(r"\{([^{}\n]{0,40})\}")
TEMPLATE_MAX_LENGTH = 5000
SCORE_BAND_MIN_REVIEWS = 3
# (share of the entries, inclusive) from the top, for the rank band.
RANK_BANDS = (10, 25, 50)


def field_tokens() -> dict[str, str]:
    """Each field as the unit writes it in the active language: ``{제목}`` in Korean, ``{title}``
    otherwise. The names are code, not translated text, so a catalogue cannot break them; the
    messages put them in with ``%(title)s`` and the like."""
    korean = (get_language() or "").startswith("ko")
    return {key: "{%s}" % (KOREAN_NAMES[key] if korean else key) for key in KOREAN_NAMES}


def default_templates() -> dict[str, str]:
    """The wording a call's messages start from, in the active language."""
    tokens = field_tokens()
    opening = _("Thank you for your proposal “%(title)s” to the call “%(call)s”.") % tokens
    result = _("Result: %(outcome)s\nThe board's review: %(summary)s") % tokens
    return {
        "selected_template": "\n\n".join(
            [opening, result, _("The innovation unit will contact you soon about forming the lab.")]
        ),
        "not_selected_template": "\n\n".join(
            [
                opening,
                result,
                _(
                    "Your proposal is not set aside: the innovation unit will review its practical "
                    "effect and support the owning department in pursuing it."
                ),
            ]
        ),
    }


def unknown_fields(template: str) -> list[str]:
    """The braces of ``template`` that name no field, as written (``{name}``), in order."""
    found = []
    for match in FIELD_PATTERN.finditer(template):
        if match.group(1).strip() not in FIELD_NAMES and match.group(0) not in found:
            found.append(match.group(0))
    return found


def fill(template: str, values: dict[str, str]) -> str:
    """``template`` with each field replaced by its value, in one pass."""

    def value(match: re.Match) -> str:
        key = FIELD_NAMES.get(match.group(1).strip())
        return values[key] if key is not None else match.group(0)

    return FIELD_PATTERN.sub(value, template)


@dataclass(frozen=True)
class EntryFigures:
    """What the summary may use of one entry: its rank among ``entry_count`` entries, how many
    reviews scored it and their average total. Never a single review."""

    rank: int | None
    entry_count: int
    review_count: int
    mean: float | None


def rank_band(figures: EntryFigures) -> str:
    if not figures.review_count or figures.rank is None or not figures.entry_count:
        return _("not scored by the board")
    share = 100 * figures.rank / figures.entry_count
    for band in RANK_BANDS:
        if share <= band:
            return _("in the top %(share)s%% of the call's %(count)s entries") % {
                "share": band,
                "count": figures.entry_count,
            }
    return _("in the lower half of the call's %(count)s entries") % {"count": figures.entry_count}


def score_band(figures: EntryFigures, scale_max: int) -> str:
    if figures.review_count < SCORE_BAND_MIN_REVIEWS or figures.mean is None:
        return rank_band(figures)
    low = min(math.floor(figures.mean * 2) / 2, scale_max - 0.5)
    return _("an average between %(low)s and %(high)s out of %(max)s") % {
        "low": f"{low:.1f}",
        "high": f"{low + 0.5:.1f}",
        "max": scale_max,
    }


def summary_text(kind: str, figures: EntryFigures, scale_max: int) -> str:
    if kind == FeedbackSummary.SCORE_BAND:
        return score_band(figures, scale_max)
    if kind == FeedbackSummary.RANK_BAND:
        return rank_band(figures)
    return ""


def outcome_text(status: str) -> str:
    return str(ProposalStatus(status).label) if status in ProposalStatus.values else status


def field_values(*, feedback_set, proposal, figures: EntryFigures) -> dict[str, str]:
    """What each field says for ``proposal``."""
    return {
        "call": proposal.call.title,
        "title": proposal.title,
        "outcome": outcome_text(proposal.status),
        "summary": summary_text(feedback_set.summary, figures, feedback_set.screening.scale_max),
    }


def message_for(*, feedback_set, proposal, figures: EntryFigures) -> str:
    """The message ``proposal``'s authors get from ``feedback_set``'s template for its outcome
    (not counting an edit by hand)."""
    template = (
        feedback_set.selected_template
        if proposal.status == ProposalStatus.SELECTED
        else feedback_set.not_selected_template
    )
    return fill(
        template, field_values(feedback_set=feedback_set, proposal=proposal, figures=figures)
    )


# --- Reads: the unit's page, the release, the proposal's page ------------------------------


def feedback_set_of(screening: Screening) -> FeedbackSet:
    """The screening's messages as saved, or (not saved until the unit changes something) the
    default wording with the rank band."""
    found = (
        FeedbackSet.objects.filter(screening=screening)
        .select_related("screening", "released_by")
        .first()
    )
    return found or FeedbackSet(screening=screening, **default_templates())


def feedback_entries(screening: Screening) -> QuerySet[Proposal]:
    """The decided entries ranked (``selectors.ranked_entries``), each with its call and its
    message row if any: one query for any slice."""
    return selectors.ranked_entries(screening=screening).select_related("call", "feedback_message")


def figures_of(proposal: Proposal, entry_count: int) -> EntryFigures:
    """The summary's figures of a proposal annotated by ``feedback_entries``."""
    count = proposal.review_count or 0
    return EntryFigures(
        rank=proposal.rank,
        entry_count=entry_count,
        review_count=count,
        mean=proposal.total_sum / count if count else None,
    )


@dataclass(frozen=True)
class FeedbackRow:
    proposal: Proposal
    body: str
    edited: bool


def feedback_rows(*, feedback_set: FeedbackSet, proposals, entry_count: int) -> list[FeedbackRow]:
    """Each proposal's message: the stored one (edited by hand, or released), else the
    template's for its outcome. No query beyond ``proposals``'."""
    rows = []
    for proposal in proposals:
        stored = getattr(proposal, "feedback_message", None)
        if stored is not None:
            rows.append(FeedbackRow(proposal=proposal, body=stored.body, edited=stored.edited))
            continue
        body = message_for(
            feedback_set=feedback_set, proposal=proposal, figures=figures_of(proposal, entry_count)
        )
        rows.append(FeedbackRow(proposal=proposal, body=body, edited=False))
    return rows


def feedback_row(
    *, feedback_set: FeedbackSet, proposal: Proposal, template_body: str | None = None
) -> FeedbackRow:
    """One entry's message (the edit page): its stored one, else the template's
    (``template_body`` when the caller has it already, else ``template_message``: the figures
    from the summary rows, three queries)."""
    stored = Feedback.objects.filter(proposal_id=proposal.pk).first()
    if stored is not None:
        return FeedbackRow(proposal=proposal, body=stored.body, edited=stored.edited)
    if template_body is None:
        template_body = template_message(feedback_set=feedback_set, proposal=proposal)
    return FeedbackRow(proposal=proposal, body=template_body, edited=False)


def entry_figures(screening: Screening, proposal: Proposal) -> EntryFigures:
    """One entry's figures from the summary rows (``selectors.entry_rank``, three queries)."""
    result, entry_count = selectors.entry_rank(screening=screening, proposal=proposal)
    return EntryFigures(
        rank=result.rank if result else None,
        entry_count=entry_count,
        review_count=result.review_count if result else 0,
        mean=result.weighted_mean if result else None,
    )


def template_message(*, feedback_set: FeedbackSet, proposal: Proposal) -> str:
    """What the call's template says to ``proposal``'s authors, whatever was edited by hand."""
    figures = entry_figures(feedback_set.screening, proposal)
    return message_for(feedback_set=feedback_set, proposal=proposal, figures=figures)


def released_feedback(proposal: Proposal) -> Feedback | None:
    """The message released to ``proposal``'s authors, if any (one query)."""
    return (
        Feedback.objects.filter(proposal_id=proposal.pk, feedback_set__released_at__isnull=False)
        .select_related("feedback_set")
        .first()
    )
