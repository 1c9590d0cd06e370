"""The pages measured, each as (url, viewer id, htmx) requests on distinct objects drawn from
the seeded data: a different proposal, call, entry, routing, lab, department, board member…
each request, up to ``n`` per page kind. ``kind`` picks the budget (benchmarks/budgets.py)."""

from urllib.parse import urlencode

from django.urls import reverse

from benchmarks.seeding.words import COMMON_QUERY, Text


def _page(name, kind, viewer, requests, fallback=None, fallback_viewer=""):
    page = {"name": name, "kind": kind, "viewer": viewer, "requests": requests}
    if fallback:
        page.update(fallback=fallback, fallback_viewer=fallback_viewer)
    return page


def _cycle(items: list, n: int) -> list:
    return [items[i % len(items)] for i in range(n)] if items else []


class Data:
    def __init__(self, rng, n: int):
        from accounts.enums import Role
        from accounts.models import DepartmentUserObjectPermission, User
        from proposals.models import Call, Proposal

        self.rng, self.n = rng, n
        self.unit = list(User.objects.filter(groups__name=Role.INNOVATION_UNIT.value).values_list("pk", flat=True))
        staff = list(User.objects.filter(username__startswith="b0").values_list("pk", flat=True))
        self.staff = rng.sample(staff, n)
        self.liaison_of = dict(DepartmentUserObjectPermission.objects.values_list("content_object_id", "user_id"))
        self.calls = {kind: list(Call.objects.filter(**query).values_list("pk", flat=True).order_by("pk"))
                      for kind, query in {"decided": {"stored_phase": "decided"}, "screening": {"stored_phase": "screening"},
                                          "all": {}}.items()}
        self.calls["submitted"] = list(Proposal.objects.exclude(status="draft").values_list("call_id", flat=True)
                                       .distinct().order_by("call_id"))
        ids = list(Proposal.objects.exclude(status="draft").values_list("pk", "proposer_id", "call_id"))
        self.proposals = rng.sample(ids, n)
        self.screened_proposals = rng.sample([p for p in ids if p[2] in set(self.calls["screening"])], n)

    def iu(self, i: int) -> int:
        return self.unit[i % len(self.unit)]

    def each_staff(self, url: str) -> list:
        return [(url, user, False) for user in self.staff]

    def each_unit(self, url: str) -> list:
        return [(url, self.iu(i), False) for i in range(self.n)]

    def calls_for_unit(self, name: str, kind: str) -> list:
        return [(reverse(name, args=[call]), self.iu(i), False) for i, call in enumerate(_cycle(self.calls[kind], self.n))]


def staff_pages(d: Data) -> list[dict]:
    from accounts.models import User
    from proposals.models import Proposal

    proposers = d.rng.sample(list(Proposal.objects.values_list("proposer_id", flat=True).distinct()), d.n)
    calls = _cycle(d.calls["all"], d.n)
    # The people picker as a person types: the first two letters of a colleague's name.
    names = User.objects.filter(is_active=True, department__isnull=False).values_list("full_name", flat=True)
    typed = [name[:2] for name in d.rng.sample(list(names.order_by("pk")[:5000]), d.n)]
    lookups = [(reverse("accounts:people-lookup") + "?" + urlencode({"q": q}), u, False)
               for q, u in zip(typed, d.staff, strict=True)]
    return [
        _page("signed-in empty page", "empty", "staff", d.each_staff("/__empty__/")),
        _page("home", "list", "staff", d.each_staff(reverse("home"))),
        _page("call list", "list", "staff", d.each_staff(reverse("proposals:call-list"))),
        _page("call detail", "detail", "staff",
              [(reverse("proposals:call-detail", args=[c]), u, False) for c, u in zip(calls, d.staff, strict=True)]),
        _page("my proposals", "list", "proposer", [(reverse("proposals:my-proposals"), u, False) for u in proposers]),
        _page("proposal detail (proposer)", "detail", "proposer",
              [(reverse("proposals:proposal-detail", args=[p]), u, False) for p, u, _ in d.proposals]),
        _page("proposal detail (innovation unit)", "detail", "innovation unit",
              [(reverse("proposals:proposal-detail", args=[p]), d.iu(i), False) for i, (p, _, _) in enumerate(d.proposals)]),
        _page("notifications", "list", "staff", d.each_staff(reverse("notifications:list"))),
        # issue 20, part 3: every kind of notification with the person's choice
        _page("notification settings", "detail", "staff", d.each_staff(reverse("notifications:preferences"))),
        _page("people picker lookup", "list", "staff", lookups),
        # My data (issue 20): the page counts every registered section, so it reads what the
        # download reads; both are measured as heavy pages.
        _page("my data", "heavy", "proposer", [(reverse("privacy:my-data"), u, False) for u in proposers]),
        _page("my data download", "heavy", "proposer",
              [(reverse("privacy:my-data-download"), u, False) for u in proposers]),
        *calendar_pages(d, calls),
    ]


