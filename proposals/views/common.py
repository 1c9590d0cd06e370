"""What several of the proposals app's views share."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from ..models import Call


class CallInUrlMixin:
    """``self.call``: the call the URL's ``pk`` names, read once per request (404 when none)."""

    @cached_property
    def call(self) -> Call:
        return get_object_or_404(Call, pk=self.kwargs["pk"])
