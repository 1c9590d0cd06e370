"""What the routing pages share: the breadcrumb trail, the page size and the call in the URL."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from proposals.models import Call

PAGE_SIZE = 25
# The unit's lists of settings (answer templates, liaisons): longer pages, still bounded.
LIST_PAGE_SIZE = 50


class CrumbsMixin:
    """Puts the breadcrumb trail (``includes/breadcrumb.html``) in the context."""

    def get_crumbs(self) -> list[tuple[str, str]]:
        return []

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=self.get_crumbs(), **kwargs)


def review_crumb() -> tuple[str, str]:
    return (_("Practical-effect review"), reverse("routing:review-call-list"))


def call_crumb(call: Call) -> tuple[str, str]:
    return (call.code, reverse("routing:review-queue", kwargs={"call_pk": call.pk}))


class CallMixin:
    def get_call(self) -> Call:
        if not hasattr(self, "_call"):
            self._call = get_object_or_404(Call, pk=self.kwargs["call_pk"])
        return self._call
