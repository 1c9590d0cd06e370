from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=services.MAX_ATTEMPTS - 1,
)
def deliver_notification(self, notification_id: int) -> None:
    services.notification_deliver(notification_id=notification_id)
