"""The demo shows the idea bank: ideas with supports and comments (one hidden), idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from routing.models import IdeaComment, IdeaFollow, IdeaSupport
from routing.permissions import banked_proposals
from tests.db import row_counts

pytestmark = pytest.mark.django_db


def test_the_demo_banks_ideas_with_supports_and_comments():
    call_command("seed_demo", stdout=StringIO())
    assert banked_proposals().count() == 6
    assert IdeaSupport.objects.count() > 6 and IdeaFollow.objects.exists()
    assert IdeaComment.objects.filter(hidden_at__isnull=True).exists()
    assert IdeaComment.objects.filter(hidden_at__isnull=False).count() == 1
    before = row_counts()
    call_command("seed_demo", stdout=StringIO())
    after = row_counts()
    bank_tables = [t for t in before if "idea" in t]
    assert bank_tables and all(before[t] == after[t] for t in bank_tables)
