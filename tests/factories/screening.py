"""Factories and builders for the screening tests. State changes go through the services, so
the tests exercise the real doors."""

from datetime import timedelta

import factory
from django.utils import timezone

from screening import services
from screening.models import Screening
from tests.factories import CallFactory, SubmittedProposalFactory, UserFactory


class ClosedCallFactory(CallFactory):
    """A call that closed yesterday, ready to be screened."""

    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    closes_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class EntryFactory(SubmittedProposalFactory):
    """A submitted proposal of a call (pass ``call``); the reference follows the call's code."""

    reference = factory.LazyAttributeSequence(lambda p, n: f"{p.call.code}-{n + 1:03d}")


def setup_screening(
    *, call, by, members=(), blind: bool = True, open_it: bool = True, **settings
) -> Screening:
    settings.setdefault("deadline", timezone.now() + timedelta(days=14))
    screening = services.screening_configure(call=call, by=by, is_blind=blind, **settings)
    for member in members:
        services.board_member_add(call=call, user=member, by=by)
    if open_it:
        services.screening_open(call=call, by=by)
    screening.refresh_from_db()
    call.refresh_from_db()
    return screening


def score_all(*, screening: Screening, proposal, by, value: int | dict, comment: str = ""):
    criteria = list(screening.criteria.all())
    if isinstance(value, dict):
        scores = {c.pk: value[c.name] for c in criteria}
    else:
        scores = {c.pk: value for c in criteria}
    return services.review_save(proposal=proposal, by=by, scores=scores, comment=comment)


def board_member(**kwargs):
    return UserFactory(**kwargs)


def attach_pdf(proposal, *, name: str):
    """Stores a small PDF on ``proposal`` under ``name`` (the proposer's own file name), with
    its board copy derived as at upload (``attachment_board_copy_build``)."""
    import io

    import pikepdf
    from django.core.files.base import ContentFile

    from proposals.models import Attachment
    from proposals.services import attachment_board_copy_build

    pdf = pikepdf.new()
    pdf.add_blank_page()
    content = io.BytesIO()
    pdf.save(content)
    attachment = Attachment(
        proposal=proposal, original_name=name, size=len(content.getvalue()), kind="pdf", uploaded_by=proposal.proposer
    )
    attachment.file.save("upload", ContentFile(content.getvalue()), save=False)
    attachment.save()
    return attachment_board_copy_build(attachment)
