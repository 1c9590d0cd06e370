"""Working out what importing the exports would do, without writing anything."""

from accounts.models import Department, User

from .departments import plan_departments
from .plan import Plan, Planner
from .reading import read_departments, read_staff
from .staff import plan_people

# What planning reads of each account (and what applying writes back).
USER_FIELDS = (
    "id",
    "username",
    "full_name",
    "email",
    "department_id",
    "grade",
    "source",
    "is_active",
    "password",
)


def plan_import(
    *,
    org: tuple[bytes, str] | None,
    staff: tuple[bytes, str] | None,
    full: bool,
) -> Plan:
    """Works out what importing the given exports (``(content, file name)`` pairs) would do.

    Reads the whole org chart and every account once (two queries), so the cost does not grow
    per row. Messages are in the portal's language (Korean)."""
    planner = Planner(full=full)
    existing = {d.code: d for d in Department.objects.all()}
    code_of = {d.pk: d.code for d in existing.values()}
    department_rows = read_departments(planner, *(org or (None, "")))
    final_departments = plan_departments(planner, department_rows, existing)
    staff_rows = read_staff(planner, *(staff or (None, "")), final_departments)
    users = {u.username: u for u in User.objects.only(*USER_FIELDS)}
    plan_people(planner, staff_rows, users, code_of, final_departments)
    plan = planner.plan
    plan.departments = existing
    plan.report["rows"] = len(department_rows) + len(staff_rows)
    plan.report["rejected"] = planner.sorted_rejections()
    return plan
