from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from .enums import AccountSource, Grade


class Department(models.Model):
    """A unit of the org chart: 실·국 at the top, 과 below them."""

    code = models.CharField(_("department code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        permissions = [("act_as_liaison", _("Can answer routed proposals for the department"))]

    def __str__(self) -> str:
        return self.name


class DepartmentUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Department, on_delete=models.CASCADE)


class DepartmentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Department, on_delete=models.CASCADE)


class User(AbstractUser):
    """A person: staff of the provincial office (from HR) or a local account such as an
    outside evaluator. ``username`` is the employee number."""

    username = models.CharField(
        _("employee number"),
        max_length=30,
        unique=True,
        error_messages={"unique": _("A person with that employee number already exists.")},
    )
    full_name = models.CharField(_("full name"), max_length=60)
    email = models.EmailField(_("email address"), blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    grade = models.CharField(_("grade"), max_length=30, choices=Grade.choices, blank=True)
    source = models.CharField(
        _("account source"), max_length=10, choices=AccountSource.choices, default=AccountSource.LOCAL
    )
    # first_name / last_name from AbstractUser stay empty: Korean names are kept whole.
    first_name = None
    last_name = None

    objects = UserManager()
    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "username"]
        # The people picker's prefix lookups (accounts.selectors.find_people): on PostgreSQL
        # ``LIKE 'prefix%'`` needs the pattern operator class whatever the collation; other
        # databases ignore the operator class.
        indexes = [
            models.Index(
                fields=["full_name"],
                name="accounts_user_name_prefix",
                opclasses=["varchar_pattern_ops"],
                condition=models.Q(is_active=True),
            ),
            models.Index(
                fields=["username"],
                name="accounts_user_number_prefix",
                opclasses=["varchar_pattern_ops"],
                condition=models.Q(is_active=True),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @property
    def display_with_department(self) -> str:
        dept = self.department.name if self.department_id else "-"
        return f"{self.full_name} ({dept})"


class ApiToken(models.Model):
    """A person's key to the read-only API (issue 20): made and revoked by its owner on the
    "API 토큰" page, shown once, kept only as ``core.secret_tokens.digest_of`` the secret. It
    answers only while it is neither revoked nor expired and its owner is active
    (``accounts.selectors.api_token_owner``)."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=60)
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"