def calendar_pages(d: Data, calls: list) -> list[dict]:
    """내 캘린더, each person's feed (an address issued for each viewer: the feed reads no
    session) and a call's .ics (issue 20)."""
    from accounts.models import User
    from notifications.calendar import calendar_feed_issue

    feeds = [(reverse("calendar-feed", kwargs={"token": calendar_feed_issue(user=User(pk=u))}), u, False)
             for u in d.staff]
    return [
        _page("my calendar", "list", "staff", d.each_staff(reverse("notifications:calendar"))),
        _page("calendar feed (.ics)", "list", "staff", feeds),
        _page("call dates (.ics)", "detail", "staff",
              [(reverse("proposals:call-ics", args=[c]), u, False) for c, u in zip(calls, d.staff, strict=True)]),
    ]


def panel_pages(d: Data) -> list[dict]:
    """The proposal page's deferred panels (core.panels), as htmx fetches them after the page."""
    from core import panels

    result = []
    for panel in [p for p in panels._panels if p.deferred]:
        chosen = d.screened_proposals if panel.slug == "rank" else d.proposals

        def url(pk, slug=panel.slug):
            return reverse("proposals:proposal-panel", kwargs={"pk": pk, "slug": slug})

        result.append(_page(f"  panel: {panel.slug}", "panel", "proposer", [(url(p), u, True) for p, u, _ in chosen],
                            fallback=[(url(p), d.iu(i), True) for i, (p, _, _) in enumerate(chosen)],
                            fallback_viewer="innovation unit"))
    return result


def screening_pages(d: Data) -> list[dict]:
    from proposals.models import CallUserObjectPermission, Proposal

    seats = list(CallUserObjectPermission.objects.values_list("content_object_id", "user_id").order_by("pk"))
    entries = {}
    for call, pk in Proposal.objects.filter(call__in=d.calls["screening"]).values_list("call_id", "pk"):
        entries.setdefault(call, []).append(pk)
    picks = [(c, u, d.rng.choice(entries[c])) for c, u in _cycle(d.rng.sample(seats, len(seats)), d.n)]
    return [
        _page("screening list", "list", "innovation unit", d.each_unit(reverse("screening:screening-list"))),
        _page("submissions", "list", "innovation unit", d.calls_for_unit("proposals:call-submissions", "submitted")),
        _page("board workspace", "list", "board member",
              [(reverse("screening:workspace", args=[c]), u, False) for c, u in _cycle(seats, d.n)]),
        _page("board entry", "detail", "board member",
              [(reverse("screening:entry", args=[c, p]), u, False) for c, u, p in picks]),
        _page("ranking", "heavy", "innovation unit", d.calls_for_unit("screening:ranking", "screening")),
    ]


