"""The idea bank (아이디어 뱅크): not-selected ideas routed to departments, shown to all staff
with their authors' consent and without their names; supports (공감), comments, follows, and
the innovation unit hiding a comment."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from accounts.mixins import InnovationUnitRequiredMixin
from accounts.permissions import is_innovation_unit
from core.forms import add_form_errors, error_text
from core.paging import WindowPaginator
from core.views import RoleRequiredMixin

from .. import idea_bank, services
from ..forms import CommentHideForm, IdeaCommentForm
from ..models import IdeaComment
from ..permissions import banked_proposals, can_use_idea_bank
from .common import CrumbsMixin

IDEA_PAGE_SIZE = 20


class IdeaBankRequiredMixin(RoleRequiredMixin):
    """Anonymous → sign-in; signed in but not let into the idea bank (an outside evaluator) →
    403. The header's menu asks the same ``can_use_idea_bank``."""

    role_test = can_use_idea_bank


def bank_crumb() -> tuple[str, str]:
    return (_("Idea bank"), reverse("routing:idea-list"))


def idea_url(pk: int) -> str:
    return reverse("routing:idea-detail", kwargs={"pk": pk})


class IdeaListView(IdeaBankRequiredMixin, CrumbsMixin, ListView):
    """Who comes: any member of staff, between two meetings, curious what colleagues proposed
    and what became of it (or a liaison looking at what is asked of their department). What
    they do: search by words, narrow to a department, sort by newest or most supported. Next:
    open an idea to read the department's answer, support it, comment or follow it."""

    template_name = "routing/idea_list.html"
    context_object_name = "ideas"
    paginate_by = IDEA_PAGE_SIZE
    paginator_class = WindowPaginator

    def get_crumbs(self):
        return [(_("Idea bank"), "")]

    def filters(self) -> dict:
        get = self.request.GET
        department = get.get("department", "")
        order = get.get("order", "")
        return {
            "q": get.get("q", "").strip(),
            "department_id": int(department) if department.isdigit() else None,
            "order": order if order in idea_bank.ORDERS else "newest",
        }

    def get_queryset(self):
        f = self.filters()
        return idea_bank.idea_list(
            words=idea_bank.search_words(f["q"]), department_id=f["department_id"], order=f["order"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filters=self.filters(), departments=idea_bank.idea_departments(), **kwargs
        )


class IdeaDetailView(IdeaBankRequiredMixin, CrumbsMixin, TemplateView):
    """Who comes: a member of staff from the bank's list or a follower's notification. What
    they read: the idea's title and text, its department and the departments' answers and
    progress, the colleagues' comments (no names anywhere, the authors' included). What they
    do next: support it (공감) or take it back, comment, follow or unfollow; the innovation unit
    hides a comment with a reason."""

    template_name = "routing/idea_detail.html"

    def get_crumbs(self):
        return [bank_crumb(), (self.idea.title, "")]

    def load_idea(self):
        self.idea = idea_bank.idea_detail(self.kwargs["pk"], self.request.user)
        if self.idea is None:
            raise Http404

    def get(self, request, *args, **kwargs):
        self.load_idea()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("comment_form", IdeaCommentForm())
        for comment in self.idea.comments:
            comment.mine = comment.author_id == self.request.user.pk
        return super().get_context_data(
            idea=self.idea,
            can_hide=is_innovation_unit(self.request.user),
            **kwargs,
        )


class IdeaActionView(IdeaBankRequiredMixin, View):
    """POST only: one change on an idea in the bank (404 for an idea not in it)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        idea = get_object_or_404(banked_proposals().only("pk"), pk=pk)
        try:
            self.act(idea, request.POST)
        except ValidationError as error:
            messages.error(request, error_text(error))
        return HttpResponseRedirect(idea_url(idea.pk) + self.anchor)

    anchor = ""

    def act(self, idea, data) -> None:
        raise NotImplementedError


class IdeaSupportView(IdeaActionView):
    """공감: ``support=0`` takes it back, anything else gives it (once per person)."""

    anchor = "#idea-actions"

    def act(self, idea, data):
        if data.get("support") == "0":
            services.idea_unsupport(proposal=idea, by=self.request.user)
            messages.success(self.request, _("Your support was taken back."))
        else:
            services.idea_support(proposal=idea, by=self.request.user)
            messages.success(self.request, _("You support this idea."))


class IdeaFollowView(IdeaActionView):
    """``follow=0`` stops following, anything else follows."""

    anchor = "#idea-actions"

    def act(self, idea, data):
        if data.get("follow") == "0":
            services.idea_unfollow(proposal=idea, by=self.request.user)
            messages.success(self.request, _("You no longer follow this idea."))
        else:
            services.idea_follow(proposal=idea, by=self.request.user)
            messages.success(
                self.request, _("You follow this idea: you will be told when it is answered.")
            )


class IdeaCommentView(IdeaDetailView):
    """POST only: a comment; a refused one shows the idea's page again with the form's errors."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.load_idea()
        form = IdeaCommentForm(request.POST)
        if form.is_valid():
            try:
                services.idea_comment_add(
                    proposal=self.idea, by=request.user, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your comment was added."))
                return HttpResponseRedirect(idea_url(self.idea.pk) + "#comments")
        context = self.get_context_data(comment_form=form)
        return self.render_to_response(context, status=400)


class CommentHideView(InnovationUnitRequiredMixin, CrumbsMixin, TemplateView):
    """Who comes: a member of the innovation unit, from a comment on an idea's page. What they
    do: give the reason the comment is hidden (kept with who and when; readers see
    "숨김 처리된 댓글" and the reason). Next: back on the idea's page."""

    template_name = "routing/comment_hide.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.comment = None

    def get_comment(self) -> IdeaComment:
        if self.comment is None:
            self.comment = get_object_or_404(
                IdeaComment.objects.select_related("proposal").only(
                    "pk", "text", "created_at", "hidden_at", "hidden_reason", "proposal__title"
                ),
                pk=self.kwargs["pk"],
            )
        return self.comment

    def get_crumbs(self):
        comment = self.get_comment()
        return [
            bank_crumb(),
            (comment.proposal.title, idea_url(comment.proposal_id)),
            (_("Hide a comment"), ""),
        ]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", CommentHideForm())
        return super().get_context_data(comment=self.get_comment(), **kwargs)

    def post(self, request, *args, **kwargs):
        comment = self.get_comment()
        form = CommentHideForm(request.POST)
        if form.is_valid():
            try:
                services.idea_comment_hide(
                    comment=comment, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The comment is hidden."))
                return HttpResponseRedirect(idea_url(comment.proposal_id) + "#comments")
        return self.render_to_response(self.get_context_data(form=form), status=400)
