"""The permission matrix: every URL of the portal × every role × GET and POST.

Each row names the objects behind the URL's keyword arguments (from ``matrix_world``) and the
expected answer per role:

- ``LOGIN``: a redirect to the sign-in page (anonymous visitors, except on the public pages);
- ``403``: a role-level action the person may not take;
- ``404``: an object the person may not see (or that does not exist for them);
- ``405``: the view does not answer this method;
- ``OK``: GET → 200; POST with empty data → 200, 302 or 400 (a form error is fine);
- ``REDIRECT``: a 302 somewhere other than the sign-in page.

Every refused request (LOGIN, 403, 404, 405) must leave every table's row count as it was —
history tables included, so an update through a service would show too. Only the session
table, axes' logs and the personal-data access log may change (they record the attempt).

The public pages, reachable without signing in, are listed in ``PUBLIC_PAGES``. A URL without
a row fails ``test_every_url_has_a_row``.
"""

import pickle
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.urls import reverse

from tests.db import row_counts

from .matrix_world import ROLES, build_world
from .urlwalk import all_routes

OK, REDIRECT, LOGIN = "ok", "redirect", "login"
FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 403, 404, 405
UNAUTHORIZED = 401  # the API's token-only endpoints: a session opens nothing there
REFUSED = (LOGIN, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, NOT_ALLOWED)
SIGNED_IN_ROLES = tuple(role for role in ROLES if role != "anonymous")