def routing_pages(d: Data) -> list[dict]:
    from routing.models import Routing

    routings = d.rng.sample(list(Routing.objects.values_list("pk", "department_id")), d.n)
    liaisons = _cycle(list(d.liaison_of.values()), d.n)
    return [
        _page("review calls", "list", "innovation unit", d.each_unit(reverse("routing:review-call-list"))),
        _page("review queue", "list", "innovation unit", d.calls_for_unit("routing:review-queue", "decided")),
        _page("routing detail", "detail", "liaison",
              [(reverse("routing:routing-detail", args=[r]), d.liaison_of[dept], False) for r, dept in routings]),
        _page("department inbox", "list", "liaison", [(reverse("routing:inbox"), u, False) for u in liaisons]),
        _page("tracking", "list", "innovation unit", d.each_unit(reverse("routing:tracking"))),
        _page("answer templates", "list", "innovation unit", d.each_unit(reverse("routing:template-list"))),
        _page("liaisons", "list", "innovation unit", d.each_unit(reverse("routing:liaison-list"))),
        *idea_bank_pages(d),
    ]


def idea_bank_pages(d: Data) -> list[dict]:
    """The idea bank (issue 20): its list (plain, searched, most supported) for staff, and an
    idea's page where the seed banked some (a seed without consents has none to open)."""
    from routing.permissions import banked_proposals

    bank = reverse("routing:idea-list")
    queries = ["", "?" + urlencode({"q": COMMON_QUERY}), "?order=supported"]
    pages = [_page("idea bank", "list", "staff",
                   [(bank + queries[i % 3], u, False) for i, u in enumerate(d.staff)])]
    ideas = _cycle(list(banked_proposals().values_list("pk", flat=True).order_by("pk")[:1000]), d.n)
    if ideas:
        pages.append(_page("idea", "detail", "staff", [(reverse("routing:idea-detail", args=[p]), u, False)
                                                        for p, u in zip(ideas, d.staff, strict=True)]))
    return pages


def lab_pages(d: Data) -> list[dict]:
    from labs.models import Decision, Membership

    members = _cycle(list(Membership.objects.values_list("lab_id", "user_id").order_by("pk")), d.n)
    decisions = {}
    for lab, pk in Decision.objects.values_list("lab_id", "pk"):
        decisions.setdefault(lab, []).append(pk)
    picks = [(lab, u, d.rng.choice(decisions[lab])) for lab, u in members]

    def as_member(name, make):
        return ([(make(lab, extra), u, False) for lab, u, extra in picks],
                [(make(lab, extra), d.iu(i), False) for i, (lab, _, extra) in enumerate(picks)])

    timeline = as_member("timeline", lambda lab, _: reverse("labs:timeline", args=[lab]))
    decision_list = as_member("decisions", lambda lab, _: reverse("labs:decision-list", args=[lab]))
    decision = as_member("decision", lambda lab, pk: reverse("labs:decision-detail", args=[lab, pk]))
    iu = {"fallback_viewer": "innovation unit"}
    return [
        _page("lab list", "list", "staff", d.each_staff(reverse("labs:lab-list"))),
        _page("labs overview", "list", "innovation unit", d.each_unit(reverse("labs:overview"))),
        _page("lab detail", "detail", "staff",
              [(reverse("labs:lab-detail", args=[lab]), u, False) for (lab, _, _), u in zip(picks, d.staff, strict=True)]),
        _page("lab timeline", "list", "lab member", timeline[0], fallback=timeline[1], **iu),
        _page("decisions", "list", "lab member", decision_list[0], fallback=decision_list[1], **iu),
        _page("decision detail", "detail", "lab member", decision[0], fallback=decision[1], **iu),
        _page("releases", "list", "liaison",
              [(reverse("labs:release-list"), u, False) for u in _cycle(list(d.liaison_of.values()), d.n)]),
    ]


def home_pages(d: Data) -> list[dict]:
    """The home of each role (the staff one is in ``staff_pages``): a board member seated on a
    screening in progress, a liaison, the innovation unit, a lab member."""
    from labs.enums import MembershipStatus
    from labs.models import Membership
    from proposals.models import CallUserObjectPermission

    home = reverse("home")
    seated = CallUserObjectPermission.objects.filter(content_object__in=d.calls["screening"])
    board = _cycle(sorted(set(seated.values_list("user_id", flat=True))), d.n)
    members = _cycle(sorted(set(Membership.objects.filter(status=MembershipStatus.ACTIVE).values_list("user_id", flat=True))), d.n)
    return [
        _page("home (board member)", "list", "board member", [(home, u, False) for u in board]),
        _page("home (liaison)", "list", "liaison", [(home, u, False) for u in _cycle(list(d.liaison_of.values()), d.n)]),
        _page("home (innovation unit)", "list", "innovation unit", d.each_unit(home)),
        _page("home (lab member)", "list", "lab member", [(home, u, False) for u in members]),
    ]


