"""The people picker: its lookup (active staff only, what the staff pages show and nothing
more, signed-in staff only, a fixed number of queries, throttled) and its widget (the plain
employee-number input without JavaScript, the chosen people for the script)."""

import html as html_lib
import json
import re
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from accounts.enums import Grade
from accounts.selectors import PEOPLE_LOOKUP_LIMIT, find_people
from accounts.widgets import PersonPickerWidget
from tests.factories import DepartmentFactory, UserFactory

URL = reverse("accounts:people-lookup")


def lookup(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/json"
    return response.json()["people"]


@pytest.fixture
def welfare(db):
    return DepartmentFactory(name="복지정책과")


def test_finds_active_staff_by_the_start_of_a_name_with_name_department_and_grade(staff_client, welfare):
    person = UserFactory(full_name="김민수", username="20190001", department=welfare, grade=Grade.GRADE_6)
    UserFactory(full_name="박민수")  # the name does not start with 김민
    people = lookup(staff_client, "김민")
    assert people == [{"number": "20190001", "name": "김민수", "department": "복지정책과", "grade": "6급"}]
    assert person.email not in json.dumps(people, ensure_ascii=False)


def test_finds_by_the_start_of_an_employee_number_in_either_case(staff_client, welfare):
    UserFactory(full_name="이사번", username="E770001", department=welfare)
    UserFactory(full_name="최다른", username="E880001", department=welfare)
    assert [p["name"] for p in lookup(staff_client, "E77")] == ["이사번"]
    assert [p["name"] for p in lookup(staff_client, "e77")] == ["이사번"]


def test_never_lists_inactive_people_or_accounts_without_a_department(staff_client, welfare):
    UserFactory(full_name="한재직", department=welfare)
    UserFactory(full_name="한퇴직", department=welfare, is_active=False)
    UserFactory(full_name="한외부", department=None)  # an outside evaluator: no department
    assert [p["name"] for p in lookup(staff_client, "한")] == ["한재직"]
    # Not by employee number either.
    gone = UserFactory(full_name="정퇴직", username="X990001", is_active=False)
    assert lookup(staff_client, gone.username) == []


def test_answers_only_the_fields_the_staff_pages_show(staff_client, welfare):
    UserFactory(full_name="서필드", department=welfare, email="seo@example.go.kr")
    raw = staff_client.get(URL, {"q": "서"}).content.decode()
    (person,) = json.loads(raw)["people"]
    assert set(person) == {"number", "name", "department", "grade"}
    assert "seo@example.go.kr" not in raw and "@" not in raw


def test_at_most_ten_by_name_and_nothing_for_an_empty_or_blank_query(staff_client, welfare):
    for n in range(PEOPLE_LOOKUP_LIMIT + 3):
        UserFactory(full_name=f"윤직원{n:02d}", department=welfare)
    people = lookup(staff_client, "윤")
    assert len(people) == PEOPLE_LOOKUP_LIMIT
    assert [p["name"] for p in people] == sorted(p["name"] for p in people)
    assert lookup(staff_client, "") == []
    assert lookup(staff_client, "  \x00 ") == []


def test_a_hostile_query_is_an_empty_answer_not_an_error(staff_client, welfare):
    UserFactory(full_name="오퍼센트", department=welfare)
    for q in ("%", "_", "\\", "' OR 1=1 --", "x" * 500):
        assert lookup(staff_client, q) == []
    # A control character is dropped, not sent to the database (PostgreSQL refuses a NUL).
    assert [p["name"] for p in lookup(staff_client, "오\x00")] == ["오퍼센트"]


def test_query_count_does_not_grow_with_the_matches(staff_client, welfare):
    def queries(q):
        with CaptureQueriesContext(connection) as captured:
            lookup(staff_client, q)
        return len(captured)

    UserFactory(full_name="강하나", department=welfare)
    few = queries("강")
    for n in range(30):
        UserFactory(full_name=f"강여럿{n:02d}", department=DepartmentFactory())
    assert queries("강") == few


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL, {"q": "김"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_outside_evaluator_may_not_look_people_up(client, welfare):
    UserFactory(full_name="김직원", department=welfare)
    evaluator = UserFactory(full_name="외부위원", department=None)
    client.force_login(evaluator)
    assert client.get(URL, {"q": "김"}).status_code == 403


def test_only_get(staff_client):
    assert staff_client.post(URL, {"q": "김"}).status_code == 405


def test_lookups_beyond_the_limit_are_refused(staff_client, welfare, settings):
    settings.PEOPLE_LOOKUP_THROTTLE = (3, 60)
    UserFactory(full_name="조한도", department=welfare)
    for _ in range(3):
        assert staff_client.get(URL, {"q": "조"}).status_code == 200
    refused = staff_client.get(URL, {"q": "조"})
    assert refused.status_code == 429
    assert "people" not in refused.json()


def test_find_people_normalises_decomposed_hangul(db, welfare):
    UserFactory(full_name="노정규", department=welfare)
    assert [p.full_name for p in find_people(unicodedata.normalize("NFD", "노정"))] == ["노정규"]


# --- the widget ---------------------------------------------------------------------------


def render(widget, value):
    return widget.render("people", value, attrs={"id": "id_people"})


def data_attribute(html, name):
    match = re.search(rf'{name}="([^"]*)"', html)
    return json.loads(html_lib.unescape(match.group(1)))


def test_the_widget_is_the_plain_employee_number_input_with_the_chosen_people(db, welfare):
    person = UserFactory(full_name="김선택", username="20200002", department=welfare, grade=Grade.GRADE_7)
    html = render(PersonPickerWidget(multiple=True), "20200002, NOSUCH")
    assert re.search(r'<input type="text" name="people" value="20200002, NOSUCH"', html)
    assert 'id="id_people"' in html and "data-people-picker" in html and "data-multiple" in html
    assert f'data-lookup-url="{URL}"' in html
    chosen = data_attribute(html, "data-chosen")
    assert chosen == [
        {"number": "20200002", "name": "김선택", "department": "복지정책과", "grade": "7급"},
        {"number": "NOSUCH"},
    ]
    assert person.email not in html
    words = data_attribute(html, "data-words")
    assert "{count}" in words["found"] and "{name}" in words["remove"]
    # Without JavaScript the hint says how to type the numbers, and the input points at it.
    assert re.search(r'aria-describedby="id_people_pickerhint"', html)
    hint = gettext("Type employee numbers, separated by commas.")
    assert f'<p class="form-hint portal-picker-hint" id="id_people_pickerhint" data-picker-hint>{hint}</p>' in html


def test_the_widget_names_no_inactive_person_and_asks_nothing_without_a_value(db, welfare):
    UserFactory(full_name="한퇴직", username="20100003", department=welfare, is_active=False)
    html = render(PersonPickerWidget(), "20100003")
    assert data_attribute(html, "data-chosen") == [{"number": "20100003"}]
    assert "data-multiple" not in html
    with CaptureQueriesContext(connection) as captured:
        render(PersonPickerWidget(), "")
    assert len(captured) == 0


def test_the_widget_brings_its_script_and_style():
    media = str(PersonPickerWidget().media)
    assert "js/people-picker.js" in media and "defer" in media
    assert "css/people-picker.css" in media


@pytest.mark.postgres
def test_on_postgresql_the_lookup_can_use_the_prefix_indexes(db, welfare):
    """The query ``find_people`` sends is one the partial pattern indexes answer (sequential
    scans switched off, so the plan shows whether an index can serve it at all)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans")
    UserFactory(full_name="김인덱스", department=welfare)
    with CaptureQueriesContext(connection) as captured:
        assert [p.full_name for p in find_people("김인")] == ["김인덱스"]
    (sql,) = [q["sql"] for q in captured.captured_queries]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "accounts_user_name_prefix" in plan and "accounts_user_number_prefix" in plan, plan
