"""What each level of a criterion means: written by the innovation unit on its own screen,
fixed once scoring starts, shown to the board beside the scale."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from screening import services
from tests.factories.screening import score_all, setup_screening

MEANINGS = ["새로움이 없음", "일부 새로움", "보통", "상당히 새로움", "전례 없음"]


def _levels_url(criterion):
    return reverse(
        "screening:criterion-levels", kwargs={"call_pk": criterion.screening.call_id, "criterion_pk": criterion.pk}
    )


def _post_data(meanings):
    return {f"level_{n}": m for n, m in enumerate(meanings, start=1)}


def test_the_unit_writes_a_meaning_per_level(call, entry, innovation_unit):
    screening = setup_screening(call=call, by=innovation_unit, open_it=False)
    criterion = screening.criteria.first()
    services.criterion_levels_update(criterion=criterion, by=innovation_unit, meanings=[f" {m} " for m in MEANINGS])
    criterion.refresh_from_db()
    assert criterion.levels == MEANINGS
    assert criterion.level_meanings(5)[0] == (1, "새로움이 없음")
    assert criterion.history.first().history_user == innovation_unit


def test_blank_levels_are_kept_blank_and_the_scale_decides_how_many(call, entry, innovation_unit):
    screening = setup_screening(call=call, by=innovation_unit, open_it=False)
    criterion = screening.criteria.first()
    services.criterion_levels_update(criterion=criterion, by=innovation_unit, meanings=["낮음", "", "", "", "높음"])
    criterion.refresh_from_db()
    assert criterion.level_meanings(5) == [(1, "낮음"), (2, ""), (3, ""), (4, ""), (5, "높음")]
    # A wider scale set later shows the new levels blank; a narrower one drops the top ones.
    assert criterion.level_meanings(7)[-2:] == [(6, ""), (7, "")]
    assert criterion.level_meanings(3) == [(1, "낮음"), (2, ""), (3, "")]
    with pytest.raises(ValidationError):
        services.criterion_levels_update(criterion=criterion, by=innovation_unit, meanings=["낮음", "높음"])
    with pytest.raises(ValidationError):
        services.criterion_levels_update(criterion=criterion, by=innovation_unit, meanings=["가" * 201] * 5)


def test_only_the_innovation_unit_writes_meanings(screening, member):
    with pytest.raises(PermissionDenied):
        services.criterion_levels_update(criterion=screening.criteria.first(), by=member, meanings=MEANINGS)


def test_meanings_are_fixed_once_scoring_has_started(screening, entry, innovation_unit, member):
    criterion = screening.criteria.first()
    # Opened but nobody has scored: still open to change.
    services.criterion_levels_update(criterion=criterion, by=innovation_unit, meanings=MEANINGS)
    score_all(screening=screening, proposal=entry, by=member, value=3)
    with pytest.raises(ValidationError):
        services.criterion_levels_update(criterion=criterion, by=innovation_unit, meanings=[""] * 5)
    criterion.refresh_from_db()
    assert criterion.levels == MEANINGS


def test_the_levels_screen_saves_and_is_reached_from_the_criteria(client, call, entry, innovation_unit):
    screening = setup_screening(call=call, by=innovation_unit, open_it=False)
    criterion = screening.criteria.first()
    client.force_login(innovation_unit)
    criteria_page = client.get(reverse("screening:criteria", kwargs={"call_pk": call.pk})).content.decode()
    assert _levels_url(criterion) in criteria_page
    page = client.get(_levels_url(criterion)).content.decode()
    assert page.count('name="level_') == 5
    response = client.post(_levels_url(criterion), _post_data(MEANINGS))
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.levels == MEANINGS
    criteria_page = client.get(reverse("screening:criteria", kwargs={"call_pk": call.pk})).content.decode()
    assert gettext("%(n)s of %(max)s described") % {"n": 5, "max": 5} in criteria_page


def test_the_levels_screen_is_read_only_once_scoring_has_started(client, screening, entry, innovation_unit, member):
    criterion = screening.criteria.first()
    services.criterion_levels_update(criterion=criterion, by=innovation_unit, meanings=MEANINGS)
    score_all(screening=screening, proposal=entry, by=member, value=3)
    client.force_login(innovation_unit)
    page = client.get(_levels_url(criterion)).content.decode()
    assert 'name="level_' not in page and "상당히 새로움" in page
    response = client.post(_levels_url(criterion), _post_data([""] * 5))
    assert response.status_code == 200
    criterion.refresh_from_db()
    assert criterion.levels == MEANINGS


def test_a_board_member_may_not_open_the_levels_screen(client, screening, member):
    criterion = screening.criteria.first()
    client.force_login(member)
    assert client.get(_levels_url(criterion)).status_code == 403
    assert client.post(_levels_url(criterion), _post_data(MEANINGS)).status_code == 403
    criterion.refresh_from_db()
    assert criterion.levels == []


def test_a_criterion_of_another_screening_is_a_404(client, screening, innovation_unit):
    from tests.factories.screening import ClosedCallFactory, EntryFactory

    other_call = ClosedCallFactory()
    EntryFactory(call=other_call)
    other = setup_screening(call=other_call, by=innovation_unit, open_it=False)
    client.force_login(innovation_unit)
    url = reverse(
        "screening:criterion-levels",
        kwargs={"call_pk": screening.call_id, "criterion_pk": other.criteria.first().pk},
    )
    assert client.get(url).status_code == 404
