"""Which pages hand out personal data, so that opening them is logged (PersonalDataAccess).

Keyed on the resolved URL name (``namespace:name``): the value is the model label of the object
the URL's keyword argument names, and that argument. ``None`` for a page about no single object
(a whole-portal export). ``PersonalDataAccessMiddleware`` logs every 200 response of these URLs,
so the apps' views need no change; ``tests/security/test_privacy.py`` fails when a URL that
looks like an export, download or print-out is in neither this map nor ``NOT_PERSONAL``.
"""

# The kwarg that names the signed-in person themselves: a page about the person who opens it
# (their "my data" download) is logged with them as the subject (``accounts.user``, their id).
SELF = "<signed-in person>"

PERSONAL_DATA_URLS: dict[str, tuple[str, str] | None] = {
    # Attachments: whatever a proposer or a lab uploaded.
    "proposals:attachment-download": ("proposals.attachment", "pk"),
    "screening:entry-attachment": ("proposals.attachment", "attachment_pk"),
    "labs:attachment-download": ("labs.labattachment", "pk"),
    # Exports: proposers' names, departments and grades; board members' scores.
    "proposals:call-submissions-export": ("proposals.call", "pk"),
    "screening:export-csv": ("proposals.call", "call_pk"),
    "screening:export-xlsx": ("proposals.call", "call_pk"),
    "screening:my-export-csv": ("proposals.call", "call_pk"),
    "screening:my-export-xlsx": ("proposals.call", "call_pk"),
    "routing:tracking-export-csv": None,
    "routing:tracking-export-xlsx": None,
    "insight:export": None,
    "insight:call-archive": ("proposals.call", "call_pk"),
    # Print-outs: the same facts on paper.
    "insight:print-proposal": ("proposals.proposal", "pk"),
    "insight:print-score-sheet": ("proposals.call", "call_pk"),
    "insight:print-member-score-sheet": ("proposals.call", "call_pk"),
    "insight:print-screening-result": ("proposals.call", "call_pk"),
    "insight:print-final-report": ("labs.lab", "pk"),
    # HR imports: the staff register itself.
    "people:import-detail": ("people.importrecord", "pk"),
    # The read-only API's personal endpoints (issue 20). They answer a bearer token only, never a
    # session, so this middleware never sees them succeed: api.me logs each answer itself.
    "api:me-proposals": None,
    "api:me-tasks": None,
    # My data: everything about the person who downloads it (issue 20).
    "privacy:my-data-download": ("accounts.user", SELF),
}

# URL names that match the export/download/print pattern but carry no personal data.
NOT_PERSONAL: set[str] = set()

# What the permission matrix and the test above treat as "looks like it hands out data".
PERSONAL_DATA_HINTS = ("export", "download", "attachment", "archive", "print", "import-detail")
