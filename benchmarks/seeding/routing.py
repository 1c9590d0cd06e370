"""The practical-effect review of every not-selected proposal of the decided calls; most are
routed to their owning department (a tenth to a second department as well), and the
departments' answers are at every stage, some overdue. Plus the unit's answer templates."""

from datetime import timedelta

from routing.enums import ReviewVerdict, RoutingEventKind, RoutingStatus
from routing.models import AnswerTemplate, Routing, RoutingEvent
from routing.models import Review as RoutingReview

from .plan import State
from .words import Text

ANSWERS = ((RoutingStatus.AWAITING, 25), (RoutingStatus.UNDER_STUDY, 25), (RoutingStatus.ADOPTED, 20),
           (RoutingStatus.DECLINED, 15), (RoutingStatus.ALREADY_DONE, 5), (RoutingStatus.IMPLEMENTED, 10))
VERDICTS = ((ReviewVerdict.ROUTE, 90), (ReviewVerdict.ALREADY_DONE, 5), (ReviewVerdict.NOT_FEASIBLE, 5))


def seed_routing(state: State, table, text: Text) -> None:
    templates = table(AnswerTemplate)
    for i, (verdict, _) in enumerate(VERDICTS * 4):
        templates.add(title=f"답변 서식 {i + 1}", verdict=verdict, body=text.paragraph((10, 20)),
                      created_by_id=state.unit[0], created_at=state.days_ago(700))
    reviews, rng = table(RoutingReview), state.rng
    for call in state.calls:
        if call["kind"] != "decided":
            continue
        for entry in state.proposals[call["id"]][1:]:
            verdict = rng.choices([v for v, _ in VERDICTS], [w for _, w in VERDICTS])[0]
            at = call["closes_at"] + timedelta(days=45, hours=rng.uniform(0, 200))
            review = reviews.add(proposal_id=entry["id"], verdict=verdict, reviewed_by_id=state.unit[0], reviewed_at=at,
                                 note=text.paragraph((8, 20)),
                                 where_done=text.paragraph((5, 10)) if verdict == ReviewVerdict.ALREADY_DONE else "",
                                 reason=text.paragraph((5, 10)) if verdict == ReviewVerdict.NOT_FEASIBLE else "")
            departments = []
            if verdict == ReviewVerdict.ROUTE:
                departments = [entry["department"]]
                if rng.random() < 0.1:
                    departments.append(rng.choice(state.departments))
                departments = list(dict.fromkeys(departments))
                for n, department in enumerate(departments):
                    _routing(state, table, text, entry, department, n == 0, at)
            state.events.append({"at": at, "kind": "routing.verdict", "type": "proposals.proposal", "id": entry["id"],
                                 "actor": state.unit[0], "data": {"proposal_id": entry["id"], "review_id": review,
                                                                  "verdict": verdict, "department_ids": departments}})


def _routing(state: State, table, text: Text, entry: dict, department: int, lead: bool, at) -> None:
    rng = state.rng
    status = rng.choices([s for s, _ in ANSWERS], [w for _, w in ANSWERS])[0]
    # Due dates spread around today: some overdue, most ahead.
    due = (state.now + timedelta(days=rng.randint(-20, 40))).date()
    answered = None if status == RoutingStatus.AWAITING else at + timedelta(days=rng.randint(3, 20))
    routing = table(Routing).add(
        proposal_id=entry["id"], department_id=department, is_lead=lead, status=status, routed_at=at, due_on=due,
        answered_at=answered, plan=text.paragraph((8, 20)) if answered else "",
        target_date=(due + timedelta(days=90)) if answered else None)
    events = table(RoutingEvent)
    events.add(routing_id=routing, kind=RoutingEventKind.ROUTED, status=RoutingStatus.AWAITING,
               department_id=department, due_on=due, by_id=state.unit[0], created_at=at)
    if answered:
        event = events.add(routing_id=routing, kind=RoutingEventKind.ANSWER, status=status, department_id=department,
                           text=text.paragraph((8, 20)), by_id=state.liaisons[department], created_at=answered)
        state.events.append({"at": answered, "kind": "routing.answer", "type": "routing.routing", "id": routing,
                             "actor": state.liaisons[department], "data": {
                                 "routing_id": routing, "proposal_id": entry["id"], "department_id": department,
                                 "event_id": event, "status": status}})
    state.routings.append({"id": routing, "department": department, "status": status})
