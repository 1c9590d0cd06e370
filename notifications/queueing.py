"""Handing delivery to the workers without ever making a request wait on the broker.

``queue_delivery`` runs after the causing transaction commits, still inside the request that
made the change. The outbox row is already safe in the database, so publishing the task is only
a hint that makes delivery immediate: it is published over its own short-timeout connection
(``NOTIFICATION_PUBLISH_TIMEOUT``, half a second by default, for connecting and for every
reply) with no retry. A broker that is down (connection refused) or hung (the port accepts but
nothing answers) costs the request at most that timeout; the rows stay pending and the
dispatcher that beat runs every few minutes (``outbox_requeue``) queues them again.

The short timeout applies to this publishing connection only: the worker's and beat's own
connections keep ``CELERY_BROKER_TRANSPORT_OPTIONS``.
"""

import logging
from collections.abc import Sequence

import kombu.pools
from django.conf import settings
from kombu.exceptions import LimitExceeded
from kombu.exceptions import OperationalError as KombuOperationalError

logger = logging.getLogger(__name__)

DEFAULT_PUBLISH_TIMEOUT = 0.5


def publish_timeout() -> float:
    return float(getattr(settings, "NOTIFICATION_PUBLISH_TIMEOUT", DEFAULT_PUBLISH_TIMEOUT))


def _batch_size() -> int:
    return int(getattr(settings, "NOTIFICATION_BATCH_SIZE", 200))


def queue_delivery(notification_ids: Sequence[int] | None = None, *, batches: int = 0) -> bool:
    """Hands work to the workers: the given ids in batches, or ``batches`` tasks that each take
    whatever is claimable. Returns False when the broker is unreachable or does not answer within
    ``NOTIFICATION_PUBLISH_TIMEOUT``; the rows then stay pending and the next dispatcher run
    queues them again."""
    from .tasks import deliver_batch

    size = _batch_size()
    if notification_ids is not None:
        ids = list(notification_ids)
        calls = [{"ids": ids[i : i + size]} for i in range(0, len(ids), size)]
    else:
        calls = [{} for _ in range(batches)]
    if not calls:
        return True
    if deliver_batch.app.conf.task_always_eager:
        _run_eagerly(deliver_batch, calls)
        return True
    try:
        _publish(deliver_batch, calls)
    except (KombuOperationalError, LimitExceeded, OSError) as error:
        logger.warning("Broker unreachable (%s): notifications stay pending until the dispatcher runs", error)
        return False
    except Exception:
        # Never fail a request whose change is committed: the rows wait for the dispatcher.
        logger.exception("Queueing notifications failed; they stay pending until the dispatcher runs")
        return False
    return True


def _run_eagerly(task, calls: list[dict]) -> None:
    for kwargs in calls:
        try:
            task.apply_async(kwargs=kwargs)
        except Exception:
            # Eager mode runs the task right here; what failed is recorded on the rows.
            logger.exception("Delivery of notifications %s failed", kwargs)


def _publish(task, calls: list[dict]) -> None:
    """Publishes every call over one pooled producer of the short-timeout connection (kombu's
    pools key connections by their transport options, so it never mixes with the worker's)."""
    timeout = publish_timeout()
    connection = task.app.connection_for_write(
        connect_timeout=timeout,
        transport_options={
            "socket_connect_timeout": timeout,
            "socket_timeout": timeout,
            "max_retries": 0,
            "retry_on_timeout": False,
        },
    )
    with kombu.pools.producers[connection].acquire(block=True, timeout=timeout) as producer:
        for kwargs in calls:
            task.apply_async(kwargs=kwargs, producer=producer, retry=False)
