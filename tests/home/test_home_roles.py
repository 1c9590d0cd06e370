"""The home is the person's work, one section per role they hold (README, "A home per role"):
its figures are right, each one links to the page where the work is done, and a person with
several roles sees each part, the main role first."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.services import user_grant_role
from labs import services as lab_services
from labs.enums import DecisionKind
from proposals.enums import CallPhase, CoProposerStatus, ProposalStatus
from routing.enums import RoutingStatus
from screening import services as screening_services
from screening.models import Screening
from tests.factories import (
    CallFactory,
    CoProposerFactory,
    DepartmentFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    UserFactory,
    innovation_unit_user,
)
from tests.factories.labs import LabFactory, SelectedProposalFactory, join, running_lab
from tests.factories.routing import NotSelectedProposalFactory, RoutingFactory, liaison_user
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening
from tests.home.helpers import HOME_TEMPLATES, open_home, panel, panels

pytestmark = pytest.mark.django_db


def test_a_staff_members_home_shows_drafts_invitations_and_calls_closing(client):
    person = UserFactory()
    now = timezone.now()
    soon = CallFactory(closes_at=now + timedelta(days=3))
    later = CallFactory(closes_at=now + timedelta(days=20))
    closed = ClosedCallFactory()
    draft = ProposalFactory(proposer=person, call=soon, title="마감 앞둔 초안")
    stale = ProposalFactory(proposer=person, call=closed, title="마감된 공모의 초안")
    invited = CoProposerFactory(
        proposal=ProposalFactory(call=later), user=person, status=CoProposerStatus.INVITED
    ).proposal
    CoProposerFactory(proposal=ProposalFactory(call=closed), user=person, status=CoProposerStatus.INVITED)

    response = open_home(client, person)
    home = panel(response, "staff")["home"]
    assert [c.pk for c in home.open_calls] == [soon.pk, later.pk]
    assert home.closing_soon == 1 and home.open_calls[0].closing_soon and not home.open_calls[1].closing_soon
    # A draft or an invitation of a closed call can no longer be finished or answered.
    assert (home.draft_count, [d.pk for d in home.drafts]) == (1, [draft.pk])
    assert (home.invitation_count, [i.proposal_id for i in home.invitations]) == (1, [invited.pk])
    body = response.content.decode()
    for url in (
        reverse("proposals:proposal-update", args=[draft.pk]),
        invited.get_absolute_url(),
        reverse("proposals:proposal-create", args=[soon.pk]),
        reverse("proposals:proposal-create", args=[later.pk]),
        reverse("proposals:call-list"),
        reverse("proposals:my-proposals"),
    ):
        assert f'href="{url}"' in body, url
    # The stale draft is among the recent proposals, but not offered to be continued.
    assert reverse("proposals:proposal-update", args=[stale.pk]) not in body
    # Plain staff: no other role's section.
    assert list(panels(response)) == [HOME_TEMPLATES["staff"]]


def test_a_board_member_sees_what_is_left_to_score_and_the_deadline(client):
    iu, member, outsider = innovation_unit_user(), UserFactory(), UserFactory()
    call = ClosedCallFactory()
    entries = [EntryFactory(call=call) for _ in range(3)]
    EntryFactory(call=call, proposer=member)  # their own: a conflict, not theirs to score
    screening = setup_screening(call=call, by=iu, members=[member, outsider])
    score_all(screening=screening, proposal=entries[0], by=member, value=3)
    screening_services.review_abstain(proposal=entries[1], by=member, reason="같은 부서 과제입니다.")

    response = open_home(client, member)
    (seat,) = panel(response, "board")["seats"]
    assert seat.pk == call.pk
    assert (seat.entry_count, seat.scored_count, seat.abstained_count) == (3, 1, 1)
    assert (seat.done_count, seat.left_count, seat.days_left) == (2, 1, 14)
    body = response.content.decode()
    assert f'href="{reverse("screening:workspace", args=[call.pk])}?state=todo"' in body
    assert 'value="2"' in body and 'max="3"' in body  # the progress bar: 2 of 3

    # Once the board's screening is decided (or for someone on no board), no board section.
    Screening.objects.filter(pk=screening.pk).update(decided_at=timezone.now())
    call.__class__.objects.filter(pk=call.pk).update(stored_phase=CallPhase.DECIDED)
    assert HOME_TEMPLATES["board"] not in panels(open_home(client, member))
    assert HOME_TEMPLATES["board"] not in panels(open_home(client, UserFactory()))


def test_a_liaison_sees_what_to_answer_due_soon_and_overdue(client):
    department, elsewhere = DepartmentFactory(), DepartmentFactory()
    liaison = liaison_user(department)
    today = timezone.localdate()
    overdue = RoutingFactory(department=department, due_on=today - timedelta(days=1))
    due_soon = RoutingFactory(department=department, due_on=today + timedelta(days=3))
    RoutingFactory(department=department, due_on=today + timedelta(days=20))
    RoutingFactory(department=department, due_on=today - timedelta(days=5), status=RoutingStatus.ADOPTED)
    RoutingFactory(department=elsewhere, due_on=today - timedelta(days=1))

    response = open_home(client, liaison)
    home = panel(response, "liaison")["home"]
    assert (home.to_answer, home.due_soon, home.overdue, home.adopted) == (3, 1, 1, 1)
    assert [r.pk for r in home.next_up][:2] == [overdue.pk, due_soon.pk]
    body = response.content.decode()
    inbox = reverse("routing:inbox")
    for query in ("awaiting", "due_soon", "overdue", "adopted"):
        assert f'href="{inbox}?status={query}"' in body
    assert f'href="{overdue.get_absolute_url()}"' in body
    # Each count's link lists exactly those routings.
    listed = client.get(f"{inbox}?status=due_soon").context["routings"]
    assert [r.pk for r in listed] == [due_soon.pk]
    assert HOME_TEMPLATES["liaison"] not in panels(open_home(client, UserFactory()))


def test_a_lab_member_sees_the_next_milestone_sign_offs_and_what_the_others_wrote(client):
    a, b = UserFactory(), UserFactory()
    lab = running_lab(a, b, start_offset_days=40)
    today = timezone.localdate()
    lab_services.milestone_create(lab=lab, by=a, title="시범 운영", target_date=today + timedelta(days=10))
    lab_services.milestone_create(lab=lab, by=a, title="최종보고", target_date=today + timedelta(days=60))
    decision = lab_services.decision_propose(
        lab=lab, by=b, kind=DecisionKind.SCOPE_CHANGE, summary="범위를 줄입니다.", new_mission="증명서 한 종만 시범 운영합니다."
    )
    entry = lab_services.log_entry_create(lab=lab, by=b, entry_date=today - timedelta(days=30), did="사례를 조사했습니다.")
    lab_services.log_comment_add(entry=entry, by=a, body="좋습니다.")

    response = open_home(client, a)
    (mine,) = panel(response, "lab")["labs"]
    assert (mine.next_milestone, mine.next_milestone_date) == ("시범 운영", today + timedelta(days=10))
    assert (mine.pending_signoffs, mine.recent_entries, mine.recent_comments) == (1, 1, 0)
    assert mine.log_overdue  # the last entry is 30 days old, the cadence 14
    assert [d.pk for d in panel(response, "lab")["decisions"]] == [decision.pk]
    body = response.content.decode()
    for url in (
        reverse("labs:decision-list", args=[lab.pk]),
        reverse("labs:timeline", args=[lab.pk]),
        reverse("labs:entry-create", args=[lab.pk]),
        decision.get_absolute_url(),
    ):
        assert f'href="{url}"' in body, url

    # The proposer has signed already; their own entry is not news to them, a's comment is.
    (theirs,) = panel(open_home(client, b), "lab")["labs"]
    assert (theirs.pending_signoffs, theirs.recent_entries, theirs.recent_comments) == (0, 0, 1)
    assert HOME_TEMPLATES["lab"] not in panels(open_home(client, UserFactory()))


def _decided_call(iu):
    call = ClosedCallFactory(created_by=iu)
    call.__class__.objects.filter(pk=call.pk).update(stored_phase=CallPhase.DECIDED)
    call.refresh_from_db()
    return call


def test_the_innovation_unit_sees_each_calls_stage_and_what_waits_on_it(client):
    iu = innovation_unit_user()
    open_call = CallFactory(created_by=iu)
    SubmittedProposalFactory.create_batch(2, call=open_call)
    closed = ClosedCallFactory(created_by=iu)
    EntryFactory(call=closed)
    screened = ClosedCallFactory(created_by=iu)
    EntryFactory(call=screened)
    screening = setup_screening(call=screened, by=iu, members=[UserFactory()])
    Screening.objects.filter(pk=screening.pk).update(deadline=timezone.now() - timedelta(days=1))
    decided = _decided_call(iu)
    NotSelectedProposalFactory.create_batch(2, call=decided)
    selected = SelectedProposalFactory(call=decided)
    RoutingFactory(due_on=timezone.localdate() - timedelta(days=3))

    response = open_home(client, iu)
    rows = {row["call"].pk: row for row in panel(response, "unit calls")["rows"]}
    assert rows[open_call.pk]["call"].current_phase == CallPhase.OPEN
    assert rows[open_call.pk]["call"].submission_count == 2 and rows[open_call.pk]["work"] == []
    assert [i.url for i in rows[closed.pk]["work"]] == [reverse("screening:setup", args=[closed.pk])]
    ranking = reverse("screening:ranking", args=[screened.pk])
    assert [(i.url, i.tone) for i in rows[screened.pk]["work"]] == [(ranking, ""), (ranking, "danger")]
    assert [i.url for i in rows[decided.pk]["work"]] == [
        reverse("routing:review-queue", args=[decided.pk]),
        reverse("labs:lab-create", args=[selected.pk]),
    ]
    answers = panel(response, "unit answers")["items"]
    assert [i.url for i in answers] == [f"{reverse('routing:tracking')}?show=overdue"]
    body = response.content.decode()
    for items in [row["work"] for row in rows.values()] + [answers]:
        for item in items:
            assert f'href="{item.url}"' in body, item.url
    assert f'href="{reverse("proposals:call-submissions", args=[open_call.pk])}"' in body


def test_the_innovation_unit_sees_what_waits_in_the_labs(client):
    iu = innovation_unit_user()
    recruiting = LabFactory(created_by=iu)
    lab_services.lab_volunteer(lab=recruiting, by=UserFactory())
    joined = LabFactory(created_by=iu)
    join(joined, UserFactory(), by=iu)  # accepted: a release from duties to acknowledge
    response = open_home(client, iu)
    context = panel(response, "unit labs")
    labs = {lab.pk: lab for lab in context["labs"]}
    assert (labs[recruiting.pk].volunteers, labs[recruiting.pk].releases_pending) == (1, 0)
    assert (labs[joined.pk].volunteers, labs[joined.pk].releases_pending) == (0, 1)
    assert context["releases_pending"] == 1
    body = response.content.decode()
    assert f'href="{reverse("labs:lab-detail", args=[recruiting.pk])}"' in body
    assert f'href="{reverse("labs:release-list")}"' in body


def test_a_liaison_sees_the_releases_of_their_departments_members(client):
    department = DepartmentFactory()
    liaison = liaison_user(department)
    join(LabFactory(), UserFactory(department=department))
    response = open_home(client, liaison)
    assert panel(response, "liaison releases")["count"] == 1
    assert f'href="{reverse("labs:release-list")}"' in response.content.decode()


def test_several_roles_see_each_part_the_main_role_first(client):
    iu = innovation_unit_user()
    department = DepartmentFactory()
    person = liaison_user(department)
    RoutingFactory(department=department)
    running_lab(person, UserFactory(), iu=iu)
    call = ClosedCallFactory(created_by=iu)
    EntryFactory(call=call)
    setup_screening(call=call, by=iu, members=[person])
    names = list(panels(open_home(client, person)))
    assert names == [HOME_TEMPLATES[key] for key in ("lab", "board", "liaison", "staff")]

    # The unit's own sections come first for a member of the unit who also holds the others.
    user_grant_role(user=person, role=Role.INNOVATION_UNIT)
    names = list(panels(open_home(client, person)))
    expected = ["unit calls", "unit answers", "unit labs", "lab", "board", "liaison", "staff"]
    assert names == [HOME_TEMPLATES[key] for key in expected]


def test_signed_out_the_home_shows_the_open_calls(client):
    call = CallFactory(title="누구나 볼 수 있는 공모")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert call.title in response.content.decode()
    assert "panels" not in response.context
    assert f'href="{reverse("accounts:login")}"' in response.content.decode()


def test_recent_proposals_are_listed_with_their_status(client):
    person = UserFactory()
    proposal = SubmittedProposalFactory(proposer=person, status=ProposalStatus.NOT_SELECTED)
    response = open_home(client, person)
    assert [p.pk for p in panel(response, "staff")["home"].recent] == [proposal.pk]
    body = response.content.decode()
    assert f'href="{proposal.get_absolute_url()}"' in body
    assert "krds-badge" in body.split(proposal.get_absolute_url(), 1)[1].split("</li>", 1)[0]
