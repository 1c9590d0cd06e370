"""The read-only API (issue 20, part 5; docs/api.md): django-ninja, mounted at ``/api/``.

- ``/api/v1/calls``, ``/api/v1/calls/{id}``, ``/api/v1/outcomes``, ``/api/v1/outcomes/{id}``:
  anyone (``api.public``);
- ``/api/v1/me/proposals``, ``/api/v1/me/tasks``: a person's token (``api.me``);
- ``/api/schema/``: the OpenAPI 3 schema (JSON); ``/api/docs/``: the readable docs (``api.docs``).

Every endpoint refuses a token in the address (``api.auth``), is rate-limited per token or per
address (``api.throttles``), pages with a cursor (``api.pagination``) and answers errors as
``{"code", "message", "message_en"}`` (``api.errors``). Nothing here writes, except the token's
last use and the personal-data access log."""

from django.utils.translation import gettext_noop as N_
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from . import errors, me, public
from .auth import PublicAccess
from .docs import PortalDocs
from .throttles import PortalThrottle

# Marked for the catalogue: the operations' summaries and descriptions (shown translated by
# the docs page), written in api.public and api.me.
N_("Calls")
N_("Every call, newest first.")
N_("A call")
N_("One call with its description, guidance and published notices.")
N_("Outcomes")
N_("The public outcomes of decided calls, newest first.")
N_("A call's outcome")
N_("The public outcome of one decided call.")
N_("My proposals")
N_("The proposals you proposed or are named on, newest first.")
N_("My tasks")
N_("What waits on you, earliest deadline first.")


class KoreanJSON(JSONRenderer):
    """UTF-8 as written (한글, not \\uXXXX escapes): readable in curl and logs of integrators."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title=N_("G-Lab Portal API"),
    version="1",
    description=N_(
        "Read-only access for other government systems: calls and the public outcomes of decided "
        "calls for anyone, and with a personal token your own proposals and tasks."
    ),
    urls_namespace="api",
    openapi_url="/schema/",
    docs_url="/docs/",
    docs=PortalDocs(),
    docs_decorator=require_safe,  # GET and HEAD: a POST to the schema or the docs is 405
    auth=PublicAccess(),
    throttle=[PortalThrottle()],
    renderer=KoreanJSON(),
)
errors.install(api)
api.add_router("/v1", public.router)
api.add_router("/v1", me.router)
