"""The innovation unit's pages for a call's extra questions (추가 항목): the list, the form to
add or change a question, and deleting one nobody has answered."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from accounts.mixins import InnovationUnitRequiredMixin
from core.confirm import confirmation_page, is_confirmed
from core.forms import add_form_errors, error_text

from .. import services
from ..extra_forms import ExtraQuestionForm
from ..models import ExtraQuestion
from ..services.extra_questions import ADDING_PHASES, FREE_FIELDS
from .common import CallInUrlMixin


def _list_url(call_id: int) -> str:
    return reverse("proposals:extra-question-list", kwargs={"pk": call_id})


class ExtraQuestionListView(CallInUrlMixin, InnovationUnitRequiredMixin, ListView):
    template_name = "proposals/extra_question_list.html"
    context_object_name = "questions"

    def get_queryset(self):
        return self.call.extra_questions.annotate(answer_count=Count("answers")).order_by(
            "position", "id"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            call=self.call,
            can_add=self.call.phase in ADDING_PHASES,
            free_fields=FREE_FIELDS,
            **kwargs,
        )


class ExtraQuestionFormMixin(InnovationUnitRequiredMixin):
    template_name = "proposals/extra_question_form.html"
    form_class = ExtraQuestionForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(call=self.call, question=self.question, **kwargs)

    def form_valid(self, form):
        try:
            self.save(form.question_fields())
        except ValidationError as error:
            add_form_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, self.success_message)
        return redirect(_list_url(self.call.pk))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ExtraQuestionCreateView(CallInUrlMixin, ExtraQuestionFormMixin, FormView):
    question = None

    @property
    def success_message(self):
        return _("The question has been added to the proposal form.")

    def save(self, fields):
        services.extra_question_add(call=self.call, by=self.request.user, fields=fields)


class ExtraQuestionUpdateView(ExtraQuestionFormMixin, FormView):
    @cached_property
    def question(self):
        return get_object_or_404(
            ExtraQuestion.objects.select_related("call").annotate(answer_count=Count("answers")),
            pk=self.kwargs["pk"],
        )

    @property
    def call(self):
        return self.question.call

    @property
    def success_message(self):
        return _("The question has been changed.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.question,
            "answered": bool(self.question.answer_count),
        }

    def save(self, fields):
        services.extra_question_update(question=self.question, by=self.request.user, fields=fields)


class ExtraQuestionDeleteView(InnovationUnitRequiredMixin, View):
    """Deleting cannot be undone: a POST without ``confirm=1`` only shows what it does."""

    def post(self, request, pk):
        question = get_object_or_404(ExtraQuestion.objects.select_related("call"), pk=pk)
        if not is_confirmed(request):
            return confirmation_page(
                request,
                title=_("Delete the question"),
                statement=_("“%(question)s” will be removed from the proposal form.")
                % {"question": question.label},
                confirm_label=_("Delete"),
                cancel_url=_list_url(question.call_id),
                crumbs=[(question.call.title, question.call.get_absolute_url())],
            )
        try:
            services.extra_question_delete(question=question, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The question has been deleted."))
        return redirect(_list_url(question.call_id))
