from celery import shared_task

from .services import api_tokens_prune


@shared_task
def prune_api_tokens() -> int:
    """Daily (beat): deletes API tokens revoked or expired more than
    ``accounts.services.API_TOKEN_KEEP_DAYS`` ago. Returns how many."""
    return api_tokens_prune()
