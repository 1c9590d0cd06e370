"""Pages of the decision ledger: the innovation unit's list of all entries (filter by kind),
the entries of one object, and the head page every signed-in member of staff may see.

The entries (and the people behind the actor ids) are for the innovation unit; the head hash
and the latest checkpoint are public to every signed-in member of staff, so anyone can note
them and later check that the record was not rewritten."""

from django.apps import apps
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from accounts.mixins import InnovationUnitRequiredMixin
from accounts.permissions import is_innovation_unit
from core.paging import WindowPaginator

from . import selectors
from .enums import LedgerKind

PAGE_SIZE = 50


class EntryPageMixin(InnovationUnitRequiredMixin):
    """50 entries a page, Previous/Next only: nothing counts the entries (the head's position
    is how many there are)."""

    paginate_by = PAGE_SIZE
    paginator_class = WindowPaginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        page.object_list = rows = list(page.object_list)
        actors = selectors.actors_by_id(rows)
        for row in rows:
            row.actor = actors.get(row.actor_id)
        context["entries"] = rows
        return context


class EntryListView(EntryPageMixin, ListView):
    template_name = "ledger/entry_list.html"

    @cached_property
    def kind(self) -> str:
        kind = self.request.GET.get("kind", "")
        return kind if kind in LedgerKind.values else ""

    def get_queryset(self):
        return selectors.entries(kind=self.kind)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            kind=self.kind,
            kinds=LedgerKind.choices,
            head=selectors.ledger_head(),
            crumbs=[(_("Decision ledger"), "")],
        )


class ObjectEntriesView(EntryPageMixin, ListView):
    template_name = "ledger/object_entries.html"

    @cached_property
    def model(self):
        try:
            return apps.get_model(self.kwargs["object_type"])
        except (LookupError, ValueError) as error:
            raise Http404 from error

    def get_queryset(self):
        return selectors.entries_for_object(
            object_type=self.model._meta.label_lower, object_id=int(self.kwargs["object_id"])
        )

    def get_context_data(self, **kwargs):
        subject = self.model._default_manager.filter(pk=self.kwargs["object_id"]).first()
        subject_url = getattr(subject, "get_absolute_url", None)
        return super().get_context_data(
            **kwargs,
            object_type=self.model._meta.label_lower,
            object_id=int(self.kwargs["object_id"]),
            model_name=self.model._meta.verbose_name,
            subject=subject,
            subject_url=subject_url() if subject_url else "",
            crumbs=[
                (_("Decision ledger"), reverse("ledger:entry-list")),
                (_("Entries of one object"), ""),
            ],
        )


class HeadView(LoginRequiredMixin, TemplateView):
    """The current head hash and the latest checkpoint, for every signed-in member of staff."""

    template_name = "ledger/head.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            head=selectors.ledger_head(),
            checkpoint=selectors.latest_checkpoint(),
            can_view_ledger=is_innovation_unit(self.request.user),
            crumbs=[(_("Ledger head"), "")],
        )
