import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Department

from .models import Proposal
from .selectors import SUBMISSION_STATUSES


class SubmissionFilter(django_filters.FilterSet):
    owning_department = django_filters.ModelChoiceFilter(
        label=_("Owning department"), queryset=Department.objects.order_by("name"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[(s.value, s.label) for s in SUBMISSION_STATUSES], empty_label=_("All")
    )
    q = django_filters.CharFilter(label=_("Keyword"), method="filter_keyword")

    class Meta:
        model = Proposal
        fields = ["owning_department", "status"]

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # The departments that own a submission of this call, not every department of the
        # portal: a short list, and no choice that can only give an empty page.
        self.filters["owning_department"].queryset = Department.objects.filter(
            pk__in=self.queryset.order_by().values("owning_department_id")
        ).order_by("name")

    def filter_keyword(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(keywords__icontains=value) | Q(reference__icontains=value)
        )

