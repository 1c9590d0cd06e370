"""The admin's third-party words that their apps do not translate into Korean, translated in
the project's catalogue (locale/, which ``LOCALE_PATHS`` puts before every app's catalogue, so
an app's English msgid shows the Korean written there).

django-axes (sign-in attempts, lockouts and logs) and django-simple-history (the "history"
pages of the models that keep one) ship no Korean catalogue; their msgids are listed here,
exactly as the apps write them, so ``make messages`` brings them into locale/. The axes app's
own name is not a msgid (Django makes it from the label): ``glab_portal.apps.AxesConfig``
names it. django-guardian's "object permissions" screens (the departments' admin) ship no
Korean either; their words are here too. Celery has no admin here.

Django stores each permission's name in English in the database ("Can add lab");
``core.permission_labels.permission_label`` names them in the active language where the admin
lists them (the groups' permissions, ``accounts.admin.GroupAdmin``).

What stays English, and why: axes's "Cleaned up {count} expired access attempts." (axes
formats the number into the text before translating it, so no catalogue can match it); the
historical models' names ("historical …", built without gettext), which the admin never lists.
"""

from django.utils.translation import gettext_noop

AXES_WORDS = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Time"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
    gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop(
        "Account locked: too many login attempts. Contact an admin to unlock your account."
    ),
)

SIMPLE_HISTORY_WORDS = (
    gettext_noop("View history: %s"),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("You may edit it again below"),
    gettext_noop("Revert %s"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Deleted %(type_name)s"),
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Revert"),
    gettext_noop("Change History"),
)

GUARDIAN_WORDS = (
    gettext_noop("Object permissions"),
    gettext_noop("Permissions saved."),
    gettext_noop("User identification"),
    gettext_noop("This user does not exist"),
    gettext_noop("Enter a value compatible with User.USERNAME_FIELD"),
    gettext_noop("This group does not exist"),
    gettext_noop("object ID"),
    gettext_noop("Users"),
    gettext_noop("User permissions"),
    gettext_noop("Manage user"),
    gettext_noop("Groups"),
    gettext_noop("Group permissions"),
    gettext_noop("Group"),
    gettext_noop("Manage group"),
    gettext_noop("Please correct the errors below."),
)

THIRD_PARTY_WORDS = AXES_WORDS + SIMPLE_HISTORY_WORDS + GUARDIAN_WORDS
