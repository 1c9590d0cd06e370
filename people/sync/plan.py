"""What an import would do (``Plan``) and the planner that writes it down step by step."""

import json
from dataclasses import dataclass, field

from accounts.models import Department, User
from core.digest import sha256_text

from .rows import DepartmentRow, StaffRow

REPORT_LISTS = (
    "departments_created",
    "departments_changed",
    "departments_closed",
    "people_created",
    "people_changed",
    "people_deactivated",
)


def empty_report() -> dict:
    return {**{name: [] for name in REPORT_LISTS}, "rejected": [], "rows": 0}


def report_digest(report: dict) -> str:
    canonical = json.dumps(report, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return sha256_text(canonical)


@dataclass
class Plan:
    """What an import would do. ``report`` is the JSON shown as the preview (and
    fingerprinted by ``digest``); the other fields are what ``execute_plan`` writes."""

    report: dict = field(default_factory=empty_report)
    new_departments: list[DepartmentRow] = field(default_factory=list)
    changed_departments: list[DepartmentRow] = field(default_factory=list)
    closed_departments: list[Department] = field(default_factory=list)
    new_people: list[StaffRow] = field(default_factory=list)
    changed_people: list[tuple[User, StaffRow]] = field(default_factory=list)
    departed_people: list[User] = field(default_factory=list)
    departments: dict[str, Department] = field(default_factory=dict)

    @property
    def rejected(self) -> bool:
        return bool(self.report["rejected"])

    @property
    def digest(self) -> str:
        return report_digest(self.report)


class Planner:
    """The plan being made and the rows refused so far. ``full``: the exports list everything
    (whatever they leave out closes or leaves) rather than only what changed."""

    def __init__(self, *, full: bool):
        self.full = full
        self.rejected: list[dict] = []
        self.plan = Plan()

    def reject(self, file: str, line: int | None, reason: str) -> None:
        self.rejected.append({"file": file, "line": line, "reason": reason})

    def close(self, department: Department, line: int | None, reason: str) -> None:
        self.plan.closed_departments.append(department)
        self.plan.report["departments_closed"].append(
            {"line": line, "code": department.code, "name": department.name, "reason": reason}
        )

    def depart(self, user: User, line: int | None, reason: str, department: str) -> None:
        self.plan.departed_people.append(user)
        self.plan.report["people_deactivated"].append(
            {
                "line": line,
                "number": user.username,
                "name": user.full_name,
                "department": department,
                "reason": reason,
            }
        )

    def closing_lines(self) -> dict[str, int | None]:
        """Department code → the org chart line that closes it (None: missing from a full export)."""
        return {entry["code"]: entry["line"] for entry in self.plan.report["departments_closed"]}

    def sorted_rejections(self) -> list[dict]:
        return sorted(
            self.rejected, key=lambda r: (r["file"], r["line"] if r["line"] is not None else 0)
        )
