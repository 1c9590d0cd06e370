from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import choice_label


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("No email address")
    DROPPED = "dropped", _("Dropped (occasion passed)")
    # The recipient's notification preferences (notifications.preferences): the email waits for
    # the daily digest, went out in one, or is not sent at all (the notice is in the portal).
    DIGEST = "digest", _("Waiting for the daily digest")
    IN_DIGEST = "digested", _("Sent in a daily digest")
    PORTAL_ONLY = "portal", _("Not emailed (portal only)")


class NotificationKind(models.TextChoices):
    """Every kind of notification (the ``kind`` an app passes to ``notify`` or registers as a
    reminder; its email templates are ``emails/<kind>*``) with the words a person reads for it.
    The field stores the code; pages show ``notification_kind_label``. A kind added without a
    line here fails ``tests/notifications/test_kind_labels.py``."""

    PROPOSAL_SUBMITTED = "proposal_submitted", _("Proposal received")
    COPROPOSER_INVITED = "coproposer_invited", _("Co-proposer invitation")
    CALL_DEADLINE_EXTENDED = "call_deadline_extended", _("Call deadline extended")
    CALL_QUESTION_ASKED = "call_question_asked", _("Question about a call")
    CALL_QUESTION_ANSWERED = "call_question_answered", _("Answer to your question")
    REMINDER_CALL_OPENED = "reminder_call_opened", _("Call for proposals opened")
    REMINDER_CALL_CLOSING_DRAFT = "reminder_call_closing_draft", _("Reminder: unsubmitted draft")
    REMINDER_CALL_CLOSING_INVITATION = (
        "reminder_call_closing_invitation",
        _("Reminder: unanswered co-proposer invitation"),
    )
    SCREENING_BOARD_OPENED = "screening_board_opened", _("Screening opened")
    SCREENING_ENTRIES_ASSIGNED = "screening_entries_assigned", _("Entries assigned to you")
    REMINDER_SCREENING_DUE = "reminder_screening_due", _("Reminder: screening closes soon")
    SCREENING_OUTCOME_SELECTED = "screening_outcome_selected", _("Screening result: selected")
    SCREENING_OUTCOME_NOT_SELECTED = (
        "screening_outcome_not_selected",
        _("Screening result: not selected"),
    )
    SCREENING_FEEDBACK = "screening_feedback", _("Feedback on your proposal")
    ROUTING_ASSIGNED = "routing_assigned", _("Proposal routed to a department")
    ROUTING_ANSWERED = "routing_answered", _("Department answer received")
    ROUTING_REVIEWED = "routing_reviewed", _("Practical-effect review done")
    ROUTING_REROUTE_REQUESTED = "routing_reroute_requested", _("Re-route requested")
    ROUTING_ANSWER_DUE = "routing_answer_due", _("Reminder: department answer due")
    ROUTING_ANSWER_OVERDUE = "routing_answer_overdue", _("Department answer overdue")
    IDEA_ANSWERED = "idea_answered", _("Department answer on an idea you follow")
    IDEA_PROGRESS = "idea_progress", _("Progress on an idea you follow")
    LABS_INVITATION = "labs_invitation", _("Lab invitation")
    LABS_DECISION_PROPOSED = "labs_decision_proposed", _("Joint decision to sign off")
    LABS_DECISION_SETTLED = "labs_decision_settled", _("Joint decision settled")
    LABS_EXTENSION_REQUESTED = "labs_extension_requested", _("Lab extension requested")
    LABS_REPORT_SIGNED = "labs_report_signed", _("Final report signed off")
    LABS_RELEASE_REQUESTED = "labs_release_requested", _("Release from duties to acknowledge")
    LABS_RELEASE_IN_EFFECT = "labs_release_in_effect", _("Release from duties in effect")
    LABS_RELEASE_ENDED = "labs_release_ended", _("Release from duties ended")
    REMINDER_LAB_RELEASE_STARTS = "reminder_lab_release_starts", _("Reminder: release starts")
    REMINDER_LAB_RELEASE_ENDS = "reminder_lab_release_ends", _("Reminder: release ends")
    REMINDER_LAB_TERM_ENDING = "reminder_lab_term_ending", _("Reminder: lab term ending")
    REMINDER_LAB_REPORT_DUE = "reminder_lab_report_due", _("Reminder: final report due")
    REMINDER_LAB_LOG_OVERDUE = "reminder_lab_log_overdue", _("Reminder: progress log due")
    PEOPLE_LIAISONS_ENDED = "people_liaisons_ended", _("Liaison roles ended by HR import")
    FIRST_SIGN_IN_LINK = "first_sign_in_link", _("First sign-in link")
    PRIVACY_CORRECTION_REQUESTED = "privacy_correction_requested", _("Request to correct personal data")
    PRIVACY_CORRECTION_HANDLED = "privacy_correction_handled", _("Correction request handled")
    DAILY_DIGEST = "daily_digest", _("Daily digest of notifications")


def notification_kind_label(kind: str) -> str:
    """The words for a notification kind; a kind without a label reads as "Other notification",
    never as its code."""
    return choice_label(NotificationKind, kind, str(_("Other notification")))


class Delivery(models.TextChoices):
    """How a person wants a kind of notification (``NotificationPreference``). The notice is in
    the portal's notification list in every case; the choice is about the email."""

    IMMEDIATE = "immediate", _("Email at once")
    DIGEST = "digest", _("Once a day, in a digest")
    PORTAL = "portal", _("In the portal only")