def expect(default, *, anonymous=LOGIN, **by_role) -> dict:
    """The expected answer for every role: ``default`` unless named (anonymous → sign-in)."""
    unknown = set(by_role) - set(SIGNED_IN_ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {"anonymous": anonymous, **{role: by_role.get(role, default) for role in SIGNED_IN_ROLES}}


@dataclass
class Row:
    get: dict
    post: dict
    kwargs: object = None  # world -> the URL's keyword arguments
    query: object = None  # world -> query string
    why: str = ""


PUBLIC = expect(OK, anonymous=OK)
PUBLIC_NO_METHOD = expect(NOT_ALLOWED, anonymous=NOT_ALLOWED)
SIGNED_IN = expect(OK)
NO_METHOD = expect(NOT_ALLOWED)
UNIT = expect(FORBIDDEN, iu=OK)
UNIT_NO_METHOD = expect(FORBIDDEN, iu=NOT_ALLOWED)
AUTHORS_AND_UNIT = expect(NOT_FOUND, proposer=OK, coproposer=OK, iu=OK)
AUTHORS_NOT_UNIT = expect(NOT_FOUND, proposer=OK, coproposer=OK, iu=FORBIDDEN)
BOARD = expect(NOT_FOUND, board=OK)
BOARD_NO_METHOD = expect(NOT_FOUND, board=NOT_ALLOWED)
LAB_READERS = expect(NOT_FOUND, iu=OK, member=OK)
LAB_READERS_NO_METHOD = expect(NOT_FOUND, iu=NOT_ALLOWED, member=NOT_ALLOWED)
LAB_WRITERS = expect(NOT_FOUND, iu=FORBIDDEN, member=OK)
ROUTING_LIAISON_ACTION = expect(NOT_FOUND, proposer=FORBIDDEN, coproposer=FORBIDDEN, iu=FORBIDDEN, liaison=OK)
ROUTING_UNIT_ACTION = expect(NOT_FOUND, proposer=FORBIDDEN, coproposer=FORBIDDEN, iu=OK, liaison=FORBIDDEN)

# Reachable without signing in (anonymous → 200, or the method is simply not served).
PUBLIC_PAGES = {
    "home",
    "accounts:login",
    "accounts:logout",
    "accounts:password-reset",
    "accounts:password-reset-sent",
    "accounts:password-set",
    "accounts:password-set-done",
    "proposals:call-list",
    "proposals:call-detail",
    "privacy:notice",
    # For load balancers and monitoring (glab_portal.probes); /metrics is off in the tests.
    "healthz",
    "readyz",
    "metrics",
    # Calendars (issue 20): a call's dates, public like its page; a person's feed, whose secret
    # address is its access (a calendar app fetches it without signing in).
    "proposals:call-ics",
    "calendar-feed",
    # The read-only API's public endpoints, its schema and docs (api.main).
    "api:calls",
    "api:call",
    "api:outcomes",
    "api:outcome",
    "api:openapi-json",
    "api:openapi-view",
    "api:api-root",
}

# The API's endpoints that answer only a bearer token (tests/api/test_roles.py calls them with
# one per role): 401 for everyone here, signed in or not, since the matrix's client has only a
# session.
TOKEN_ONLY = {"api:me-proposals", "api:me-tasks"}


def open_call(w):
    return {"pk": w.open_call.pk}


def proposal(w):
    return {"pk": w.proposal.pk}


def screening_call(w):
    return {"call_pk": w.screening_call.pk}


def board_entry(w):
    return {"call_pk": w.screening_call.pk, "pk": w.entry.pk}


def routing(w):
    return {"pk": w.routing.pk}


def idea(w):
    return {"pk": w.not_selected.pk}


def lab(w):
    return {"pk": w.lab.pk}


def recruiting_lab(w):
    return {"pk": w.recruiting_lab.pk}


def import_record(w):
    return {"pk": w.import_record.pk}


MATRIX: dict[str, Row] = {
    # --- home, sign-in, passwords ---------------------------------------------------------
    "home": Row(PUBLIC, PUBLIC_NO_METHOD),
    "accounts:login": Row(
        expect(REDIRECT, anonymous=OK), expect(REDIRECT, anonymous=OK),
        why="a signed-in person is sent on (redirect_authenticated_user)",
    ),
    "accounts:logout": Row(
        PUBLIC_NO_METHOD, expect(REDIRECT, anonymous=REDIRECT), why="signing out is POST only"
    ),
    "accounts:password-reset": Row(PUBLIC, PUBLIC),
    "accounts:password-reset-sent": Row(PUBLIC, PUBLIC_NO_METHOD),
    "accounts:password-set": Row(
        PUBLIC, PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"},
        why="an invalid link shows the 'link no longer valid' page",
    ),
    "accounts:password-set-done": Row(PUBLIC, PUBLIC_NO_METHOD),
    "accounts:password-change": Row(SIGNED_IN, SIGNED_IN),
    "accounts:password-change-done": Row(SIGNED_IN, NO_METHOD),
    "accounts:people-lookup": Row(
        SIGNED_IN, NO_METHOD, query=lambda w: "q=김",
        why="the people picker: office staff only (an outside evaluator, no role here, gets 403)",
    ),
    # --- calls --------------------------------------------------------------------------------
    "proposals:call-list": Row(PUBLIC, PUBLIC_NO_METHOD),
    "proposals:call-create": Row(UNIT, UNIT),
    "proposals:call-detail": Row(PUBLIC, PUBLIC_NO_METHOD, kwargs=open_call),
    "proposals:call-update": Row(UNIT, UNIT, kwargs=open_call),
    "proposals:call-extend": Row(UNIT, UNIT, kwargs=open_call),
    "proposals:call-notice-create": Row(UNIT, UNIT, kwargs=open_call),
    "proposals:call-submissions": Row(UNIT, UNIT_NO_METHOD, kwargs=open_call),
    "proposals:call-questions": Row(UNIT, UNIT_NO_METHOD, kwargs=open_call),
    "proposals:call-question-ask": Row(SIGNED_IN, SIGNED_IN, kwargs=open_call, why="anyone signed in may ask"),
    "proposals:call-question-answer": Row(
        UNIT_NO_METHOD, UNIT, kwargs=lambda w: {"pk": w.call_question.pk}
    ),
    "proposals:call-submissions-export": Row(
        UNIT, UNIT_NO_METHOD, kwargs=lambda w: {"pk": w.open_call.pk, "fmt": "csv"}
    ),
    "proposals:extra-question-list": Row(UNIT, UNIT_NO_METHOD, kwargs=open_call),
    "proposals:extra-question-create": Row(UNIT, UNIT, kwargs=open_call),
    "proposals:extra-question-update": Row(UNIT, UNIT, kwargs=lambda w: {"pk": w.extra_question.pk}),
    "proposals:extra-question-delete": Row(
        UNIT_NO_METHOD, UNIT, kwargs=lambda w: {"pk": w.extra_question.pk},
        why="a POST without confirm=1 shows the confirmation step",
    ),
    # --- proposals ----------------------------------------------------------------------------
    "proposals:proposal-create": Row(SIGNED_IN, SIGNED_IN, kwargs=open_call, why="anyone may propose to an open call"),
    "proposals:proposal-create-autosave": Row(NO_METHOD, SIGNED_IN, kwargs=open_call),
    "proposals:my-proposals": Row(SIGNED_IN, NO_METHOD),
    "proposals:proposal-detail": Row(AUTHORS_AND_UNIT, NO_METHOD, kwargs=proposal),
    "proposals:proposal-panel": Row(
        AUTHORS_AND_UNIT, NO_METHOD, kwargs=lambda w: {"pk": w.proposal.pk, "slug": "history"},
        why="a deferred panel of the proposal's page: whoever may see the page",
    ),
    "proposals:proposal-update": Row(
        AUTHORS_NOT_UNIT, AUTHORS_NOT_UNIT, kwargs=proposal,
        why="the unit sees a submitted proposal but is not its author",
    ),
    "proposals:proposal-autosave": Row(
        NO_METHOD, AUTHORS_AND_UNIT, kwargs=lambda w: {"proposal_pk": w.proposal.pk},
        why="the unit may see the submitted proposal; autosave never touches a submitted one",
    ),
    "proposals:proposal-submit": Row(
        expect(REDIRECT), AUTHORS_NOT_UNIT, kwargs=proposal, why="GET only points back to the proposal page"
    ),
    "proposals:proposal-withdraw": Row(
        expect(REDIRECT), expect(NOT_FOUND, proposer=OK, coproposer=FORBIDDEN, iu=FORBIDDEN), kwargs=proposal,
        why="only the proposer withdraws",
    ),
    "proposals:proposal-idea-bank": Row(
        expect(REDIRECT), AUTHORS_NOT_UNIT, kwargs=proposal,
        why="only an author gives or withdraws their consent to the idea bank",
    ),
    "proposals:coproposer-respond": Row(
        expect(REDIRECT), expect(NOT_FOUND, proposer=FORBIDDEN, coproposer=OK, iu=FORBIDDEN), kwargs=proposal,
        why="only someone named as co-proposer answers",
    ),
    "proposals:attachment-download": Row(
        AUTHORS_AND_UNIT, NO_METHOD, kwargs=lambda w: {"pk": w.proposal_attachment.pk}
    ),
    "proposals:attachment-delete": Row(
        NO_METHOD, AUTHORS_NOT_UNIT, kwargs=lambda w: {"pk": w.proposal_attachment.pk}
    ),
    # --- screening ----------------------------------------------------------------------------
    "screening:screening-list": Row(SIGNED_IN, NO_METHOD, why="lists only the person's own boards"),
    "screening:setup": Row(UNIT, UNIT, kwargs=screening_call),
    "screening:open": Row(UNIT_NO_METHOD, UNIT, kwargs=screening_call),
    "screening:criteria": Row(UNIT, UNIT, kwargs=screening_call),
    "screening:criteria-publish": Row(
        UNIT_NO_METHOD, UNIT, kwargs=screening_call, why="without confirm=1 the POST only asks for confirmation"
    ),
    "screening:criterion-levels": Row(
        UNIT,
        UNIT,
        kwargs=lambda w: {"call_pk": w.screening_call.pk, "criterion_pk": w.screening_call.screening.criteria.first().pk},
        why="the unit's; read only once scoring has started (the world's entry is scored)",
    ),
    "screening:board": Row(UNIT, UNIT_NO_METHOD, kwargs=screening_call),
    "screening:board-add": Row(
        UNIT_NO_METHOD, UNIT, kwargs=screening_call, why="no employee number posted: the form's error"
    ),
    "screening:board-remove": Row(
        UNIT_NO_METHOD, UNIT, kwargs=lambda w: {"call_pk": w.screening_call.pk, "user_pk": w.users["board"].pk}
    ),
    "screening:outside-evaluator": Row(
        expect(FORBIDDEN, iu=REDIRECT), UNIT, kwargs=screening_call, why="GET goes back to the board page"
    ),
    "screening:assignments": Row(UNIT, UNIT, kwargs=screening_call, why="no mode posted: the form's error"),
    "screening:conflict-decide": Row(
        UNIT_NO_METHOD,
        expect(FORBIDDEN, iu=REDIRECT),
        kwargs=lambda w: {"call_pk": w.screening_call.pk, "proposal_pk": w.entry.pk, "user_pk": w.users["board"].pk},
        why="no decision posted: refused with a message, back to the assignments page",
    ),
    "screening:ranking": Row(UNIT, UNIT, kwargs=screening_call),
    "screening:feedback": Row(
        UNIT, UNIT, kwargs=lambda w: {"call_pk": w.decided_call.pk}, why="POST with no templates: the form's errors"
    ),
    "screening:feedback-edit": Row(
        UNIT, UNIT, kwargs=lambda w: {"call_pk": w.decided_call.pk, "pk": w.not_selected.pk},
        why="an empty message keeps the template's",
    ),
    "screening:feedback-release": Row(
        UNIT_NO_METHOD, UNIT, kwargs=lambda w: {"call_pk": w.decided_call.pk},
        why="without confirm=1 the POST only asks for confirmation",
    ),
    "screening:export-csv": Row(UNIT, UNIT_NO_METHOD, kwargs=screening_call),
    "screening:export-xlsx": Row(UNIT, UNIT_NO_METHOD, kwargs=screening_call),
    "screening:workspace": Row(
        BOARD, BOARD_NO_METHOD, kwargs=screening_call,
        why="another call's board member and the unit (not on this board) get 404",
    ),
    "screening:my-export-csv": Row(BOARD, BOARD_NO_METHOD, kwargs=screening_call),
    "screening:my-export-xlsx": Row(BOARD, BOARD_NO_METHOD, kwargs=screening_call),
    "screening:entry": Row(BOARD, BOARD, kwargs=board_entry),
    "screening:entry-abstain": Row(expect(NOT_FOUND, board=REDIRECT), BOARD, kwargs=board_entry),
    "screening:entry-conflict": Row(
        expect(NOT_FOUND, board=REDIRECT), BOARD, kwargs=board_entry, why="no reason posted: the form's error"
    ),
    "screening:entry-attachment": Row(
        BOARD, BOARD_NO_METHOD,
        kwargs=lambda w: {"call_pk": w.screening_call.pk, "pk": w.entry.pk, "attachment_pk": w.entry_attachment.pk},
    ),
    # --- routing ------------------------------------------------------------------------------
    "routing:inbox": Row(
        expect(FORBIDDEN, liaison=OK, liaison_other=OK),
        expect(FORBIDDEN, liaison=NOT_ALLOWED, liaison_other=NOT_ALLOWED),
        why="a liaison's own departments only; the unit has the tracking page instead",
    ),
    "routing:routing-detail": Row(
        expect(NOT_FOUND, proposer=OK, coproposer=OK, iu=OK, liaison=OK), NO_METHOD, kwargs=routing
    ),
    "routing:routing-answer": Row(NO_METHOD, ROUTING_LIAISON_ACTION, kwargs=routing),
    "routing:routing-progress": Row(NO_METHOD, ROUTING_LIAISON_ACTION, kwargs=routing),
    "routing:routing-reroute-decide": Row(NO_METHOD, ROUTING_UNIT_ACTION, kwargs=routing),
    "routing:routing-move": Row(NO_METHOD, ROUTING_UNIT_ACTION, kwargs=routing),
    "routing:review-call-list": Row(UNIT, UNIT_NO_METHOD),
    "routing:review-queue": Row(
        UNIT, UNIT, kwargs=lambda w: {"call_pk": w.decided_call.pk},
        why="POST saves the call's answer period (empty: the form shows its error)",
    ),
    "routing:bulk-review": Row(UNIT, UNIT, kwargs=lambda w: {"call_pk": w.decided_call.pk}),
    "routing:proposal-review": Row(UNIT, UNIT, kwargs=lambda w: {"pk": w.not_selected.pk}),
    "routing:tracking": Row(UNIT, UNIT_NO_METHOD),
    "routing:tracking-export-csv": Row(UNIT, UNIT_NO_METHOD),
    "routing:tracking-export-xlsx": Row(UNIT, UNIT_NO_METHOD),
    "routing:template-list": Row(UNIT, UNIT_NO_METHOD),
    "routing:template-create": Row(UNIT, UNIT),
    "routing:template-update": Row(UNIT, UNIT, kwargs=lambda w: {"pk": w.answer_template.pk}),
    "routing:template-delete": Row(UNIT, UNIT, kwargs=lambda w: {"pk": w.answer_template.pk}),
    # --- the idea bank (issue 20, part 1): all office staff; the unit hides comments ---
    "routing:idea-list": Row(SIGNED_IN, NO_METHOD, query=lambda w: "q=제안&order=supported"),
    "routing:idea-detail": Row(
        SIGNED_IN, NO_METHOD, kwargs=idea,
        why="the banked idea: every member of staff reads it, a board member included (no names)",
    ),
    "routing:idea-support": Row(NO_METHOD, SIGNED_IN, kwargs=idea),
    "routing:idea-follow": Row(NO_METHOD, SIGNED_IN, kwargs=idea),
    "routing:idea-comment": Row(NO_METHOD, SIGNED_IN, kwargs=idea, why="an empty comment: 400, the form's error"),
    "routing:idea-comment-hide": Row(UNIT, UNIT, kwargs=lambda w: {"pk": w.idea_comment.pk}),
    "routing:liaison-list": Row(UNIT, UNIT),
    "routing:liaison-remove": Row(UNIT_NO_METHOD, UNIT, kwargs=lambda w: {"pk": w.liaison_grant.pk}),
    # --- labs ---------------------------------------------------------------------------------
    "labs:lab-list": Row(SIGNED_IN, NO_METHOD),
    "labs:overview": Row(UNIT, UNIT_NO_METHOD),
    "labs:lab-create": Row(UNIT, UNIT, kwargs=lambda w: {"proposal_pk": w.selected.pk}),
    "labs:release-list": Row(
        expect(FORBIDDEN, iu=OK, liaison=OK, liaison_other=OK),
        expect(FORBIDDEN, iu=NOT_ALLOWED, liaison=NOT_ALLOWED, liaison_other=NOT_ALLOWED),
        why="the unit and liaisons; a liaison's list holds only their departments' members",
    ),
    "labs:release-acknowledge": Row(
        expect(NOT_FOUND, iu=OK, liaison=OK), expect(NOT_FOUND, iu=OK, liaison=OK),
        kwargs=lambda w: {"pk": w.release.pk}, why="the member's home department is the routed one",
    ),
    "labs:attachment-download": Row(
        LAB_READERS, NO_METHOD, kwargs=lambda w: {"pk": w.lab_attachment.pk}, why="a log entry's file"
    ),
    "labs:lab-detail": Row(SIGNED_IN, NO_METHOD, kwargs=lab, why="a lab's page is open to all staff"),
    "labs:lab-update": Row(UNIT, UNIT, kwargs=recruiting_lab),
    "labs:lab-start": Row(UNIT_NO_METHOD, UNIT, kwargs=recruiting_lab),
    "labs:lab-close": Row(UNIT_NO_METHOD, UNIT, kwargs=lab),
    "labs:lab-volunteer": Row(NO_METHOD, SIGNED_IN, kwargs=recruiting_lab, why="anyone may volunteer"),
    "labs:lab-volunteer-withdraw": Row(NO_METHOD, SIGNED_IN, kwargs=recruiting_lab),
    "labs:membership-invite": Row(
        UNIT_NO_METHOD, UNIT,
        kwargs=lambda w: {"pk": w.recruiting_lab.pk, "membership_pk": w.volunteer_membership.pk},
    ),
    "labs:membership-respond": Row(
        NO_METHOD, expect(FORBIDDEN, member_other=OK), kwargs=recruiting_lab,
        why="only the person invited answers the invitation",
    ),
    "labs:membership-leave": Row(NO_METHOD, expect(FORBIDDEN, member=OK), kwargs=lab),
    "labs:timeline": Row(LAB_READERS, LAB_READERS_NO_METHOD, kwargs=lab),
    "labs:entry-create": Row(LAB_WRITERS, LAB_WRITERS, kwargs=lab, why="the unit reads the log but does not write it"),
    "labs:entry-update": Row(
        LAB_WRITERS, LAB_WRITERS, kwargs=lambda w: {"pk": w.lab.pk, "entry_pk": w.log_entry.pk}
    ),
    "labs:entry-comment": Row(
        LAB_READERS_NO_METHOD, LAB_READERS, kwargs=lambda w: {"pk": w.lab.pk, "entry_pk": w.log_entry.pk},
        why="the unit may comment on the log",
    ),
    "labs:milestone-create": Row(LAB_WRITERS, LAB_WRITERS, kwargs=lab),
    "labs:milestone-toggle": Row(
        expect(NOT_FOUND, iu=FORBIDDEN, member=NOT_ALLOWED), LAB_WRITERS,
        kwargs=lambda w: {"pk": w.lab.pk, "milestone_pk": w.milestone.pk},
    ),
    "labs:decision-list": Row(LAB_READERS, LAB_READERS_NO_METHOD, kwargs=lab),
    "labs:decision-create": Row(LAB_WRITERS, LAB_WRITERS, kwargs=lab),
    "labs:report-create": Row(LAB_WRITERS, LAB_WRITERS, kwargs=lab),
    "labs:decision-detail": Row(
        LAB_READERS, LAB_READERS_NO_METHOD, kwargs=lambda w: {"pk": w.lab.pk, "decision_pk": w.decision.pk}
    ),
    "labs:decision-sign": Row(
        LAB_READERS_NO_METHOD, LAB_WRITERS, kwargs=lambda w: {"pk": w.lab.pk, "decision_pk": w.decision.pk},
        why="the unit reads decisions but does not sign them",
    ),
    "labs:decision-review": Row(
        UNIT_NO_METHOD, UNIT, kwargs=lambda w: {"pk": w.lab.pk, "decision_pk": w.decision.pk}
    ),
    # --- HR import ----------------------------------------------------------------------------
    "people:import-list": Row(UNIT, UNIT),
    "people:import-detail": Row(UNIT, UNIT_NO_METHOD, kwargs=import_record),
    "people:import-status": Row(UNIT, UNIT_NO_METHOD, kwargs=import_record),
    "people:import-apply": Row(UNIT_NO_METHOD, UNIT, kwargs=import_record),
    "people:sign-in-list": Row(UNIT, UNIT_NO_METHOD, why="who of the imported people has signed in"),
    "people:sign-in-links-send": Row(
        UNIT_NO_METHOD, UNIT, why="POST without confirm=1 answers the confirmation step and writes nothing"
    ),
    # --- notifications ------------------------------------------------------------------------
    "notifications:list": Row(SIGNED_IN, NO_METHOD, why="each person's own notices"),
    "notifications:read": Row(
        NO_METHOD, expect(NOT_FOUND, proposer=OK), kwargs=lambda w: {"pk": w.notification.pk},
        why="a notice of the proposer's; nobody else's, not even the unit's",
    ),
    "notifications:read-all": Row(NO_METHOD, SIGNED_IN),
    "notifications:outbox": Row(UNIT, UNIT_NO_METHOD),
    "notifications:outbox-retry": Row(UNIT_NO_METHOD, UNIT, kwargs=lambda w: {"pk": w.notification.pk}),
    "notifications:outbox-retry-failed": Row(UNIT_NO_METHOD, UNIT),
    # --- calendars (issue 20) ------------------------------------------------------------------
    "proposals:call-ics": Row(PUBLIC, PUBLIC_NO_METHOD, kwargs=open_call, why="a call's dates, public like its page"),
    "calendar-feed": Row(
        PUBLIC, PUBLIC_NO_METHOD, kwargs=lambda w: {"token": w.calendar_secret},
        why="the secret in the path is the access, whoever is signed in (tests/notifications/test_calendar_feed.py)",
    ),
    "notifications:calendar": Row(SIGNED_IN, NO_METHOD, why="each person's own calendar address"),
    "notifications:calendar-issue": Row(NO_METHOD, SIGNED_IN, why="the answer shows the new address once"),
    "notifications:calendar-revoke": Row(NO_METHOD, expect(REDIRECT)),
    # issue 20, part 3 (notification preferences)
    "notifications:preferences": Row(SIGNED_IN, SIGNED_IN, why="each person's own notification settings"),
    # --- decision ledger ----------------------------------------------------------------------
    "ledger:entry-list": Row(UNIT, UNIT_NO_METHOD),
    "ledger:head": Row(SIGNED_IN, NO_METHOD, why="the head hash is for every member of staff to note"),
    "ledger:object-entries": Row(
        UNIT, UNIT_NO_METHOD, kwargs=lambda w: {"object_type": "proposals.proposal", "object_id": w.selected.pk}
    ),
    # --- insight ------------------------------------------------------------------------------
    "insight:dashboard": Row(SIGNED_IN, NO_METHOD),
    "insight:unit-dashboard": Row(UNIT, UNIT_NO_METHOD),
    "insight:outcomes": Row(SIGNED_IN, NO_METHOD),
    "insight:search": Row(SIGNED_IN, NO_METHOD),
    "insight:export": Row(
        UNIT, NO_METHOD, kwargs=lambda w: {"dataset": "scores", "fmt": "csv"},
        query=lambda w: f"call={w.decided_call.pk}", why="every board score with identities",
    ),
    "insight:call-archive": Row(UNIT, UNIT_NO_METHOD, kwargs=lambda w: {"call_pk": w.decided_call.pk}),
    "insight:print-proposal": Row(
        expect(NOT_FOUND, proposer=OK, coproposer=OK, iu=OK, liaison=OK), NO_METHOD,
        kwargs=lambda w: {"pk": w.not_selected.pk}, why="the routed proposal: its department's liaison prints it",
    ),
    "insight:print-score-sheet": Row(
        BOARD, NO_METHOD, kwargs=screening_call, why="one's own sheet; the unit is not on this board",
    ),
    "insight:print-member-score-sheet": Row(
        expect(NOT_FOUND, board=OK, iu=OK), NO_METHOD,
        kwargs=lambda w: {"call_pk": w.screening_call.pk, "user_pk": w.users["board"].pk},
    ),
    "insight:print-screening-result": Row(UNIT, UNIT_NO_METHOD, kwargs=lambda w: {"call_pk": w.decided_call.pk}),
    "insight:print-final-report": Row(
        SIGNED_IN, NO_METHOD, kwargs=lambda w: {"pk": w.closed_lab.pk}, why="adopted final reports are public to staff"
    ),
    # --- privacy ------------------------------------------------------------------------------
    "privacy:notice": Row(PUBLIC, PUBLIC_NO_METHOD),
    "privacy:consent": Row(
        expect(REDIRECT), SIGNED_IN,
        why="consent is not required in test settings, so GET goes on; POST without agreement is a form error",
    ),
    # --- my data (issue 20, part 4) -----------------------------------------------------------
    "privacy:my-data": Row(SIGNED_IN, SIGNED_IN, why="everyone's own data; POST asks for a correction"),
    "privacy:my-data-download": Row(SIGNED_IN, NO_METHOD, why="the signed-in person's own data only"),
    "privacy:correction-list": Row(UNIT, UNIT_NO_METHOD),
    "privacy:correction-detail": Row(
        UNIT, UNIT, kwargs=lambda w: {"pk": w.correction_request.pk},
        why="the unit handles requests (an empty POST is a form error)",
    ),
    # --- monitoring (glab_portal.probes) ----------------------------------------------------
    "healthz": Row(PUBLIC, PUBLIC_NO_METHOD),
    "readyz": Row(PUBLIC, PUBLIC_NO_METHOD),
    "metrics": Row(
        expect(NOT_FOUND, anonymous=NOT_FOUND), expect(NOT_FOUND, anonymous=NOT_FOUND),
        why="only for METRICS_TOKEN / METRICS_ALLOWED_ADDRESSES, neither set here; signing in opens nothing",
    ),
    # --- the read-only API (api.main) and its tokens (accounts) ------------------------------
    "accounts:api-tokens": Row(SIGNED_IN, SIGNED_IN, why="one's own tokens; a POST without a name is a form error"),
    "accounts:api-token-revoke": Row(
        NO_METHOD, expect(NOT_FOUND, proposer=REDIRECT), kwargs=lambda w: {"pk": w.api_token.pk},
        why="only the token's owner revokes it",
    ),
    "api:calls": Row(PUBLIC, PUBLIC_NO_METHOD),
    "api:call": Row(PUBLIC, PUBLIC_NO_METHOD, kwargs=lambda w: {"call_id": w.open_call.pk}),
    "api:outcomes": Row(PUBLIC, PUBLIC_NO_METHOD),
    "api:outcome": Row(PUBLIC, PUBLIC_NO_METHOD, kwargs=lambda w: {"call_id": w.decided_call.pk}),
    "api:openapi-json": Row(PUBLIC, PUBLIC_NO_METHOD),
    "api:openapi-view": Row(PUBLIC, PUBLIC_NO_METHOD),
    "api:api-root": Row(
        expect(NOT_FOUND, anonymous=NOT_FOUND), expect(NOT_FOUND, anonymous=NOT_FOUND),
        why="ninja's root, only for reverse(); /api/docs/ is the page",
    ),
    "api:me-proposals": Row(
        expect(UNAUTHORIZED, anonymous=UNAUTHORIZED), PUBLIC_NO_METHOD, why="a bearer token only, never the session"
    ),
    "api:me-tasks": Row(
        expect(UNAUTHORIZED, anonymous=UNAUTHORIZED), PUBLIC_NO_METHOD, why="a bearer token only, never the session"
    ),
}

ROUTES = {route.name: route for route in all_routes()}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        name = str(connection.settings_dict["NAME"])
        assert name.startswith("test_") or "memory" in name, f"not a test database: {name}"
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def db(world):
    """This module's ``db`` (overriding pytest-django's, whose name still makes it set up the
    test database): each test runs in a savepoint of its own inside the world's transaction,
    so what an allowed POST changes is undone before the next test. pytest-django's own
    per-test TestCase would close the connection on teardown, which on PostgreSQL ends the
    module's transaction."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def test_every_url_has_a_row():
    walked = [route.name for route in all_routes()]
    assert len(walked) == len(set(walked)), "two URL patterns share a name: give each its own"
    missing = set(walked) - set(MATRIX)
    stale = set(MATRIX) - set(walked)
    assert not missing, f"URLs without a row in the permission matrix: {sorted(missing)}"
    assert not stale, f"rows for URLs that no longer exist: {sorted(stale)}"


def test_every_row_covers_every_role_and_public_pages_are_the_listed_ones():
    for name, row in MATRIX.items():
        for method in ("get", "post"):
            assert set(getattr(row, method)) == set(ROLES), (name, method)
        anonymous = {row.get["anonymous"], row.post["anonymous"]}
        if name in PUBLIC_PAGES:
            assert LOGIN not in anonymous, f"{name} is listed as public"
        elif name in TOKEN_ONLY:
            assert anonymous <= {UNAUTHORIZED, NOT_ALLOWED}, f"{name} is a token-only API endpoint"
        else:
            assert anonymous == {LOGIN}, f"{name} lets anonymous visitors in but is not in PUBLIC_PAGES"


def _url(name: str, w) -> str:
    row, route = MATRIX[name], ROUTES[name]
    kwargs = row.kwargs(w) if row.kwargs else {}
    assert set(kwargs) == set(route.kwargs), f"{name}: the row's kwargs do not match the URL's"
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{row.query(w)}" if row.query else url


def _check(expected, response, method: str, where: str) -> None:
    status, location = response.status_code, response.get("Location", "")
    to_login = status == 302 and location.startswith(reverse(settings.LOGIN_URL) + "?next=")
    if expected == LOGIN:
        assert to_login, f"{where}: expected a redirect to sign-in, got {status} {location}"
    elif expected == REDIRECT:
        assert status == 302 and not to_login, f"{where}: expected a redirect, got {status} {location}"
    elif expected == OK:
        allowed = (200,) if method == "get" else (200, 302, 400)
        assert status in allowed and not to_login, f"{where}: expected {allowed}, got {status} {location}"
    else:
        assert status == expected, f"{where}: expected {expected}, got {status} {location}"


def cached_markup() -> list[str]:
    """The keys of every value in the caches that is a string holding markup (``<``): the
    portal never caches rendered HTML (issue 15); the per-person header state is a dict of
    counts and flags, not markup. The test settings use the local-memory backend, whose store
    is read here after each request (the cache is cleared before it)."""
    found = []
    for alias in settings.CACHES:
        backend = caches[alias]
        for key, pickled in getattr(backend, "_cache", {}).items():
            value = pickle.loads(pickled)  # noqa: S301 - our own test cache
            if isinstance(value, bytes):
                value = value.decode(errors="replace")
            if isinstance(value, str) and "<" in value:
                found.append(key)
    return found


CASES = [
    pytest.param(name, role, method, id=f"{name}-{role}-{method}")
    for name in ROUTES
    for role in ROLES
    for method in ("get", "post")
]


@pytest.mark.parametrize(("name", "role", "method"), CASES)
def test_permission_matrix(world, db, client, name, role, method):
    assert name in MATRIX, f"{name} has no row in the permission matrix"
    expected = getattr(MATRIX[name], method)[role]
    url = _url(name, world)
    for alias in settings.CACHES:  # sign-in and password-reset throttles count per client
        caches[alias].clear()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    before = row_counts()
    response = getattr(client, method)(url)
    if response.streaming:
        # Read to the end, so the test client closes the file (closing the response again
        # ourselves would fire request_finished and close the database connection).
        b"".join(response.streaming_content)
    _check(expected, response, method, f"{method.upper()} {url} as {role}")
    assert not cached_markup(), f"{method.upper()} {url} as {role} cached rendered HTML: {cached_markup()}"
    if expected in REFUSED:
        after = row_counts()
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
        assert not changed, f"refused {method.upper()} {url} as {role} wrote rows: {changed}"
