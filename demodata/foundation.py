"""Foundation demo data: the org chart, people with roles, an open call, a special call that
has closed (its screening is the screening demo's, in progress) and the 2019 call.

Everything is keyed (department codes, employee numbers, call codes, reference numbers), so
running it again changes nothing. Historical data (the 2019 call's submissions) is written
directly, since the services rightly refuse to write into a closed call.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.enums import AccountSource, Grade, Role
from accounts.models import Department, User
from accounts.services import user_grant_role
from proposals.enums import CoProposerStatus, ProposalStatus
from proposals.models import Call, CoProposer, Proposal
from proposals.services import proposal_submission_record

DEMO_PASSWORD = "glab-demo-2026"  # noqa: S105 - development only, documented in README
SEOUL = ZoneInfo("Asia/Seoul")

DEPARTMENTS = [
    # code, name, parent code
    ("PLAN", "기획조정실", None),
    ("INNO", "도정혁신추진단", "PLAN"),
    ("BUDG", "예산담당관", "PLAN"),
    ("ADMIN", "행정국", None),
    ("GENA", "총무과", "ADMIN"),
    ("LOCA", "자치행정과", "ADMIN"),
    ("ICT", "정보통신담당관", "ADMIN"),
    ("ECON", "경제통상국", None),
    ("JOBS", "일자리경제과", "ECON"),
    ("INDU", "산업혁신과", "ECON"),
    ("WELF", "복지여성국", None),
    ("WPOL", "복지정책과", "WELF"),
    ("FAMI", "여성가족과", "WELF"),
    ("ENVI", "환경정책과", None),
    ("TRAN", "교통정책과", None),
    ("SAFE", "안전정책과", None),
]

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = [
    "민준", "서연", "도윤", "지우", "하준", "서윤", "은우", "지민", "시우", "수아",
    "예준", "하은", "주원", "지유", "유준", "채원", "정우", "다은", "건우", "소율",
]
STAFF_DEPARTMENTS = ["GENA", "LOCA", "ICT", "JOBS", "INDU", "WPOL", "FAMI", "ENVI", "TRAN", "SAFE", "BUDG"]
STAFF_GRADES = [Grade.GRADE_6, Grade.GRADE_7, Grade.GRADE_8, Grade.GRADE_9, Grade.GRADE_5, Grade.GRADE_7]

PAST_TITLES = [
    "블록체인을 활용한 행정혁신",
    "AI 챗봇 민원 상담 서비스",
    "공공데이터 개방 플랫폼 고도화",
    "도민 참여 예산 모바일 투표",
    "드론을 활용한 산불 감시",
    "스마트 버스정류장 구축",
    "전통시장 온라인 장보기",
    "청년 창업 공유 오피스",
    "어르신 돌봄 IoT 안심 서비스",
    "종이 없는 회의 시스템",
    "공용차량 공유 예약 시스템",
    "도청 청사 에너지 절감",
    "민원서류 무인 발급 확대",
    "외국인 주민 다국어 안내",
    "농산물 직거래 플랫폼",
    "미세먼지 알림 서비스 개선",
    "재난 문자 맞춤 발송",
    "도서관 상호대차 서비스",
    "공공 와이파이 확대",
    "직원 아이디어 상시 제안 창구",
    "관광지 혼잡도 안내",
    "주차장 공유 서비스",
    "청소년 진로 체험 매칭",
    "하천 수질 실시간 공개",
    "행정 용어 쉬운 말 바꾸기",
]

# The special call that closed recently: its screening is in progress (screening.demo).
SPECIAL_CALL = "2026-D"
SPECIAL_TITLES = [
    ("민원 처리 현황 실시간 안내", "LOCA"),
    ("종이 서식 전자문서 일괄 전환", "GENA"),
    ("공공시설 예약 통합 창구", "ICT"),
    ("재난 안전 정보 음성 안내", "SAFE"),
    ("버스 도착 정보 어르신 맞춤 화면", "TRAN"),
    ("복지 급여 자동 안내 서비스", "WPOL"),
    ("중소기업 지원사업 한눈에 보기", "JOBS"),
    ("환경 민원 사진 접수 앱", "ENVI"),
]
SPECIAL_PROPOSERS = range(20, 28)  # staff20 … staff27


def _aware(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SEOUL)


def _person(username, full_name, dept_code, grade, *, source=AccountSource.HR) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "email": f"{username}@demo.gyeongnam.go.kr",
            "department": Department.objects.get(code=dept_code) if dept_code else None,
            "grade": grade,
            "source": source,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _name(index: int) -> str:
    return SURNAMES[index % len(SURNAMES)] + GIVEN[(index * 7) % len(GIVEN)]


@transaction.atomic
def seed(*, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    for code, name, parent in DEPARTMENTS:
        Department.objects.get_or_create(
            code=code, defaults={"name": name, "parent": Department.objects.get(code=parent) if parent else None}
        )

    admin = _person("admin", "관리자", "INNO", Grade.GRADE_5, source=AccountSource.LOCAL)
    if not admin.is_superuser:
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    iu = _person("iu01", "박혁신", "INNO", Grade.GRADE_5)
    iu2 = _person("iu02", "정변화", "INNO", Grade.GRADE_6)
    for person in (iu, iu2):
        user_grant_role(user=person, role=Role.INNOVATION_UNIT)
    staff = [
        _person(
            f"staff{i:02d}",
            _name(i),
            STAFF_DEPARTMENTS[i % len(STAFF_DEPARTMENTS)],
            STAFF_GRADES[i % len(STAFF_GRADES)],
        )
        for i in range(1, 41)
    ]
    for i in range(1, 6):
        _person(f"board{i:02d}", _name(100 + i), STAFF_DEPARTMENTS[(i + 3) % len(STAFF_DEPARTMENTS)], Grade.GRADE_5)

    open_call, _ = Call.objects.get_or_create(
        code="2026-G",
        defaults={
            "title": "2026년 경남 G-랩 과제 공모",
            "description": "도정 혁신을 이끌 G-랩 과제를 전 직원을 대상으로 공모합니다.\n"
            "선정된 과제는 자원한 직원 2명 이상이 3~6개월 동안 일상업무에서 벗어나 수행합니다.",
            "guidance": "현황 및 문제점, 개선 방안, 기대 효과를 구체적으로 적어 주세요.\n"
            "실패해도 괜찮습니다. 도전적인 과제를 환영합니다.",
            "opens_at": now - timedelta(days=7),
            "closes_at": now + timedelta(days=10),
            "results_expected_on": (now + timedelta(days=45)).date(),
            "contact": "도정혁신추진단 박혁신 주무관 055-211-0000",
            "created_by": iu,
        },
    )
    _seed_open_call(open_call, staff)

    past_call, _ = Call.objects.get_or_create(
        code="2019-G",
        defaults={
            "title": "2019년 경남 G-랩 과제 공모",
            "description": "정부 실험실(G-Lab)이 수행할 도전적인 과제를 공모합니다.",
            "opens_at": _aware(2019, 5, 13, 9),
            "closes_at": _aware(2019, 6, 4, 18),
            "created_by": iu,
        },
    )
    _seed_past_call(past_call, staff)

    special_call = _seed_special_call(iu, now)
    return {"open_call": open_call, "past_call": past_call, "special_call": special_call}


def _seed_open_call(call: Call, staff: list[User]) -> None:
    if call.proposals.exists():
        return
    dept = {d.code: d for d in Department.objects.all()}
    entries = [
        (staff[0], "모바일 공무원증으로 출입·결재 통합", "ICT", ProposalStatus.SUBMITTED),
        (staff[1], "도민 제안 AI 자동 분류", "LOCA", ProposalStatus.SUBMITTED),
        (staff[2], "청사 유휴공간 도민 개방", "GENA", ProposalStatus.SUBMITTED),
        (staff[3], "탄소중립 실천 포인트", "ENVI", ProposalStatus.DRAFT),
        (staff[4], "교통약자 수요응답형 버스", "TRAN", ProposalStatus.DRAFT),
    ]
    for number, (person, title, dept_code, status) in enumerate(entries, start=1):
        submitted = status == ProposalStatus.SUBMITTED
        proposal = Proposal.objects.create(
            call=call,
            proposer=person,
            title=title,
            problem="현재 절차가 복잡하고 시간이 오래 걸립니다.",
            idea="디지털 기술로 절차를 간소화합니다.",
            effect="도민 편의와 행정 효율이 높아집니다.",
            owning_department=dept[dept_code],
            keywords="디지털, 혁신",
            proposer_volunteers=number % 2 == 1,
            status=status,
            reference=f"{call.code}-{number:03d}" if submitted else "",
            submitted_at=call.opens_at + timedelta(days=number) if submitted else None,
        )
    Call.objects.filter(pk=call.pk).update(next_reference_number=4)
    first = call.proposals.get(title=entries[0][1])
    CoProposer.objects.get_or_create(
        proposal=first, user=staff[5], defaults={"status": CoProposerStatus.ACCEPTED, "volunteers": True}
    )
    CoProposer.objects.get_or_create(proposal=proposal, user=staff[0], defaults={"status": CoProposerStatus.INVITED})
    _record_submissions(call)


def _seed_past_call(call: Call, staff: list[User]) -> None:
    if call.proposals.exists():
        return
    departments = list(Department.objects.exclude(code__in=["PLAN", "ADMIN", "ECON", "WELF", "INNO"]))
    for number, title in enumerate(PAST_TITLES, start=1):
        proposer = staff[(number * 3) % len(staff)]
        proposal = Proposal.objects.create(
            call=call,
            proposer=proposer,
            title=title,
            problem="현장에서 같은 불편을 여러 해째 호소하고 있으며, 지금 방식으로는 풀기 어렵습니다.",
            idea=f"{title} 방안을 시범 운영하고 확산합니다.",
            effect="도민 편의가 높아지고 행정 비용이 줄어듭니다.",
            owning_department=departments[number % len(departments)],
            keywords="혁신, 도민 편의",
            proposer_volunteers=number % 3 == 1,
            status=ProposalStatus.SUBMITTED,
            reference=f"{call.code}-{number:03d}",
            submitted_at=call.opens_at + timedelta(days=number % 20, hours=number),
        )
        if number == 1:
            # The blockchain proposal: a grade-6 and a grade-7 proposer who both volunteer.
            Proposal.objects.filter(pk=proposal.pk).update(
                proposer=User.objects.get(username="staff06"), proposer_volunteers=True
            )
            CoProposer.objects.create(
                proposal=proposal,
                user=User.objects.get(username="staff07"),
                status=CoProposerStatus.ACCEPTED,
                volunteers=True,
            )
    Call.objects.filter(pk=call.pk).update(next_reference_number=len(PAST_TITLES) + 1)
    _record_submissions(call)


def _seed_special_call(iu: User, now: datetime) -> Call:
    """The special call, closed 12 days ago with eight proposals (screening.demo screens it)."""
    call, _ = Call.objects.get_or_create(
        code=SPECIAL_CALL,
        defaults={
            "title": "2026년 디지털 전환 G-랩 특별 공모",
            "description": "민원과 행정 서비스를 디지털로 바꾸는 과제를 특별 공모합니다.",
            "opens_at": now - timedelta(days=40),
            "closes_at": now - timedelta(days=12),
            "results_expected_on": (now + timedelta(days=20)).date(),
            "contact": "도정혁신추진단 정변화 주무관 055-211-0001",
            "created_by": iu,
        },
    )
    if call.proposals.exists():
        return call
    dept = {d.code: d for d in Department.objects.all()}
    for number, ((title, dept_code), staff_number) in enumerate(zip(SPECIAL_TITLES, SPECIAL_PROPOSERS, strict=True), 1):
        Proposal.objects.create(
            call=call,
            proposer=User.objects.get(username=f"staff{staff_number:02d}"),
            title=title,
            problem="지금은 담당자가 하나하나 손으로 처리해 도민과 직원이 같은 일을 여러 번 되풀이합니다.",
            idea=f"「{title}」 방안을 석 달 동안 한 부서에서 시범 운영하고 효과를 측정합니다.",
            effect="처리 시간이 줄고 도민이 진행 상황을 직접 확인합니다.",
            owning_department=dept[dept_code],
            keywords="디지털 전환, 민원",
            proposer_volunteers=number % 2 == 0,
            status=ProposalStatus.SUBMITTED,
            reference=f"{call.code}-{number:03d}",
            submitted_at=call.opens_at + timedelta(days=number * 3),
        )
    Call.objects.filter(pk=call.pk).update(next_reference_number=len(SPECIAL_TITLES) + 1)
    _record_submissions(call)
    return call


def _record_submissions(call: Call) -> None:
    """The decision ledger gets the demo's submissions too, as if they had come through the form."""
    for proposal in call.proposals.filter(status=ProposalStatus.SUBMITTED).order_by("reference"):
        proposal_submission_record(proposal=proposal, by=proposal.proposer)
