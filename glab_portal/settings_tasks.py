"""Settings for Celery, the outbox, the reminders and beat's schedule, read from the environment
(README's configuration table). Imported by glab_portal.settings; kept apart so each settings
module stays short. Celery runs eagerly, with no broker, when REDIS_URL is unset."""

import os

from celery.schedules import crontab

from glab_portal.env import env_int, env_list

# Eager when no broker is configured, so the portal runs with nothing else installed.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# The queue tasks are published to and workers consume by default; a worker started with a
# queue of its own (the worker tests) sets it so the tasks it publishes come back to it.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# A request must never hang on a broker that is down: fail fast, the outbox keeps the message.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # One immediate retry when publishing, not kombu's default wait of 2 s and more.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "visibility_timeout": 3600,
}
CELERY_TASK_PUBLISH_RETRY = False
# What queueing a notification may cost a request at most (notifications.queueing): the task is
# published after commit over its own connection with this timeout for connecting and for each
# reply, and no retry; if the broker is down or hung the outbox row waits for the dispatcher.
NOTIFICATION_PUBLISH_TIMEOUT = float(os.environ.get("NOTIFICATION_PUBLISH_TIMEOUT", "0.5"))
# Reminders and the outbox (notifications/). Beat runs the dispatcher every interval; it writes
# due reminders to the outbox and re-queues notifications that are stuck. Times are Asia/Seoul;
# durations are in seconds.
REMINDER_DISPATCH_INTERVAL = env_int("REMINDER_DISPATCH_INTERVAL", 300)
# Days before a call closes on which drafters and undecided co-proposers are reminded.
REMINDER_CALL_CLOSING_DAYS = tuple(int(d) for d in env_list("REMINDER_CALL_CLOSING_DAYS", "3,1"))
# "A call opened" is announced only this long after opening (never weeks late, e.g. on deploy).
REMINDER_CALL_OPENED_WINDOW = env_int("REMINDER_CALL_OPENED_WINDOW", 24 * 60 * 60)
# Board members with unscored entries are reminded this many days before the screening deadline.
REMINDER_SCREENING_DUE_DAYS = env_int("REMINDER_SCREENING_DUE_DAYS", 2)
# A department's liaisons are reminded this many days before its answer is due, and again (with
# the innovation unit) once it is this many days overdue.
REMINDER_ANSWER_DUE_DAYS = env_int("REMINDER_ANSWER_DUE_DAYS", 3)
REMINDER_ANSWER_OVERDUE_DAYS = env_int("REMINDER_ANSWER_OVERDUE_DAYS", 1)
# Days before a lab's term ends on which its members are reminded (the final report is due on the end date).
REMINDER_LAB_TERM_ENDING_DAYS = tuple(
    int(d) for d in env_list("REMINDER_LAB_TERM_ENDING_DAYS", "14,7")
)
NOTIFICATION_BATCH_SIZE = env_int("NOTIFICATION_BATCH_SIZE", 200)
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 5)
NOTIFICATION_LEASE = 300
NOTIFICATION_RETRY_BACKOFF = 30
NOTIFICATION_RETRY_BACKOFF_MAX = 1800
NOTIFICATION_REQUEUE_AFTER = 60
# The daily digest of notifications (issue 20, part 3: notifications.digest): beat sends each
# person who chose "once a day" for some kind one email at this time, Asia/Seoul ("HH:MM").
NOTIFICATION_DIGEST_AT = os.environ.get("NOTIFICATION_DIGEST_AT", "08:00")
_DIGEST_HOUR, _DIGEST_MINUTE = (int(part) for part in NOTIFICATION_DIGEST_AT.split(":"))
CELERY_BEAT_SCHEDULE = {
    "dispatch-reminders": {
        "task": "notifications.tasks.dispatch_reminders",
        "schedule": REMINDER_DISPATCH_INTERVAL,
        # A run that waited a whole interval in the queue is superseded by the next one.
        "options": {"expires": REMINDER_DISPATCH_INTERVAL},
    },
    # A checkpoint of the decision ledger's head, so cutting off its tail is caught.
    "ledger-daily-checkpoint": {
        "task": "ledger.tasks.record_checkpoint",
        "schedule": crontab(hour=0, minute=5),
    },
    # Each person's daily digest of the notifications waiting for it, once a day (its key).
    "notifications-daily-digest": {
        "task": "notifications.tasks.send_daily_digest",
        "schedule": crontab(hour=_DIGEST_HOUR, minute=_DIGEST_MINUTE),
    },
    # Stored files no row points to (left by a rolled-back upload) are removed (core.storage).
    "sweep-orphan-files": {
        "task": "core.tasks.sweep_orphan_files",
        "schedule": crontab(hour=3, minute=30),
    },
    # Calendar addresses: revoked ones deleted after their retention (notifications.calendar).
    "purge-calendar-feeds": {
        "task": "notifications.tasks.purge_calendar_feeds",
        "schedule": crontab(hour=3, minute=40),
    },
    # API tokens revoked or expired 90 days ago are deleted (accounts.services.api_tokens_prune).
    "prune-api-tokens": {
        "task": "accounts.tasks.prune_api_tokens",
        "schedule": crontab(hour=3, minute=45),
    },
    # Correction requests answered CORRECTION_RETENTION_DAYS ago are deleted (privacy.corrections).
    "purge-correction-requests": {
        "task": "privacy.tasks.purge_correction_requests",
        "schedule": crontab(hour=3, minute=50),
    },
}
# A stored file no row points to is removed by the daily sweep once it is this many hours old.
ORPHAN_FILES_GRACE_HOURS = env_int("ORPHAN_FILES_GRACE_HOURS", 24)
# Calendar feeds (notifications.calendar): a revoked address's row (created, last used, revoked)
# is deleted this many days after revocation; a feed shows dates this many days past.
CALENDAR_FEED_RETENTION_DAYS = env_int("CALENDAR_FEED_RETENTION_DAYS", 90)
CALENDAR_PAST_DAYS = env_int("CALENDAR_PAST_DAYS", 90)
# A correction request (my data) is kept this many days after its answer, then deleted.
CORRECTION_RETENTION_DAYS = env_int("CORRECTION_RETENTION_DAYS", 3 * 365)
