"""Questions about a call (문의·답변): a member of staff asks on the call's page; the innovation
unit answers on the call's questions page and chooses which answers to publish
(``proposals.services.questions``)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from accounts.mixins import InnovationUnitRequiredMixin
from core.forms import add_form_errors

from .. import selectors, services
from ..forms import CallAnswerForm, CallQuestionForm
from ..models import Call, CallQuestion


class CallQuestionCreateView(LoginRequiredMixin, View):
    """GET: the question form on a page of its own (the call's page has it too); POST: asks."""

    template_name = "proposals/call_question_form.html"

    @cached_property
    def call(self):
        return get_object_or_404(Call, pk=self.kwargs["pk"])

    def render_form(self, form, status=200):
        context = {"call": self.call, "form": form, "can_ask": services.can_ask(self.request.user, self.call)}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self.render_form(CallQuestionForm())

    def post(self, request, pk):
        form = CallQuestionForm(request.POST)
        if form.is_valid():
            try:
                services.question_ask(call=self.call, by=request.user, text=form.cleaned_data["text"])
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your question has been sent. You will be notified of the answer."))
                return redirect(self.call.get_absolute_url() + "#questions-heading")
        return self.render_form(form, status=400)


class CallQuestionListView(InnovationUnitRequiredMixin, View):
    """The innovation unit's page of a call's questions: unanswered first, each with its answer
    form (the answer and whether to publish it)."""

    template_name = "proposals/call_questions.html"

    def get(self, request, pk):
        call = get_object_or_404(Call, pk=pk)
        return render(request, self.template_name, {"call": call, "rows": question_rows(call)})


def question_rows(call: Call, bound: CallAnswerForm | None = None, bound_pk: int | None = None) -> list:
    """``(question, answer form)`` for each of the call's questions; the one answered in this
    request keeps its bound form (``bound`` for ``bound_pk``), with its errors."""
    return [
        (q, bound if q.pk == bound_pk else CallAnswerForm(prefix=f"q{q.pk}", initial={"answer": q.answer}))
        for q in selectors.call_questions(call)
    ]


class CallQuestionAnswerView(InnovationUnitRequiredMixin, View):
    def post(self, request, pk):
        question = get_object_or_404(CallQuestion.objects.select_related("call", "published_notice"), pk=pk)
        form = CallAnswerForm(request.POST, prefix=f"q{question.pk}")
        if form.is_valid():
            try:
                services.question_answer(
                    question=question, by=request.user, answer=form.cleaned_data["answer"],
                    publish=form.cleaned_data["publish"],
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The answer has been saved and the asker notified."))
                return redirect("proposals:call-questions", pk=question.call_id)
        call = question.call
        rows = question_rows(call, form, question.pk)
        return render(request, CallQuestionListView.template_name, {"call": call, "rows": rows}, status=400)
