import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories.insight import attach


def export(client, dataset, fmt="csv", **params):
    return client.get(reverse("insight:export", args=[dataset, fmt]), params)


def read_csv(response) -> list[list[str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_proposal_csv_has_bom_and_korean_and_people_for_the_unit(iu_client, program):
    rows = read_csv(export(iu_client, "proposals", call=program.call.pk))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["공모", "접수번호", "제목"]
    by_ref = {row[1]: dict(zip(header, row, strict=True)) for row in body}
    assert set(by_ref) == {"2019-G-001", "2019-G-002", "2019-G-003", "2019-G-004"}
    assert by_ref["2019-G-003"]["제안자"] == "최비공"
    assert by_ref["2019-G-002"]["처리 결과"] == "미선정 → 도로관리과: 채택"
    assert by_ref["2019-G-001"]["처리 결과"].startswith("선정 → 블록체인 랩(종료)")


def test_proposal_xlsx_for_staff_hides_unselected_proposers(staff_client, program):
    response = export(staff_client, "proposals", "xlsx", call=program.call.pk)
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    header = list(values[0])
    rows = {row[1]: dict(zip(header, row, strict=True)) for row in values[1:]}
    # Staff find the selected task and the routed proposal, not the unrouted or withdrawn ones.
    assert set(rows) == {"2019-G-001", "2019-G-002"}
    assert rows["2019-G-001"]["제안자"] == "김선정"
    assert rows["2019-G-002"]["제안자"] in (None, "")
    assert "제안 내용" not in header
    flat = str(values)
    assert "이미선" not in flat and "최비공" not in flat


def test_liaison_export_shows_the_proposers_of_their_routings(client, program):
    from tests.factories.routing import liaison_user

    liaison = liaison_user(program.roads)
    client.force_login(liaison)
    rows = read_csv(export(client, "routings"))
    assert rows[1][2] == "도로 파손 신고 자동화" and rows[1][-1] == "이미선"


def test_routing_export_for_staff_has_no_proposer(staff_client, program):
    rows = read_csv(export(staff_client, "routings"))
    assert len(rows) == 2 and rows[1][3] == "도로관리과" and rows[1][-1] == ""


def test_lab_export_reads_back(staff_client, program):
    rows = read_csv(export(staff_client, "labs"))
    assert rows[1][0] == "블록체인 랩" and rows[1][-1] == "일부 달성" and rows[1][8] == "1/1"


def test_scores_export_is_for_the_unit_only(client, staff, innovation_unit, program):
    client.force_login(staff)
    assert export(client, "scores", call=program.call.pk).status_code == 403
    client.force_login(innovation_unit)
    rows = read_csv(export(client, "scores", call=program.call.pk))
    assert {row[rows[0].index("심사위원")] for row in rows[1:]} == {"심사위원갑", "심사위원을"}


def test_call_archive_holds_tables_and_attachments(iu_client, program):
    attach(program.routed, "도로 사진.pdf", b"%PDF-1.4 road")
    response = iu_client.get(reverse("insight:call-archive", args=[program.call.pk]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    for table in ("proposals", "scores", "routings", "labs"):
        assert f"2019-G/{table}.csv" in names and f"2019-G/{table}.xlsx" in names
    assert archive.read("2019-G/attachments/2019-G-002/도로 사진.pdf") == b"%PDF-1.4 road"
    assert archive.read("2019-G/proposals.csv").startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("dataset", ["proposals", "nothing"])
def test_bad_export_requests_are_404(iu_client, dataset):
    assert export(iu_client, dataset, "pdf").status_code == 404
    assert export(iu_client, "proposals", call="x").status_code == 404
