"""The decision ledger: an append-only, SHA-256 hash-chained record of every decision.

Other apps record a decision by calling, inside the transaction of the decision::

    from ledger.enums import LedgerKind
    from ledger.services import ledger_append

    ledger_append(kind=LedgerKind.SCREENING_SELECTED, obj=proposal, actor=by,
                  data={"proposal_id": proposal.pk, "call_id": proposal.call_id, "rank": 1})

``data`` holds ids and codes only (``ledger.canonical`` has the rules and the exact hash
serialisation). ``python manage.py verify_ledger`` recomputes the chain; checkpoints of the
head are recorded daily (``ledger.tasks.record_checkpoint``) and by ``manage.py
ledger_checkpoint``; ``ledger.selectors.ledger_head()`` gives the head for the outcomes page.
Storage, append-only guards and the PostgreSQL trigger: ``ledger.models``; locking:
``ledger.services``. Each checkpoint run also publishes a signed anchor of the head outside the
database (``ledger.anchors``, ``ledger.anchoring``; off without ``LEDGER_SIGNING_KEY_FILE``),
checked by ``verify_ledger --anchors``/``--expect`` (``ledger.anchor_check``); domain apps
register state checks for ``verify_ledger --state`` (``ledger.state``). docs/security.md,
"Decision ledger".
"""
