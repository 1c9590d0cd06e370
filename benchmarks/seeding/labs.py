"""A lab on the selected proposal of every decided call: three active members (rights are the
memberships: no object-permission rows), their releases from routine duties, 200 progress-log
entries with the unit's comments, milestones, joint decisions with sign-offs; the older
four in ten are closed with an adopted final report (what the outcomes page shows)."""

from datetime import timedelta

from labs.enums import (
    DecisionKind,
    DecisionStatus,
    LabStatus,
    MembershipStatus,
    Outcome,
    SignoffVerdict,
)
from labs.models import (
    Decision,
    DutyRelease,
    FinalReport,
    Lab,
    LogComment,
    LogEntry,
    Membership,
    Milestone,
    Signoff,
)

from .plan import LAB_MEMBERS, LOG_ENTRIES, State
from .words import Text

OUTCOMES = (Outcome.ACHIEVED, Outcome.PARTLY_ACHIEVED, Outcome.NOT_ACHIEVED)


def seed_labs(state: State, table, text: Text) -> None:
    decided = [c for c in state.calls if c["kind"] == "decided"]
    for i, call in enumerate(decided):
        closed = i < len(decided) * 4 // 10
        selected = state.proposals[call["id"]][0]
        start = (call["closes_at"] + timedelta(days=60)).date() if closed else (state.now - timedelta(days=60)).date()
        end = start + timedelta(days=150 if closed else 180)
        started = state.now.replace(year=start.year, month=start.month, day=start.day)
        closed_at = started + timedelta(days=150) if closed else None
        lab = table(Lab).add(proposal_id=selected["id"], name=f"{text.title()[:100]} 랩", mission=text.paragraph(),
                             start_date=start, end_date=end, status=LabStatus.CLOSED if closed else LabStatus.RUNNING,
                             started_at=started, closed_at=closed_at, created_by_id=state.unit[0],
                             created_at=started - timedelta(days=20))
        others = [u for u in state.rng.sample(state.staff, LAB_MEMBERS) if u != selected["proposer"]]
        members = [selected["proposer"], *others][:LAB_MEMBERS]
        state.labs.append({"id": lab, "members": members, "closed": closed, "call": call["id"]})
        _members(state, table, lab, members, started, end, closed_at)
        _log(state, table, text, lab, members, start, 150 if closed else 60)
        _decisions(state, table, text, lab, members, started, closed_at)
        state.events.append({"at": started - timedelta(days=20), "kind": "lab.formed", "type": "labs.lab", "id": lab,
                             "actor": state.unit[0], "data": {"lab_id": lab, "proposal_id": selected["id"],
                                                              "call_id": call["id"]}})


def _members(state: State, table, lab: int, members: list[int], started, end, closed_at) -> None:
    for n, user in enumerate(members):
        membership = table(Membership).add(lab_id=lab, user_id=user, status=MembershipStatus.ACTIVE,
                                           invited_by_id=state.unit[0], joined_at=started - timedelta(days=10),
                                           created_at=started - timedelta(days=15))
        department = state.staff_department[user]
        pending = closed_at is None and n == LAB_MEMBERS - 1  # one release still to acknowledge per running lab
        table(DutyRelease).add(
            membership_id=membership, department_id=department, order_reference=f"인사-{lab}-{n}",
            acknowledged_by_id=None if pending else state.liaisons[department],
            acknowledged_at=None if pending else started - timedelta(days=5),
            starts_on=None if pending else started.date(), ends_on=None if pending else end,
            notified_at=None if pending else started - timedelta(days=4), closed_at=closed_at,
            created_at=started - timedelta(days=9))


def _log(state: State, table, text: Text, lab: int, members: list[int], start, days: int) -> None:
    entries, comments, milestones = table(LogEntry), table(LogComment), table(Milestone)
    for n in range(LOG_ENTRIES):
        day = start + timedelta(days=n * days // LOG_ENTRIES)
        at = state.now.replace(year=day.year, month=day.month, day=day.day)
        entry = entries.add(lab_id=lab, author_id=members[n % len(members)], entry_date=day, did=text.paragraph(),
                            learned=text.paragraph((10, 30)), next_steps=text.paragraph((5, 15)),
                            blockers=text.paragraph((5, 10)) if n % 7 == 0 else "", created_at=at, updated_at=at)
        if n % 5 == 0:
            comments.add(entry_id=entry, author_id=state.unit[0], body=text.paragraph((5, 15)),
                         created_at=at + timedelta(hours=5))
    for m in range(6):
        target = start + timedelta(days=30 * (m + 1))
        done = target <= state.now.date()
        milestones.add(lab_id=lab, title=text.title(), target_date=target, done=done, done_on=target if done else None,
                       created_by_id=members[m % len(members)], created_at=state.now)


def _decisions(state: State, table, text: Text, lab: int, members: list[int], started, closed_at) -> None:
    decisions, signoffs = table(Decision), table(Signoff)
    for d in range(4):
        pending = closed_at is None and d == 3
        at = started + timedelta(days=20 * (d + 1))
        decision = decisions.add(lab_id=lab, kind=DecisionKind.SCOPE_CHANGE,
                                 status=DecisionStatus.PENDING if pending else DecisionStatus.ADOPTED,
                                 summary=text.paragraph((10, 25)), new_mission=text.paragraph((10, 25)),
                                 proposed_by_id=members[d % len(members)], proposed_at=at,
                                 settled_at=None if pending else at + timedelta(days=2))
        for user in members[:1] if pending else members:
            signoffs.add(decision_id=decision, user_id=user, verdict=SignoffVerdict.SIGNED, created_at=at + timedelta(hours=3))
    if closed_at is not None:
        decision = decisions.add(lab_id=lab, kind=DecisionKind.FINAL_REPORT, status=DecisionStatus.ADOPTED,
                                 summary=text.paragraph((10, 25)), proposed_by_id=members[0],
                                 proposed_at=closed_at - timedelta(days=5), settled_at=closed_at)
        for user in members:
            signoffs.add(decision_id=decision, user_id=user, verdict=SignoffVerdict.SIGNED, created_at=closed_at)
        table(FinalReport).add(decision_id=decision, lab_id=lab, summary=text.paragraph(), results=text.paragraph(),
                               outcome=OUTCOMES[lab % 3], lessons=text.paragraph(), next_steps=text.paragraph((10, 20)))
