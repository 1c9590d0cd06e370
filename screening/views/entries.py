"""A board member's pages: their workspace of entries, each entry (scoring, abstaining, its
attachments) and the export of their own scores."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.exports import csv_stream_response, xlsx_response
from proposals.enums import CallPhase
from proposals.extra_answers import answers_for

from .. import exports, selectors, services
from ..enums import ReviewState, ScoreVisibility
from ..forms import AbstainForm, ConflictForm, ReviewForm
from ..models import Review
from .mixins import BoardMemberMixin


class WorkspaceView(BoardMemberMixin, TemplateView):
    """The member's entries, 50 a page, filtered by their progress (all in SQL)."""

    template_name = "screening/workspace.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        state = self.request.GET.get("state", "")
        if state not in ReviewState.values:
            state = ""
        user = self.request.user
        entries = self.board_entries
        counts = selectors.workspace_counts(call=self.call, user=user, entries=entries)
        total = sum(counts.values())
        paginator = Paginator(
            selectors.workspace_entries(call=self.call, user=user, state=state, entries=entries), self.paginate_by
        )
        paginator.count = counts[state] if state else total
        page_obj = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(
            **kwargs,
            rows=[selectors.workspace_row(p) for p in page_obj.object_list],
            page_obj=page_obj,
            total=total,
            done=counts[ReviewState.SCORED] + counts[ReviewState.ABSTAINED],
            counts=counts,
            state=state,
            states=ReviewState,
        )


class MyExportView(BoardMemberMixin, View):
    """A board member's own scores; without names or departments when the review is blind."""

    def get(self, request, *args, **kwargs):
        criteria = selectors.screening_criteria(self.screening)
        identities = not self.screening.is_blind
        reviews = selectors.board_member_reviews(screening=self.screening, user=request.user)
        if identities:
            reviews = reviews.select_related("proposal__proposer__department", "proposal__owning_department")
        reviews = reviews.select_related("reviewer")
        header = exports.score_header(criteria, identities=identities, ranking=False)
        rows = [exports.score_row(r, criteria, identities=identities) for r in reviews]
        filename = f"my-scores-{self.call.code}"
        if kwargs["fmt"] == "csv":
            return csv_stream_response(filename=filename, headers=header, rows=rows)
        return xlsx_response(filename=filename, sheets=[(_("Scores"), header, rows)])


class EntryMixin(BoardMemberMixin):
    @cached_property
    def proposal(self):
        proposal = selectors.board_entry(
            entries=self.board_entries, pk=self.kwargs["pk"], identities=not self.screening.is_blind
        )
        if proposal is None:
            raise Http404
        return proposal

    @cached_property
    def place(self) -> selectors.EntryPlace:
        return selectors.entry_place(entries=self.board_entries, pk=self.proposal.pk, user=self.request.user)

    @cached_property
    def reviews(self) -> tuple[Review | None, list[Review]]:
        """The member's own review and the others' (read only when they may ever be shown)."""
        return selectors.entry_reviews(
            proposal=self.proposal,
            user=self.request.user,
            others=self.screening.score_visibility != ScoreVisibility.NEVER,
        )

    @cached_property
    def review(self) -> Review | None:
        return self.reviews[0]


