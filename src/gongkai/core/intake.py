"""The public intake journal: acknowledge a submission with one durable row, materialise it in the worker.

One mechanism for every public submission that must never be lost (FOI requests, comments on
consultations). The public POST validates the input with the capability's own rules, then calls
`accept()`, which writes ONE row (`IntakeEntry`: the validated payload, the number shown to the
visitor, the `client_token` of the form, the receipt time) together with its materialisation task in
one transaction (on PostgreSQL one statement, core.intake_statement), and the view answers with the acknowledgement at once (no redirect, no session).
Acknowledged therefore means committed: a process killed after the answer leaves the row and its task.

The worker runs `materialise(pk)`: in one transaction it locks the row, calls the handler the
capability registered for the entry's kind (`register()`, from its AppConfig.ready), which creates
the capability's rows through its ordinary services with the journal's number and receipt time, and
marks the row done (or failed, with the reason). A killed worker rolls the whole step back; a task
run twice finds the row done and does nothing, so each entry is materialised exactly once.

A retried POST (same `client_token`) returns the first entry; `dedup_key` (unique per kind) refuses
a second identical submission (a comment's text per consultation). `manage.py intake_drain`
materialises whatever is still pending (after a crash with a non-database task queue, or to catch up).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from . import intake_statement, ratelimit
from .models import IntakeEntry, IntakeState
from .ratelimit import Counter

logger = logging.getLogger(__name__)

_NUMBER_ATTEMPTS = 5
_HANDLERS: dict[str, Callable[[IntakeEntry], object]] = {}


class DuplicateEntry(Exception):
    """An entry of the same kind with the same `dedup_key` is already in the journal."""


def register(kind: str, materialise: Callable[[IntakeEntry], object]) -> None:
    """Register the function that turns an entry of `kind` into the capability's rows; it returns the
    new row's primary key (stored in `result`) or raises ValidationError (the entry is then failed)."""
    _HANDLERS[kind] = materialise


def parse_token(value) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def by_token(client_token) -> IntakeEntry | None:
    """The entry a form with this `client_token` made, if any (a retried POST)."""
    token = parse_token(client_token)
    return IntakeEntry.objects.filter(client_token=token).first() if token else None


def find(number: str) -> IntakeEntry | None:
    """The journal entry acknowledged under `number`, if any."""
    return IntakeEntry.objects.filter(number=number).first() if number else None


@dataclass(frozen=True)
class Slot:
    """An attempt counted against a per-address limit with the entry (core.ratelimit): `who` (the client
    address; None: not counted) may make `limit` submissions per window of `counter` (0: no limit)."""

    counter: Counter
    who: str | None
    limit: int

    @property
    def counted(self) -> bool:
        return bool(self.who and self.limit)


class OverLimit(Exception):
    """The slot's limit is used up: nothing was journaled and the attempt was not counted."""


def accept(
    *,
    kind: str,
    new_number: Callable[[dt.datetime], str],
    client_token,
    payload: dict,
    ip: str | None = None,
    dedup_key: str | None = None,
    now: dt.datetime | None = None,
    slot: Slot | None = None,
) -> tuple[IntakeEntry, bool]:
    """Journal a validated submission; returns (entry, created). The caller acknowledges `entry.number`.

    A `client_token` already in the journal returns that entry (created False): a retried POST gets the
    same acknowledgement. Raises DuplicateEntry when `dedup_key` is taken by another submission.
    With `slot`, the submission counts against the limit only when it creates an entry; OverLimit once the
    limit is used up (the caller may still find a retried POST's first entry with `by_token`). On
    PostgreSQL with the database queue, the count, the entry and its task are one statement."""
    token = parse_token(client_token) or uuid.uuid4()
    now = now or timezone.now()
    counted = slot is not None and slot.counted
    one_statement = intake_statement.supported(materialise_task)
    slot_sql = slot.counter.upsert_sql(slot.who) if counted and one_statement else None
    counted_first = counted and slot_sql is None  # not in the statement: counted before, given back on failure
    if counted_first and not slot.counter.acquire(slot.who, slot.limit):
        slot.counter.release(slot.who)
        raise OverLimit()
    try:
        entry, created, queued = _journal(
            kind, new_number, token, payload, ip, dedup_key, now, one_statement, slot, slot_sql
        )
    except BaseException:
        if counted_first:
            slot.counter.release(slot.who)
        raise
    if counted_first and not created:
        slot.counter.release(slot.who)  # a retried POST: the first one counted
    if created and not queued:
        if isinstance(materialise_task.get_backend(), ImmediateBackend):
            _enqueue(entry.pk)  # development and tests: registered before the answer
        else:
            transaction.on_commit(partial(_enqueue, entry.pk))
    return entry, created