def unit_pages(d: Data) -> list[dict]:
    return [
        _page("outbox", "list", "innovation unit", d.each_unit(reverse("notifications:outbox"))),
        _page("ledger", "list", "innovation unit", d.each_unit(reverse("ledger:entry-list"))),
        _page("people imports", "list", "innovation unit", d.each_unit(reverse("people:import-list"))),
        _page("correction requests", "list", "innovation unit", d.each_unit(reverse("privacy:correction-list"))),
    ]


def insight_pages(d: Data, text: Text) -> list[dict]:
    from insight import selectors

    shown = _cycle([c.pk for c in selectors.dashboard_calls()], d.n)
    decided = _cycle(d.calls["decided"], d.n)
    dashboard, unit, outcomes, search = (reverse(f"insight:{n}") for n in ("dashboard", "unit-dashboard", "outcomes", "search"))
    return [
        _page("dashboard", "heavy", "staff", [(f"{dashboard}?call={c}", u, False) for c, u in zip(shown, d.staff, strict=True)]),
        _page("unit dashboard", "heavy", "innovation unit", [(f"{unit}?call={c}", d.iu(i), False) for i, c in enumerate(shown)]),
        _page("outcomes", "heavy", "staff", [(f"{outcomes}?call={c}", u, False) for c, u in zip(decided, d.staff, strict=True)]),
        _page(f"search, rare word ({text.rare_query})", "heavy", "staff", d.each_staff(f"{search}?{urlencode({'q': text.rare_query})}")),
        _page(f"search, common word ({COMMON_QUERY})", "heavy", "staff", d.each_staff(f"{search}?{urlencode({'q': COMMON_QUERY})}")),
    ]


def api_pages(d: Data) -> list[dict]:
    """The read-only API (issue 20) and its token page. The me/ endpoints need a bearer token,
    which the harness (a session cookie per viewer) does not send: tests/api/test_queries.py
    keeps their query counts flat instead."""
    calls, decided = _cycle(d.calls["all"], d.n), _cycle(d.calls["decided"], d.n)
    return [
        _page("API: calls", "list", "staff", d.each_staff(reverse("api:calls") + "?page_size=50")),
        _page("API: call", "detail", "staff",
              [(reverse("api:call", kwargs={"call_id": c}), u, False) for c, u in zip(calls, d.staff, strict=True)]),
        _page("API: outcomes", "heavy", "staff", d.each_staff(reverse("api:outcomes"))),
        _page("API: a call's outcome", "heavy", "staff",
              [(reverse("api:outcome", kwargs={"call_id": c}), u, False) for c, u in zip(decided, d.staff, strict=True)]),
        _page("API docs", "detail", "staff", d.each_staff(reverse("api:openapi-view"))),
        _page("API tokens", "list", "staff", d.each_staff(reverse("accounts:api-tokens"))),
    ]


def build(rng, n: int) -> dict:
    from django.db.models import Q

    from proposals.models import Proposal

    d, text = Data(rng, n), Text(0)
    pages = [*staff_pages(d), *panel_pages(d), *screening_pages(d), *routing_pages(d), *lab_pages(d),
             *home_pages(d), *unit_pages(d), *insight_pages(d, text), *api_pages(d)]
    hits = {word: Proposal.objects.filter(Q(title__contains=word) | Q(keywords__contains=word) | Q(idea__contains=word)).count()
            for word in (text.rare_query, COMMON_QUERY)}
    return {"pages": pages, "info": {"proposals": Proposal.objects.count(), "search_hits": hits}}
