"""Demo data for "my data": two correction requests, one waiting for the innovation unit and
one it answered, through ``privacy.corrections``. Expects the foundation's "staff02",
"staff03" and "iu01"; idempotent (a person who already asked is left as they are)."""

from django.db import transaction

from accounts.models import User

from .corrections import correction_handle, correction_submit
from .models import CorrectionRequest

REQUESTS = (
    (
        "staff02",
        "profile",
        "직급이 7급으로 나옵니다.",
        "올해 1월 1일부로 6급으로 승진했습니다.",
        None,
    ),
    (
        "staff03",
        "profile",
        "이메일 주소가 예전 주소입니다.",
        "새 업무용 메일 주소로 바꿔 주세요.",
        "인사 시스템의 이메일 주소를 고쳤고, 다음 인사 자료 연계 때 포털에 반영됩니다.",
    ),
)


@transaction.atomic
def seed(*, now) -> None:
    people = {
        u.username: u for u in User.objects.filter(username__in=["iu01", "staff02", "staff03"])
    }
    unit = people.get("iu01")
    for username, section, wrong, should_be, answer in REQUESTS:
        person = people.get(username)
        if (
            person is None
            or unit is None
            or CorrectionRequest.objects.filter(requester=person).exists()
        ):
            continue
        correction = correction_submit(
            by=person, section=section, what_is_wrong=wrong, should_be=should_be
        )
        if answer:
            correction_handle(correction=correction, by=unit, corrected=True, outcome=answer)
