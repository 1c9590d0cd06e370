"""The innovation unit's messages to the proposers after the decision (결과 안내): the templates
and the summary with every entry's message (50 a page), one message edited by hand, and the
release of them all (``screening.services.feedback``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.confirm import confirmation_page, is_confirmed

from .. import feedback, permissions, services
from ..forms import FeedbackEditForm, FeedbackSettingsForm
from .mixins import ManagerMixin


class FeedbackMixin(ManagerMixin):
    @cached_property
    def feedback_set(self):
        return feedback.feedback_set_of(self.require_screening())

    @property
    def page_url(self) -> str:
        return reverse("screening:feedback", kwargs={"call_pk": self.call.pk})

    def can_write(self) -> bool:
        return self.require_screening().is_decided and not self.feedback_set.is_released

    def refused(self):
        """Before the decision or after the release: nothing to write; back to the page."""
        if self.feedback_set.is_released:
            messages.error(
                self.request, _("The messages have been released; they can no longer be changed.")
            )
        else:
            messages.error(
                self.request,
                _("The messages to the proposers can be written once the screening is decided."),
            )
        return HttpResponseRedirect(self.page_url)


class FeedbackView(FeedbackMixin, TemplateView):
    """The templates and summary, and every entry's message as its authors will read it."""

    template_name = "screening/feedback.html"
    paginate_by = 50

    def settings_form(self, data=None):
        fs = self.feedback_set
        initial = {
            "selected_template": fs.selected_template,
            "not_selected_template": fs.not_selected_template,
            "summary": fs.summary,
        }
        return FeedbackSettingsForm(data, initial=initial)

    def get_context_data(self, **kwargs):
        screening = self.require_screening()
        form = kwargs.pop("form", None) or self.settings_form()
        rows, page_obj = [], None
        if screening.is_decided:
            entry_count = permissions.entries(self.call).count()
            page_obj = Paginator(range(entry_count), self.paginate_by).get_page(
                self.request.GET.get("page")
            )
            span = page_obj.object_list
            proposals = feedback.feedback_entries(screening)[span.start : span.stop]
            rows = feedback.feedback_rows(
                feedback_set=self.feedback_set, proposals=proposals, entry_count=entry_count
            )
        return super().get_context_data(
            **kwargs,
            feedback_set=self.feedback_set,
            form=form,
            rows=rows,
            page_obj=page_obj,
            can_write=self.can_write(),
        )

    def post(self, request, *args, **kwargs):
        if not self.can_write():
            return self.refused()
        form = self.settings_form(request.POST)
        if form.is_valid():
            try:
                services.feedback_configure(call=self.call, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("The templates were saved; the messages below follow them.")
                )
                return HttpResponseRedirect(self.page_url)
        return self.render_to_response(self.get_context_data(form=form))


class FeedbackEditView(FeedbackMixin, TemplateView):
    """One entry's message in the unit's own words; empty goes back to the template."""

    template_name = "screening/feedback_edit.html"

    @cached_property
    def proposal(self):
        return get_object_or_404(
            permissions.entries(self.call).select_related("call"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        self.require_screening()
        template_body = feedback.template_message(
            feedback_set=self.feedback_set, proposal=self.proposal
        )
        row = feedback.feedback_row(
            feedback_set=self.feedback_set, proposal=self.proposal, template_body=template_body
        )
        form = kwargs.pop("form", None) or FeedbackEditForm(
            initial={"body": row.body if row.edited else ""}
        )
        return super().get_context_data(
            **kwargs,
            proposal=self.proposal,
            row=row,
            template_body=template_body,
            form=form,
            can_write=self.can_write(),
        )

    def post(self, request, *args, **kwargs):
        self.proposal  # noqa: B018 - a proposal outside the call's entries is a 404 first
        if not self.can_write():
            return self.refused()
        form = FeedbackEditForm(request.POST)
        if form.is_valid():
            try:
                edited = services.feedback_edit(
                    call=self.call,
                    proposal=self.proposal,
                    by=request.user,
                    body=form.cleaned_data["body"],
                )
            except ValidationError as error:
                form.add_error("body", error)
            else:
                if edited is None:
                    messages.success(request, _("The message follows the call's template again."))
                else:
                    messages.success(request, _("The message was saved."))
                return HttpResponseRedirect(self.page_url)
        return self.render_to_response(self.get_context_data(form=form))


class FeedbackReleaseView(FeedbackMixin, View):
    """Sends every entry's message at once, after the confirmation step."""

    def post(self, request, *args, **kwargs):
        self.require_screening()
        if not self.can_write():
            return self.refused()
        if not is_confirmed(request):
            count = permissions.entries(self.call).count()
            return confirmation_page(
                request,
                title=_("Release the messages to the proposers"),
                statement=_(
                    "The messages to the %(count)s proposals of this call will be sent to their proposers and "
                    "co-proposers and shown on each proposal's page. They are sent once and can no longer be "
                    "changed afterwards."
                )
                % {"count": count},
                confirm_label=_("Release the messages"),
                cancel_url=self.page_url,
                crumbs=[(self.call.title, self.call.get_absolute_url())],
            )
        try:
            count = services.feedback_release(call=self.call, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The messages to %(count)s proposals were released.") % {"count": count}
            )
        return HttpResponseRedirect(self.page_url)