def _journal(
    kind, new_number, token, payload, ip, dedup_key, now, one_statement, slot, slot_sql
) -> tuple[IntakeEntry, bool, bool]:
    """The entry written (and queued, where the queue is the database); (entry, created, queued)."""
    for attempt in range(_NUMBER_ATTEMPTS):
        entry = IntakeEntry(
            kind=kind,
            number=new_number(now),
            client_token=token,
            dedup_key=dedup_key,
            received_at=now,
            ip=ip,
            payload=payload,
        )
        try:
            if one_statement:
                # one statement, one round trip: the count, the entry and its task (argument: the number)
                task_row = intake_statement.task_row(materialise_task, entry.number)
                limit = slot.limit if slot_sql else 0
                count = intake_statement.insert(entry, task_row, slot=slot_sql, limit=limit)
                if slot_sql is not None:
                    ratelimit.sweep_sometimes(count)
                    if entry.pk is None:  # over the limit: give the count back
                        slot.counter.release(slot.who)
                        raise OverLimit()
                return entry, True, True
            with transaction.atomic():
                entry.save(force_insert=True)
                queued = _enqueue_in_transaction(entry.pk)
            return entry, True, queued
        except IntegrityError:
            existing = IntakeEntry.objects.filter(client_token=token).first()
            if existing is not None:
                return existing, False, True
            if dedup_key and IntakeEntry.objects.filter(kind=kind, dedup_key=dedup_key).exists():
                raise DuplicateEntry(dedup_key) from None
            if attempt == _NUMBER_ATTEMPTS - 1:
                raise
            # the random number was taken: draw another
    raise AssertionError("unreachable")


def _enqueue_in_transaction(pk: int) -> bool:
    """With the database task queue, the task commits with the entry (a crash between the two cannot
    strand it); a failure to queue rolls back only its savepoint. Other backends queue after commit."""
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(materialise_task.get_backend(), DatabaseBackend):
        return False
    try:
        with transaction.atomic():
            materialise_task.enqueue(pk)
    except Exception:
        logger.exception("Could not enqueue intake entry %s (intake_drain will materialise it)", pk)
    return True


def _enqueue(pk: int) -> None:
    try:
        materialise_task.enqueue(pk)
    except Exception:
        logger.exception("Could not enqueue intake entry %s (intake_drain will materialise it)", pk)


def _error_of(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {field: [e.code or "invalid" for e in errors] for field, errors in exc.error_dict.items()}
    return {"__all__": [e.code or "invalid" for e in exc.error_list]}


def materialise(key: int | str) -> str:
    """Materialise one entry, by primary key or number (idempotent: a done or failed entry is left as it
    is). Returns its state."""
    lookup = {"number": key} if isinstance(key, str) else {"pk": key}
    with transaction.atomic():
        entry = IntakeEntry.objects.select_for_update().filter(**lookup).first()
        if entry is None:
            return ""
        if entry.state != IntakeState.PENDING:
            return entry.state
        handler = _HANDLERS.get(entry.kind)
        if handler is None:
            raise LookupError(f"No intake handler for {entry.kind!r}")
        try:
            with transaction.atomic():
                result = handler(entry)
        except ValidationError as exc:
            # The payload stays: an acknowledged submission is never lost. Staff see the failed entries
            # (`manage.py check`, gongkai.W102) and retry them once the cause is fixed (`intake_drain
            # --retry-failed`); the personal data is emptied only when the entry is done.
            entry.state, entry.error, entry.dedup_key = IntakeState.FAILED, _error_of(exc), None
            logger.warning("Intake entry %s (%s) could not be registered: %s", entry.number, entry.kind, entry.error)
        else:
            entry.state, entry.result, entry.payload = IntakeState.DONE, str(result), {}
        entry.done_at = timezone.now()
        entry.save(update_fields=["state", "result", "error", "dedup_key", "payload", "done_at"])
    return entry.state


@task
def materialise_task(key: int | str) -> str:
    """The worker's side of `accept()`: the entry's number (or, queued by the ORM path, its primary key)."""
    return materialise(key)


def drain(limit: int | None = None, *, retry_failed: bool = False) -> int:
    """Materialise pending entries, oldest first; returns how many were processed. With `retry_failed`,
    the entries that could not be registered are tried again (after the cause was fixed)."""
    if retry_failed:
        IntakeEntry.objects.filter(state=IntakeState.FAILED).update(state=IntakeState.PENDING, done_at=None)
    pks = (
        IntakeEntry.objects.filter(state=IntakeState.PENDING).order_by("received_at", "pk").values_list("pk", flat=True)
    )
    done = 0
    for pk in pks[:limit] if limit else pks:
        materialise(pk)
        done += 1
    return done


CHECK_ID = "gongkai.W102"


def check_failed_entries(app_configs=None, **kwargs) -> list:
    """`manage.py check`: acknowledged submissions that the worker could not register (gongkai.W102)."""
    from django.core.checks import Warning
    from django.db import DatabaseError

    try:
        numbers = list(
            IntakeEntry.objects.filter(state=IntakeState.FAILED)
            .order_by("received_at")
            .values_list("number", flat=True)
        )
    except DatabaseError:  # not migrated yet, or no database: nothing to check
        return []
    if not numbers:
        return []
    shown = ", ".join(numbers[:10]) + (" …" if len(numbers) > 10 else "")
    return [
        Warning(
            f"{len(numbers)} acknowledged public submission(s) could not be registered: {shown}.",
            hint="Their content is kept in the intake journal (core.IntakeEntry, with the reason in `error`). "
            "Fix the cause (e.g. a deactivated bureau or a closed consultation), then run "
            "`manage.py intake_drain --retry-failed`.",
            id=CHECK_ID,
        )
    ]
