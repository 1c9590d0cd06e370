import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from proposals.enums import ProposalStatus
from tests.factories import (
    DepartmentFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    UserFactory,
)


@pytest.fixture
def submissions(open_call):
    welfare = DepartmentFactory(code="WEL", name="복지정책과")
    roads = DepartmentFactory(code="ROAD", name="도로관리과")
    proposer = UserFactory(full_name="김제안", department=welfare)
    rows = {
        "blockchain": SubmittedProposalFactory(
            call=open_call,
            proposer=proposer,
            title="블록체인을 활용한 행정혁신",
            keywords="블록체인, 증명서",
            owning_department=welfare,
            reference=f"{open_call.code}-001",
        ),
        "roads": SubmittedProposalFactory(
            call=open_call,
            title="도로 파손 신고 자동화",
            keywords="도로, 신고",
            owning_department=roads,
            reference=f"{open_call.code}-002",
        ),
        "withdrawn": SubmittedProposalFactory(
            call=open_call,
            title="철회된 민원 제안",
            keywords="민원",
            owning_department=roads,
            status=ProposalStatus.WITHDRAWN,
            reference=f"{open_call.code}-003",
        ),
        "formula": SubmittedProposalFactory(
            call=open_call,
            title="=1+1",
            keywords="@SUM(A1), -2+3",
            owning_department=welfare,
            reference=f"{open_call.code}-004",
        ),
    }
    ProposalFactory(call=open_call, title="아직 초안인 제안", owning_department=welfare)
    return {"dept_welfare": welfare, "dept_roads": roads, **rows}


def export(client, call, fmt, query=""):
    response = client.get(reverse("proposals:call-submissions-export", args=[call.pk, fmt]) + query)
    assert response.status_code == 200
    return response


def read_csv(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return workbook.active


def test_csv_opens_in_korean_excel(iu_client, open_call, submissions):
    response = export(iu_client, open_call, "csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "charset=utf-8" in response["Content-Type"]
    assert response["Content-Disposition"].startswith("attachment;")
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert len(header) == 9
    titles = [row[1] for row in body]
    assert "블록체인을 활용한 행정혁신" in titles
    assert "아직 초안인 제안" not in titles
    blockchain = next(row for row in body if row[1] == "블록체인을 활용한 행정혁신")
    assert blockchain[0] == f"{open_call.code}-001"
    assert "김제안" in blockchain
    assert "복지정책과" in blockchain


def test_xlsx_reads_back_with_korean_intact(iu_client, open_call, submissions):
    response = export(iu_client, open_call, "xlsx")
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = read_xlsx(response)
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 1 + 4
    titles = [row[1] for row in values[1:]]
    assert "블록체인을 활용한 행정혁신" in titles
    assert "도로 파손 신고 자동화" in titles
    assert any("복지정책과" in (row) for row in values[1:])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"blockchain", "roads", "withdrawn", "formula"}),
        ("?status=withdrawn", {"withdrawn"}),
        ("?status=submitted", {"blockchain", "roads", "formula"}),
        ("?q=블록체인", {"blockchain"}),
        ("?q=신고", {"roads"}),
        ("DEPT_ROADS", {"roads", "withdrawn"}),
        ("DEPT_ROADS&status=submitted", {"roads"}),
    ],
)
def test_filters_apply_to_the_export(iu_client, open_call, submissions, fmt, query, expected):
    query = query.replace("DEPT_ROADS", f"?owning_department={submissions['dept_roads'].pk}")
    response = export(iu_client, open_call, fmt, query)
    if fmt == "csv":
        references = {row[0] for row in read_csv(response)[1:]}
    else:
        references = {row[0].value for row in read_xlsx(response).iter_rows(min_row=2)}
    assert references == {submissions[name].reference for name in expected}


def test_the_page_and_the_export_agree(iu_client, open_call, submissions):
    query = "?q=블록체인"
    page = iu_client.get(reverse("proposals:call-submissions", args=[open_call.pk]) + query)
    assert list(page.context["proposals"]) == [submissions["blockchain"]]
    assert "q=" in page.context["export_query"]


def test_formula_looking_cells_are_neutralised(iu_client, open_call, submissions):
    csv_rows = read_csv(export(iu_client, open_call, "csv"))
    formula_row = next(row for row in csv_rows if row[0] == submissions["formula"].reference)
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in formula_row)
    assert "'=1+1" in formula_row

    sheet = read_xlsx(export(iu_client, open_call, "xlsx"))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.value
    formula_row = next(
        row
        for row in sheet.iter_rows(min_row=2)
        if row[0].value == submissions["formula"].reference
    )
    assert formula_row[1].value == "'=1+1"
