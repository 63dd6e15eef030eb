"""The journal row and its task in ONE SQL statement (PostgreSQL with the database task queue).

`core.intake.accept` wrote an entry the ORM way: BEGIN, INSERT the entry, SAVEPOINT, INSERT the task,
RELEASE, COMMIT: six round trips, most of the public POST's own cost (bench/foi_submit_cost.py). Here the
two INSERTs, compiled by Django's own insert compiler from unsaved model instances (so every field's
default, conversion and `pre_save` applies as in `save()`), go to PostgreSQL as one statement with two
data-modifying CTEs:

    WITH entry AS (INSERT INTO core_intakeentry ... RETURNING id),
         task AS (INSERT INTO django_tasks_database_dbtaskresult ...)
    SELECT id FROM entry

A single statement is atomic on its own: both rows are written or neither (a unique violation on the
number, the token or the dedup key rolls back the task too), and in autocommit it is its own transaction:
one round trip, one commit. Acknowledged still means committed. The task's argument is the entry's
number, known before the insert (`materialise` accepts a number or a primary key).
"""

from __future__ import annotations

from contextlib import nullcontext

from django.db import connection, transaction
from django.db.models.signals import pre_save
from django.db.models.sql import InsertQuery


def supported(task) -> bool:
    """Whether `insert()` can be used for `task`: PostgreSQL and the database task queue (else `accept`
    writes through the ORM)."""
    from django_tasks_db.backend import DatabaseBackend

    return connection.vendor == "postgresql" and isinstance(task.get_backend(), DatabaseBackend)


def task_row(task, *args):
    """The unsaved queue row `task.enqueue(*args)` would create (django_tasks_db's `_task_to_db_task`);
    tests compare the two so that a change of the library's row is noticed."""
    from django_tasks_db.compat import normalize_json
    from django_tasks_db.models import DBTaskResult

    backend = task.get_backend()
    backend.validate_task(task)
    row = DBTaskResult(
        id=backend._get_id(),
        args_kwargs=normalize_json({"args": list(args), "kwargs": {}}),
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        run_after=task.run_after,
        backend_name=backend.alias,
    )
    # what save() would signal: the library's receiver turns "no run_after" into its far-future marker
    pre_save.send(sender=DBTaskResult, instance=row, raw=False, using=connection.alias, update_fields=None)
    return row


def _insert_sql(obj, *, returning_pk: bool) -> tuple[str, tuple]:
    meta = obj._meta
    fields = [f for f in meta.local_concrete_fields if not (f is meta.auto_field and obj.pk is None)]
    query = InsertQuery(type(obj))
    query.insert_values(fields, [obj])
    compiler = query.get_compiler(connection=connection)
    if returning_pk:
        compiler.returning_fields = [meta.pk]
    [(sql, params)] = compiler.as_sql()
    return sql, tuple(params)


def _gated(sql: str, condition: str) -> str:
    """A compiled one-row `INSERT ... VALUES (...) [RETURNING ...]` as `INSERT ... SELECT ... WHERE condition`."""
    head, found, rest = sql.partition(" VALUES (")
    values, returning, tail = rest.partition(") RETURNING ")
    if not found or (not returning and not rest.endswith(")")):
        raise ValueError(f"not a one-row INSERT: {sql[:80]}")
    if not returning:
        values = rest[:-1]
    return f"{head} SELECT {values} WHERE {condition}" + (f" RETURNING {tail}" if returning else "")


def insert(entry, task, *, slot: tuple[str, list] | None = None, limit: int = 0) -> int | None:
    """Insert `entry` (unsaved) and its task row in one statement; sets `entry.pk`. Raises IntegrityError
    (nothing written) when the number, the token or the dedup key is taken.

    `slot`: the upsert that counts this attempt against a per-address limit (core.ratelimit's
    `upsert_sql`), run first in the same statement; the entry and its task are written only while the new
    count stays within `limit`, else `entry.pk` stays None (the count is then one too high: the caller
    gives it back). Returns the new count (None without `slot`)."""
    entry_sql, entry_params = _insert_sql(entry, returning_pk=True)
    task_sql, task_params = _insert_sql(task, returning_pk=False)
    if slot is None:
        sql = f"WITH entry AS ({entry_sql}), task AS ({task_sql}) SELECT (SELECT id FROM entry), NULL"
        params = (*entry_params, *task_params)
    else:
        slot_sql, slot_params = slot
        entry_sql = _gated(entry_sql, '(SELECT slot."count" FROM slot) <= %s')
        task_sql = _gated(task_sql, "EXISTS (SELECT 1 FROM entry)")
        sql = (
            f"WITH slot AS ({slot_sql}), entry AS ({entry_sql}), task AS ({task_sql}) "
            'SELECT (SELECT id FROM entry), (SELECT slot."count" FROM slot)'
        )
        params = (*slot_params, *entry_params, limit, *task_params)
    # In autocommit the statement is its own transaction; inside a caller's transaction a savepoint keeps
    # a unique violation from breaking it (the caller then looks the existing entry up).
    with transaction.atomic() if connection.in_atomic_block else nullcontext(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        entry.pk, count = cursor.fetchone()
    if entry.pk is not None:
        entry._state.adding = False
    return count
