"""The labs app's dates for calendars (``core.deadlines``).

``member_deadlines(user)``: for each lab the person is an active member of, until it closes:
its planned end (term end), the final report (due on the end date, until one is filed), the
next progress-log entry (running labs: ``reminders.log_due_date``), and the milestones not yet
done. Two queries.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from core.deadlines import Deadline

from .enums import OPEN_STATUSES, STARTED_STATUSES, LabStatus, MembershipStatus
from .models import FinalReport, Lab, Milestone
from .reminders import FILED_REPORT_STATUSES, log_due_date
from .selectors import LIST_FIELDS, last_log_date_subquery


def _lab_dates(lab: Lab) -> list[Deadline]:
    url = lab.get_absolute_url()
    dates = [
        Deadline(
            uid=f"lab-{lab.pk}-term",
            title=_("Lab term ends: %(name)s") % {"name": lab.name},
            start=lab.end_date,
            url=url,
        )
    ]
    if lab.status in STARTED_STATUSES and not lab.report_filed:
        dates.append(
            Deadline(
                uid=f"lab-{lab.pk}-report",
                title=_("Final report due: %(name)s") % {"name": lab.name},
                start=lab.end_date,
                url=url,
                description=_(
                    "Propose the final report to the other members by the end of the term."
                ),
            )
        )
    if lab.status == LabStatus.RUNNING:
        dates.append(
            Deadline(
                uid=f"lab-{lab.pk}-log",
                title=_("Progress log due: %(name)s") % {"name": lab.name},
                start=log_due_date(lab),
                url=url,
                description=_("Write the next progress log entry by this day."),
            )
        )
    return dates


def member_deadlines(user) -> list[Deadline]:
    filed = FinalReport.objects.filter(
        lab=OuterRef("pk"), decision__status__in=FILED_REPORT_STATUSES
    )
    labs = list(
        Lab.objects.filter(
            memberships__user=user,
            memberships__status=MembershipStatus.ACTIVE,
            status__in=OPEN_STATUSES,
        )
        .only(*LIST_FIELDS, "log_cadence_days")
        .annotate(last_log_date=last_log_date_subquery(), report_filed=Exists(filed))
    )
    if not labs:
        return []
    found = [deadline for lab in labs for deadline in _lab_dates(lab)]
    names = {lab.pk: lab.name for lab in labs}
    milestones = Milestone.objects.filter(lab__in=list(names), done=False).only(
        "id", "lab_id", "title", "target_date"
    )
    found += [
        Deadline(
            uid=f"milestone-{milestone.pk}",
            title=_("Milestone: %(title)s (%(lab)s)")
            % {"title": milestone.title, "lab": names[milestone.lab_id]},
            start=milestone.target_date,
            url=Lab(pk=milestone.lab_id).get_absolute_url(),
        )
        for milestone in milestones
    ]
    return found
