"""verify_ledger --state: the rows the ledger describes (the selected proposals, lab members,
department answers) are compared with what it recorded; each domain app registers its check."""

import pytest
from django.core.management import CommandError, call_command

from labs import services as lab_services
from labs.models import Membership
from ledger.state import registered_checks, state_disagreements
from privacy.anonymise import call_anonymise
from proposals.enums import ProposalStatus
from proposals.models import Proposal
from routing import services as routing_services
from routing.enums import RoutingStatus
from routing.models import RoutingEvent
from screening import services as screening_services
from tests.factories import UserFactory
from tests.factories.labs import LabFactory, acknowledge_all, join
from tests.factories.routing import RoutingFactory, liaison_user
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening


def build_decided_world(innovation_unit):
    """A decided screening (first selected, second not), a running lab of two and a department's
    answer, all through the services, so the ledger records them as the portal does."""
    call = ClosedCallFactory()
    first, second = EntryFactory(call=call), EntryFactory(call=call)
    member = UserFactory()
    screening = setup_screening(call=call, by=innovation_unit, members=[member])
    score_all(screening=screening, proposal=first, by=member, value=5)
    score_all(screening=screening, proposal=second, by=member, value=2)
    screening_services.screening_decide(call=call, by=innovation_unit, selected=[first], rationale="선정")
    lab = LabFactory(proposal=first, created_by=innovation_unit)
    for person in (UserFactory(), UserFactory()):
        join(lab, person, by=innovation_unit)
    acknowledge_all(lab, by=innovation_unit)
    lab = lab_services.lab_start(lab=lab, by=innovation_unit)
    routing = RoutingFactory()
    routing_services.routing_answer(
        routing=routing, by=liaison_user(routing.department), status=RoutingStatus.DECLINED, text="예산 부족"
    )
    return {"call": call, "first": first, "second": second, "lab": lab, "routing": routing}


@pytest.fixture
def world(innovation_unit):
    return build_decided_world(innovation_unit)


def test_each_domain_app_registers_its_check():
    assert registered_checks() == ["labs.membership", "routing.answers", "screening.selection"]


def test_rows_that_agree_with_the_ledger(world, capsys):
    assert state_disagreements() == []
    call_command("verify_ledger", state=True)
    assert "State OK: the rows agree with the ledger" in capsys.readouterr().out


def test_anonymisation_is_not_a_disagreement(world):
    call_anonymise(call=world["call"], retention_days=0)
    assert Proposal.objects.get(pk=world["first"].pk).proposer.username == "anonymised"
    assert state_disagreements() == []


def test_every_row_changed_behind_the_ledger_is_named(world):
    first, second = world["first"], world["second"]
    Proposal.objects.filter(pk=first.pk).update(status=ProposalStatus.NOT_SELECTED)
    Proposal.objects.filter(pk=second.pk).update(status=ProposalStatus.SELECTED)
    membership = Membership.objects.filter(lab=world["lab"]).order_by("pk").first()
    Membership.objects.filter(pk=membership.pk).update(status="removed")
    answer = RoutingEvent.objects.get(routing=world["routing"], kind="answer")
    RoutingEvent.objects.filter(pk=answer.pk).update(text="채택")
    found = {(d.check, d.row.split(" (")[0]): d.detail for d in state_disagreements()}
    assert set(found) == {
        ("screening.selection", f"proposals.proposal {first.pk}"),
        ("screening.selection", f"proposals.proposal {second.pk}"),
        ("labs.membership", f"labs.membership {membership.pk}"),
        ("routing.answers", f"routing.routingevent {answer.pk}"),
    }
    assert found[("screening.selection", f"proposals.proposal {first.pk}")].endswith("its status is not_selected")
    assert "records another text" in found[("routing.answers", f"routing.routingevent {answer.pk}")]
    with pytest.raises(CommandError, match="State BAD: 4 disagreements") as raised:
        call_command("verify_ledger", state=True)
    assert raised.value.returncode == 2
