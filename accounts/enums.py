from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    """직급 as HR data carries it: the nine general grades and the other kinds of post."""

    GRADE_1 = "1", _("Grade 1")
    GRADE_2 = "2", _("Grade 2")
    GRADE_3 = "3", _("Grade 3")
    GRADE_4 = "4", _("Grade 4")
    GRADE_5 = "5", _("Grade 5")
    GRADE_6 = "6", _("Grade 6")
    GRADE_7 = "7", _("Grade 7")
    GRADE_8 = "8", _("Grade 8")
    GRADE_9 = "9", _("Grade 9")
    SENIOR_RESEARCHER = "senior_researcher", _("Senior researcher")
    RESEARCHER = "researcher", _("Researcher")
    SENIOR_ADVISOR = "senior_advisor", _("Senior extension advisor")
    ADVISOR = "advisor", _("Extension advisor")
    FIXED_TERM = "fixed_term", _("Fixed-term official")
    PUBLIC_SERVICE = "public_service", _("Public service worker")
    OTHER = "other", _("Other")


class AccountSource(models.TextChoices):
    """Where an account comes from; an HR sync only ever touches the accounts it owns."""

    HR = "hr", _("HR import")
    LOCAL = "local", _("Local account")


class Role(models.TextChoices):
    """Global roles, each a Django group of the same name."""

    INNOVATION_UNIT = "innovation_unit", _("Innovation unit")
    DEPARTMENT_LIAISON = "department_liaison", _("Department liaison")
