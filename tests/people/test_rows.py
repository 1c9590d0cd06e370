"""One HR row through its form (people.sync.rows): the reasons in column order, the rules
that join two columns, and the row a valid form hands back."""

from django.utils import translation

from people.sync.rows import DepartmentRow, DepartmentRowForm, StaffRow, StaffRowForm

CHART = {"GENA": ("총무과", "", True), "OLD": ("옛과", "", False)}


def staff(**values):
    row = {"number": "1001", "name": "김총무", "email": "", "department": "GENA", "grade": "6급"}
    return {**row, "active": "", **values}


def test_a_valid_staff_row_becomes_a_row():
    form = StaffRowForm(staff(grade="Grade 6", active="재직"), seen={}, departments=CHART)
    assert form.is_valid()
    assert form.row(2) == StaffRow(2, "1001", "김총무", "", "GENA", "6", True)


def test_every_reason_of_a_staff_row_in_column_order():
    values = staff(number="1001", name="", email="x@", grade="대장", active="글쎄", department="NOPE")
    form = StaffRowForm(values, seen={"1001": 2}, departments=CHART)
    with translation.override("en"):
        assert not form.is_valid()
        assert form.messages() == [
            "The employee number 1001 is already on line 2.",
            "The name is empty.",
            "“x@” is not a valid email address.",
            "“대장” is not a known grade.",
            "“글쎄” is not a known active value (use Y or N).",
            "The department code NOPE is unknown.",
        ]


def test_only_someone_who_stays_is_refused_a_closed_department():
    with translation.override("en"):
        staying = StaffRowForm(staff(department="OLD"), seen={}, departments=CHART)
        assert staying.messages() == ["The department OLD is closed."]
    leaving = StaffRowForm(staff(department="OLD", active="N"), seen={}, departments=CHART)
    assert leaving.is_valid() and leaving.row(3).active is False


def test_a_department_row_naming_itself_as_parent_is_told_so_even_with_a_bad_code():
    values = {"code": "X" * 21, "name": "가과", "parent": "X" * 21, "active": "Y"}
    with translation.override("en"):
        assert DepartmentRowForm(values, seen={}).messages() == [
            "The department code is longer than 20 characters.",
            "A department cannot be its own parent.",
        ]
    form = DepartmentRowForm({"code": "A", "name": "가과", "parent": "", "active": ""}, seen={})
    assert form.is_valid() and form.row(4) == DepartmentRow(4, "A", "가과", "", True)
