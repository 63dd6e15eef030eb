"""What every records service shares: the field error shape, the row lock, the status change, the
validation before a workflow step and the revision saved with each content change.

A record is locked (`_lock`, select_for_update with its bureau and catalog) before any change; a status
change stamps `status_changed_at`; business systems and commands are stored as no user (`_user_or_none`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..actors import CommandActor, SystemActor
from ..models import Record


def _field_error(name: str, message, code: str) -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code)})


def error_fields(exc: ValidationError) -> dict[str, list[dict]]:
    """A ValidationError as {field: [{code, message}]} (the batch services' per-row errors)."""
    errors = exc.error_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.error_list}
    return {
        name: [{"code": e.code or "invalid", "message": str(m)} for e in errs for m in e.messages]
        for name, errs in errors.items()
    }


def _set_status(record: Record, status: str, now=None) -> None:
    record.status = status
    record.status_changed_at = now or timezone.now()


def _lock(record: Record) -> Record:
    return Record.objects.select_for_update().select_related("bureau", "catalog_item__catalog").get(pk=record.pk)


def _validate_for_step(record: Record) -> None:
    """Validate a record before a workflow step (submit, approve): its field values and its own rules
    (`Record.clean`: the catalog item still takes records, the policy pair, the withdrawal reason …).

    A step changes none of the fields under uniqueness or check constraints, and the record was validated
    in full when its content was last saved (`record_create_draft`, `record_update`), so those queries
    are not repeated here; the database still enforces every constraint and foreign key on save. The
    rows its foreign keys point to were just read with it under lock (`_lock`) or are not changed.
    """
    foreign_keys = [f.name for f in Record._meta.concrete_fields if f.is_relation]
    record.full_clean(exclude=foreign_keys, validate_unique=False, validate_constraints=False)


def _user_or_none(actor):
    return None if isinstance(actor, (SystemActor, CommandActor)) or actor is None else actor


def _save_with_revision(record: Record, actor) -> None:
    record.save()
    record.save_revision(user=_user_or_none(actor), clean=False)
