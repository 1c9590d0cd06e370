"""The innovation unit's answer templates: reusable review texts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import ListView
from django.views.generic.edit import CreateView, DeleteView, UpdateView

from accounts.mixins import InnovationUnitRequiredMixin
from core.forms import add_form_errors
from core.paging import WindowPaginator

from .. import services
from ..forms import AnswerTemplateForm
from ..models import AnswerTemplate
from .common import LIST_PAGE_SIZE, CrumbsMixin, review_crumb


class AnswerTemplateListView(InnovationUnitRequiredMixin, CrumbsMixin, ListView):
    template_name = "routing/template_list.html"
    context_object_name = "templates"
    paginate_by = LIST_PAGE_SIZE
    paginator_class = WindowPaginator

    def get_crumbs(self):
        return [review_crumb(), (_("Answer templates"), "")]

    queryset = AnswerTemplate.objects.order_by("-is_active", "title", "id")


class AnswerTemplateSaveMixin(InnovationUnitRequiredMixin, CrumbsMixin):
    model = AnswerTemplate
    form_class = AnswerTemplateForm
    template_name = "routing/template_form.html"

    def get_crumbs(self):
        here = _("Edit answer template") if self.object else _("New answer template")
        return [
            review_crumb(),
            (_("Answer templates"), reverse("routing:template-list")),
            (here, ""),
        ]

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.answer_template_save(
                by=self.request.user,
                template=self.object if self.object and self.object.pk else None,
                **data,
            )
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The answer template was saved."))
        return redirect("routing:template-list")


class AnswerTemplateCreateView(AnswerTemplateSaveMixin, CreateView):
    pass


class AnswerTemplateUpdateView(AnswerTemplateSaveMixin, UpdateView):
    pass


class AnswerTemplateDeleteView(InnovationUnitRequiredMixin, CrumbsMixin, DeleteView):
    model = AnswerTemplate
    template_name = "routing/template_confirm_delete.html"
    context_object_name = "template"

    def get_crumbs(self):
        return [
            review_crumb(),
            (_("Answer templates"), reverse("routing:template-list")),
            (_("Delete answer template"), ""),
        ]

    def form_valid(self, form):
        services.answer_template_delete(template=self.object, by=self.request.user)
        messages.success(self.request, _("The answer template was deleted."))
        return redirect("routing:template-list")
