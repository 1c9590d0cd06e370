"""The progress log: the timeline, writing and correcting entries, comments, milestones."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView

from .. import permissions, selectors, services
from ..forms import CommentForm, LogEntryForm, MilestoneForm
from ..models import LogEntry, Milestone
from ._base import LogAccessMixin, MemberRequiredMixin, ServiceFormMixin


def _entry_url(entry: LogEntry) -> str:
    """The timeline page showing ``entry``, scrolled to it."""
    page = selectors.timeline_page_number(entry)
    query = f"?page={page}" if page > 1 else ""
    return reverse("labs:timeline", kwargs={"pk": entry.lab_id}) + f"{query}#entry-{entry.pk}"


class TimelineView(LogAccessMixin, ListView):
    page_title = gettext_lazy("Progress log")
    template_name = "labs/timeline.html"
    context_object_name = "entries"
    paginate_by = selectors.TIMELINE_PAGE_SIZE

    def get_queryset(self):
        return selectors.timeline_entries(self.lab)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = context["today"]
        context.update(
            items=selectors.timeline(self.lab, context["page_obj"]),
            can_write=permissions.can_write_log(self.request.user, self.lab, self.member),
            can_comment=permissions.can_comment(self.request.user, self.lab, self.member),
            days_elapsed=self.lab.days_elapsed(today),
            days_left=self.lab.days_left(today),
        )
        return context


class EntryCreateView(MemberRequiredMixin, ServiceFormMixin, FormView):
    page_title = gettext_lazy("Write a progress log entry")
    template_name = "labs/entry_form.html"
    form_class = LogEntryForm
    success_message = gettext_lazy("The entry has been added to the progress log.")

    def get_initial(self):
        return {"entry_date": timezone.localdate()}

    def perform(self, form):
        data = dict(form.cleaned_data)
        uploads = data.pop("uploads")
        return services.log_entry_create(lab=self.lab, by=self.request.user, uploads=uploads, **data)

    def get_success_url(self):
        return _entry_url(self.result)


class EntryUpdateView(EntryCreateView):
    page_title = gettext_lazy("Edit a progress log entry")
    success_message = gettext_lazy("The entry has been updated.")

    @cached_property
    def entry(self) -> LogEntry:
        return get_object_or_404(self.lab.entries.prefetch_related("attachments"), pk=self.kwargs["entry_pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = LogEntry.objects.get(pk=self.entry.pk)
        return kwargs

    def get_initial(self):
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entry"] = self.entry
        return context

    def perform(self, form):
        data = dict(form.cleaned_data)
        uploads = data.pop("uploads")
        return services.log_entry_update(entry=self.entry, by=self.request.user, uploads=uploads, **data)


class CommentCreateView(LogAccessMixin, View):
    def post(self, request, *args, **kwargs):
        entry = get_object_or_404(self.lab.entries, pk=self.kwargs["entry_pk"])
        form = CommentForm(request.POST)
        if not permissions.can_comment(request.user, self.lab, self.member):
            raise PermissionDenied
        if form.is_valid():
            services.log_comment_add(entry=entry, by=request.user, body=form.cleaned_data["body"])
            messages.success(request, _("Your comment has been added."))
        else:
            messages.error(request, _("Write a comment first."))
        return redirect(_entry_url(entry))


class MilestoneCreateView(MemberRequiredMixin, ServiceFormMixin, FormView):
    page_title = gettext_lazy("Add a milestone")
    template_name = "labs/milestone_form.html"
    form_class = MilestoneForm
    success_message = gettext_lazy("The milestone has been added.")

    def perform(self, form):
        return services.milestone_create(lab=self.lab, by=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("labs:timeline", kwargs={"pk": self.lab.pk})


class MilestoneToggleView(MemberRequiredMixin, View):
    def post(self, request, *args, **kwargs):
        milestone = get_object_or_404(Milestone, pk=self.kwargs["milestone_pk"], lab=self.lab)
        services.milestone_set_done(milestone=milestone, by=request.user, done=request.POST.get("done") == "1")
        messages.success(request, _("The milestone has been updated."))
        return redirect(reverse("labs:timeline", kwargs={"pk": self.lab.pk}))
