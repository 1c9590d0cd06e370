"""Departments, staff, the innovation unit, department liaisons (group + guardian grant on the
department) and everyone's consent to the current privacy notice."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from accounts.enums import AccountSource, Grade, Role
from accounts.models import Department, DepartmentUserObjectPermission, User
from accounts.permissions import LIAISON_PERMISSION
from privacy.models import PrivacyConsent

from .plan import PASSWORD, State

SURNAMES = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민"
GIVEN = "민서준지현우도윤예하은수연진영재호태희경성동혜정미선아"
DEPARTMENT_WORDS = ("정책", "기획", "예산", "복지", "환경", "교통", "문화", "관광", "농업", "해양",
                    "산업", "일자리", "도시", "건축", "안전", "보건", "교육", "청년", "여성", "디지털")
GRADES = [Grade.GRADE_5, Grade.GRADE_6, Grade.GRADE_6, Grade.GRADE_7, Grade.GRADE_7, Grade.GRADE_8, Grade.GRADE_9]
PER_BUREAU = 10


def person_name(state: State) -> str:
    rng = state.rng
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def seed_departments(state: State, table) -> None:
    """실·국 (one per ten 과) and the 과 under them; proposals and staff belong to the 과."""
    departments = table(Department)
    n = state.plan.departments
    bureaus = [departments.add(code=f"BB{b:03d}", name=f"{DEPARTMENT_WORDS[b % 20]}{b // 20 or ''}국",
                               parent_id=None) for b in range(n // PER_BUREAU)]
    for i in range(n):
        word = DEPARTMENT_WORDS[(i * 7) % 20] + DEPARTMENT_WORDS[(i * 3 + 1) % 20]
        state.departments.append(departments.add(code=f"BD{i:04d}", name=f"{word}{i}과",
                                                 parent_id=bureaus[i // PER_BUREAU]))


def seed_people(state: State, table) -> None:
    seed_departments(state, table)
    users, password = table(User), make_password(PASSWORD)
    plan, depts = state.plan, state.departments
    for i in range(plan.staff):
        department = depts[i % len(depts)]
        pk = users.add(username=f"b{i:06d}", full_name=person_name(state), email=f"b{i:06d}@bench.go.kr",
                       department_id=department, grade=GRADES[i % len(GRADES)], source=AccountSource.HR,
                       password=password, date_joined=state.days_ago(900))
        state.staff.append(pk)
        state.staff_department[pk] = department
    for i in range(plan.unit_staff):
        state.unit.append(users.add(username=f"bench-iu{i}", full_name=person_name(state),
                                    email=f"iu{i}@bench.go.kr", department_id=depts[0], password=password,
                                    source=AccountSource.HR, date_joined=state.days_ago(900)))
    # The liaison of each department: the last of its staff.
    for pk in reversed(state.staff):
        state.liaisons.setdefault(state.staff_department[pk], pk)
    _roles(state, table)
    consents = table(PrivacyConsent)
    for pk in [*state.staff, *state.unit]:
        consents.add(user_id=pk, notice_version=settings.PRIVACY_NOTICE_VERSION, accepted_at=state.days_ago(300))


def _roles(state: State, table) -> None:
    memberships = table(User.groups.through)
    unit_group = Group.objects.get_or_create(name=Role.INNOVATION_UNIT.value)[0]
    liaison_group = Group.objects.get_or_create(name=Role.DEPARTMENT_LIAISON.value)[0]
    for pk in state.unit:
        memberships.add(user_id=pk, group_id=unit_group.pk)
    app_label, codename = LIAISON_PERMISSION.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    grants = table(DepartmentUserObjectPermission)
    for department, pk in state.liaisons.items():
        memberships.add(user_id=pk, group_id=liaison_group.pk)
        grants.add(user_id=pk, permission_id=permission.pk, content_object_id=department)
