"""``manage.py import_hr`` and the sample files in docs/samples/."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Department, User
from people.models import ImportRecord

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_the_samples_import_cleanly(ext, capsys):
    call_command(
        "import_hr", org=SAMPLES / f"org_chart.{ext}", staff=SAMPLES / f"staff.{ext}", full=True
    )

    record = ImportRecord.objects.get()
    assert (record.status, record.origin, record.kind, record.created_by) == (
        "applied",
        "command",
        "full",
        None,
    )
    assert (record.departments_created, record.people_created) == (
        16,
        9,
    )  # 임지유 is marked inactive
    assert User.objects.get(username="2019008").get_grade_display() == "연구사"
    assert "people created: 9" in capsys.readouterr().out


def test_dry_run_changes_nothing():
    call_command(
        "import_hr", org=SAMPLES / "org_chart.csv", staff=SAMPLES / "staff.csv", dry_run=True
    )

    assert not Department.objects.exists() and not User.objects.exists()
    assert ImportRecord.objects.get().status == "previewed"


def test_rejected_rows_are_printed_and_nothing_is_applied(tmp_path, capsys):
    bad = tmp_path / "staff.csv"
    bad.write_text("사번,성명,이메일,부서코드,직급\n1,가,,NOPE,7급\n", encoding="cp949")

    with pytest.raises(CommandError, match="1 rejected"):
        call_command("import_hr", org=SAMPLES / "org_chart.csv", staff=bad)

    assert "직원 명단:2: 부서코드를 찾을 수 없습니다: NOPE" in capsys.readouterr().err
    assert not Department.objects.exists()


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_hr", staff=tmp_path / "nope.csv")
