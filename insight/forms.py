"""The search page's form: the words, and a department to narrow the proposals to."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from proposals.models import Proposal
from routing.models import Routing

from .permissions import SUBMITTED_STATUSES


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search words"), required=False, strip=True)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("All departments"),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        # The departments that own a submitted proposal or were routed one, as the call's
        # submissions filter lists its owners: a shorter list than the whole org chart, and
        # no choice that can only give an empty page. One query (a semi-join per department
        # through the proposals' and routings' department indexes); what the search then
        # finds for a department is decided by ``selectors.search``.
        owns = Proposal.objects.filter(owning_department=OuterRef("pk"), status__in=SUBMITTED_STATUSES)
        routed = Routing.objects.filter(department=OuterRef("pk"))
        self.fields["department"].queryset = Department.objects.filter(
            Exists(owns) | Exists(routed)
        ).order_by("name")

    def chosen(self) -> tuple[str, Department | None]:
        """The words (at most 100 characters) and the department; a department not in the
        list is dropped, the words are kept."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("q", "")[:100], data.get("department")
