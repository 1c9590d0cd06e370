"""What the proposals app holds about a person, for their "my data" download
(``core.personal_data``): the proposals they wrote or were named on, the files they attached
and the questions they asked about calls. Never another author's name."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import iso, register_personal_data

from .models import Attachment, CallQuestion, CoProposer, IdeaBankConsent, Proposal


def _proposal(proposal: Proposal, role: str) -> dict:
    return {
        "role": role,
        "call": proposal.call.title,
        "reference": proposal.reference or None,
        "title": proposal.title,
        "status": str(proposal.get_status_display()),
        "problem": proposal.problem,
        "idea": proposal.idea,
        "effect": proposal.effect,
        "keywords": proposal.keywords,
        "volunteers_for_the_lab": proposal.proposer_volunteers if role == "proposer" else None,
        "created_at": iso(proposal.created_at),
        "submitted_at": iso(proposal.submitted_at),
    }


def proposals_of(user) -> list[dict]:
    """Proposals the person wrote and those they were invited to co-propose (2 queries)."""
    own = Proposal.objects.filter(proposer=user).select_related("call").order_by("created_at", "pk")
    rows = [_proposal(p, "proposer") for p in own]
    named = CoProposer.objects.filter(user=user).select_related("proposal__call").order_by("invited_at", "pk")
    for co in named:
        row = _proposal(co.proposal, "co-proposer")
        row.update(
            co_proposer_status=str(co.get_status_display()),
            volunteers_for_the_lab=co.volunteers,
            invited_at=iso(co.invited_at),
            responded_at=iso(co.responded_at),
        )
        rows.append(row)
    return rows


def attachments_of(user) -> list[dict]:
    """Files the person attached to a proposal: name, size, when (1 query; the files themselves
    are on the proposal's page)."""
    files = Attachment.objects.filter(uploaded_by=user).select_related("proposal").order_by("uploaded_at", "pk")
    return [
        {
            "proposal": f.proposal.title,
            "proposal_reference": f.proposal.reference or None,
            "file_name": f.original_name,
            "size_bytes": f.size,
            "uploaded_at": iso(f.uploaded_at),
        }
        for f in files
    ]


def questions_of(user) -> list[dict]:
    """Questions the person asked about a call, with the answer (1 query; not who answered)."""
    questions = CallQuestion.objects.filter(asked_by=user).select_related("call").order_by("asked_at", "pk")
    return [
        {
            "call": q.call.title,
            "question": q.text,
            "asked_at": iso(q.asked_at),
            "answer": q.answer or None,
            "answered_at": iso(q.answered_at),
        }
        for q in questions
    ]


def idea_bank_consents_of(user) -> list[dict]:
    """Every change of the person's own consents (the history rows they are the subject of),
    oldest first; the current answer is the last one per proposal."""
    rows = IdeaBankConsent.history.filter(user_id=user.pk).values(
        "proposal_id", "proposal__title", "agreed", "changed_at", "history_date", "history_type"
    )
    return [
        {
            "proposal_id": r["proposal_id"],
            "proposal": r["proposal__title"],
            "agreed": r["agreed"],
            "changed_at": iso(r["changed_at"]),
            "recorded_at": iso(r["history_date"]),
            "change": {"+": "created", "~": "changed", "-": "deleted"}[r["history_type"]],
        }
        for r in rows.order_by("history_date", "history_id")
    ]


def register() -> None:
    register_personal_data(
        order=10,
        slug="proposals",
        title=_("Proposals you wrote or co-proposed"),
        func=proposals_of,
        covers=("proposals.Proposal.proposer", "proposals.CoProposer.user"),
    )
    register_personal_data(
        order=11,
        slug="proposal_attachments",
        title=_("Files you attached to proposals"),
        func=attachments_of,
        covers=("proposals.Attachment.uploaded_by",),
    )
    register_personal_data(
        order=12,
        slug="call_questions",
        title=_("Questions you asked about calls"),
        func=questions_of,
        covers=("proposals.CallQuestion.asked_by",),
    )
    register_personal_data(
        order=13,
        slug="idea_bank_consents",
        title=_("Your consents to the idea bank"),
        func=idea_bank_consents_of,
        covers=("proposals.IdeaBankConsent.user",),
    )
