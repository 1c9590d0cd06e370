"""The print pages' content: who prints which proposal and score sheet, and what they show."""

from django.urls import reverse

from tests.factories import UserFactory
from tests.factories.routing import liaison_user


def urls(program):
    call = program.call.pk
    return {
        "print-proposal": reverse("insight:print-proposal", args=[program.routed.pk]),
        "print-result": reverse("insight:print-screening-result", args=[call]),
        "print-report": reverse("insight:print-final-report", args=[program.lab.pk]),
    }


def test_proposal_print_for_author_and_liaison(client, program):
    url = urls(program)["print-proposal"]
    client.force_login(program.routed.proposer)
    html = client.get(url).content.decode()
    assert "도로 파손 신고 자동화" in html and "결재" in html
    client.force_login(liaison_user(program.roads))
    assert client.get(url).status_code == 200
    client.force_login(liaison_user(program.welfare))
    assert client.get(url).status_code == 404


def test_score_sheet_own_and_blinded(client, program, innovation_unit):
    member = program.board[0]
    client.force_login(member)
    html = client.get(reverse("insight:print-score-sheet", args=[program.call.pk])).content.decode()
    assert "심사표" in html and "도로 파손 신고 자동화" in html and "3.50" in html
    assert "이미선" not in html and "김선정" not in html  # blind review
    # Another member's sheet is not theirs to print.
    other = reverse("insight:print-member-score-sheet", args=[program.call.pk, program.board[1].pk])
    assert client.get(other).status_code == 404
    client.force_login(innovation_unit)
    html = client.get(reverse("insight:print-member-score-sheet", args=[program.call.pk, member.pk])).content.decode()
    assert "이미선" in html
    stranger = reverse("insight:print-member-score-sheet", args=[program.call.pk, UserFactory().pk])
    assert client.get(stranger).status_code == 404


def test_final_report_print_needs_an_adopted_report(client, staff, program):
    from labs.enums import DecisionStatus
    from labs.models import Decision

    client.force_login(staff)
    url = urls(program)["print-report"]
    assert "일부 달성" in client.get(url).content.decode()
    Decision.objects.update(status=DecisionStatus.PENDING)
    assert client.get(url).status_code == 404


def test_screening_result_print_lists_the_ranking(iu_client, program):
    html = iu_client.get(urls(program)["print-result"]).content.decode()
    assert "심사 결과" in html and "4.50" in html and "도전성이 높습니다." in html
