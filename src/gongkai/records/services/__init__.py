"""Use cases of published records (主动公开): the one import surface for screens, API, commands and tests.

Every function is keyword-only, takes the acting user (a staff user, a business system's
`SystemActor`, or None for the scheduler where stated), asks the permission module, writes an audit
record and runs in one transaction: a refused or invalid call leaves nothing half-saved. Nothing is
deleted. Where each rule lives:

- creating and changing a record, the pending change of a published record: `drafting.py` (which
  fields may be set: `constants.EDITABLE_FIELDS`);
- the screening report, masking of personal data, attachments: `attachments.py` (a published record's
  attachments change through review: `attachment_staging.py`);
- the states (draft → in_review → approved → (scheduled →) published → withdrawn), screening before
  approval and publication, four-eyes approval, 三同步 of a policy and its interpretations, index
  numbers, scheduled publication, withdrawal: `publication.py`;
- business-system tokens: `tokens.py`;
- what they share (the lock, the status change, validation before a step): `common.py`.
"""

from ..constants import EDITABLE_FIELDS, EDITABLE_STATES, READ_ONLY_FIELDS
from .attachments import (
    MaskResult,
    attachment_add,
    attachment_max_bytes,
    attachment_remove,
    attachment_replace,
    attachments_unchanged,
    record_mask_pii,
    record_screen,
    screen_record_attachment,
)
from .drafting import record_create_draft, record_update
from .publication import (
    publish_scheduled,
    record_approve,
    record_cancel_schedule,
    record_publish,
    record_submit,
    record_withdraw,
)
from .tokens import TOKEN_PREFIX, hash_token, system_token_create, system_token_revoke

__all__ = [
    "EDITABLE_FIELDS",
    "EDITABLE_STATES",
    "READ_ONLY_FIELDS",
    "TOKEN_PREFIX",
    "MaskResult",
    "attachment_add",
    "attachment_max_bytes",
    "attachment_remove",
    "attachment_replace",
    "attachments_unchanged",
    "hash_token",
    "publish_scheduled",
    "record_approve",
    "record_cancel_schedule",
    "record_create_draft",
    "record_mask_pii",
    "record_publish",
    "record_screen",
    "record_submit",
    "record_update",
    "record_withdraw",
    "screen_record_attachment",
    "system_token_create",
    "system_token_revoke",
]