class EntryView(EntryMixin, TemplateView):
    template_name = "screening/entry.html"

    @cached_property
    def criteria(self):
        return selectors.screening_criteria(self.screening)

    def review_form(self, data=None):
        initial = {}
        if self.review is not None:
            initial = {f"criterion_{s.criterion_id}": s.value for s in self.review.scores.all()}
            initial["comment"] = self.review.comment
        return ReviewForm(data, initial=initial, criteria=self.criteria, scale_max=self.screening.scale_max)

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        visibility = self.screening.score_visibility
        filed = self.review is not None
        show_others = visibility == ScoreVisibility.ALWAYS or (
            visibility == ScoreVisibility.AFTER_OWN and filed
        )
        form = kwargs.pop("form", None) or self.review_form()
        abstain_form = kwargs.pop("abstain_form", None) or AbstainForm()
        conflict_form = kwargs.pop("conflict_form", None) or ConflictForm()
        if self.call.phase != CallPhase.SCREENING:
            for field in form.fields.values():
                field.disabled = True
        attachments = selectors.board_attachments(screening=self.screening, proposal=proposal)
        return super().get_context_data(
            **kwargs,
            proposal=proposal,
            review=self.review,
            form=form,
            abstain_form=abstain_form,
            conflict_form=conflict_form,
            attachments=attachments,
            extra_answers=answers_for(
                proposal, for_board=True, board_file_names={row.attachment.pk: row.name for row in attachments}
            ),
            coproposers=(
                []
                if self.screening.is_blind
                else list(proposal.coproposers.filter(status="accepted").select_related("user__department"))
            ),
            position=self.place.position,
            total=self.place.total,
            previous_pk=self.place.previous_pk,
            next_pk=self.place.next_pk,
            done=self.place.done,
            next_todo=self.place.next_todo,
            others=self.reviews[1] if show_others else None,
            criteria=self.criteria,
            visibility=visibility,
        )

    def post(self, request, *args, **kwargs):
        form = self.review_form(request.POST)
        if form.is_valid():
            try:
                services.review_save(
                    proposal=self.proposal,
                    by=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your scores for %(reference)s were saved.") % {
                    "reference": self.proposal.reference
                })
                return HttpResponseRedirect(self.after_save_url())
        return self.render_to_response(self.get_context_data(form=form))

    def after_save_url(self) -> str:
        """"Save and next": the next entry not yet reviewed (after this one, wrapping round),
        else the next entry, else the workspace."""
        if "save_next" in self.request.POST:
            next_pk = self.place.next_todo[0] if self.place.next_todo else self.place.next_pk
            if next_pk is not None:
                return reverse("screening:entry", kwargs={"call_pk": self.call.pk, "pk": next_pk})
            return reverse("screening:workspace", kwargs={"call_pk": self.call.pk})
        return self.request.path


class AbstainView(EntryView):
    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(
            reverse("screening:entry", kwargs={"call_pk": self.call.pk, "pk": self.proposal.pk})
        )

    def post(self, request, *args, **kwargs):
        form = AbstainForm(request.POST)
        if form.is_valid():
            try:
                services.review_abstain(proposal=self.proposal, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("You abstained on %(reference)s.") % {
                    "reference": self.proposal.reference
                })
                return HttpResponseRedirect(
                    reverse("screening:entry", kwargs={"call_pk": self.call.pk, "pk": self.proposal.pk})
                )
        return self.render_to_response(self.get_context_data(abstain_form=form))


class ConflictDeclareView(EntryView):
    """The member declares a conflict of interest: the entry leaves their list, so they go back
    to it (``services.conflict_declare``)."""

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(
            reverse("screening:entry", kwargs={"call_pk": self.call.pk, "pk": self.proposal.pk})
        )

    def post(self, request, *args, **kwargs):
        form = ConflictForm(request.POST)
        if form.is_valid():
            try:
                services.conflict_declare(proposal=self.proposal, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("You declared a conflict of interest on %(reference)s; it is no longer on your list.")
                    % {"reference": self.proposal.reference},
                )
                return HttpResponseRedirect(reverse("screening:workspace", kwargs={"call_pk": self.call.pk}))
        return self.render_to_response(self.get_context_data(conflict_form=form))


class EntryAttachmentView(EntryMixin, View):
    """Streams an entry's attachment as ``selectors.board_attachments`` has it: under blind
    review the board copy (without its makers' names) under a neutral name; a file without a
    board copy is a 404 (the entry page says why it is not available)."""

    def get(self, request, *args, **kwargs):
        for row in selectors.board_attachments(screening=self.screening, proposal=self.proposal):
            if row.attachment.pk == kwargs["attachment_pk"]:
                if row.file is None:
                    raise Http404
                try:
                    handle = row.file.open("rb")
                except FileNotFoundError as error:
                    raise Http404 from error
                return FileResponse(handle, as_attachment=True, filename=row.name)
        raise Http404
