"""The journal entry and its task in one statement (core.intake_statement: PostgreSQL, database queue)."""

import uuid

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from gongkai.core import intake, intake_statement
from gongkai.core.models import IntakeEntry, IntakeState
from gongkai.core.ratelimit import HourlyCounter

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
KIND = "statement_test"
COMPARED = ["args_kwargs", "priority", "task_path", "queue_name", "run_after", "backend_name", "status", "worker_ids"]


@pytest.fixture
def db_queue(monkeypatch):
    monkeypatch.setitem(intake._HANDLERS, KIND, lambda entry: f"made-from-{entry.number}")
    with override_settings(TASKS=DB_TASKS):
        yield


def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement insert is PostgreSQL's (SQLite takes the ORM path)")


def accept(token=None, dedup_key=None, number="N-1"):
    return intake.accept(
        kind=KIND,
        new_number=lambda now: number,
        client_token=token or uuid.uuid4(),
        payload={"text": "内容"},
        ip="127.0.0.5",
        dedup_key=dedup_key,
    )


def test_task_row_is_the_row_that_enqueue_writes(db_queue):
    built = intake_statement.task_row(intake.materialise_task, "N-7")
    enqueued = DBTaskResult.objects.get(id=intake.materialise_task.enqueue("N-7").id)
    assert {f: getattr(built, f) for f in COMPARED} == {f: getattr(enqueued, f) for f in COMPARED}


@pytest.mark.django_db(transaction=True)
def test_acknowledgement_on_postgresql_is_one_statement_writing_the_entry_and_its_task(db_queue):
    postgresql_only()
    with CaptureQueriesContext(connection) as queries:
        entry, created = accept()
    assert created and len(queries) == 1 and queries[0]["sql"].startswith("WITH entry AS (INSERT")
    assert IntakeEntry.objects.get(pk=entry.pk).number == "N-1"
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": ["N-1"], "kwargs": {}} and task.task_path.endswith("materialise_task")


def test_the_queued_task_materialises_the_entry_by_its_number(db_queue):
    postgresql_only()
    entry, _created = accept()
    task = DBTaskResult.objects.get()
    assert task.task.call(*task.args_kwargs["args"]) == IntakeState.DONE
    entry.refresh_from_db()
    assert entry.state == IntakeState.DONE and entry.result == "made-from-N-1" and entry.payload == {}


def test_a_retried_token_writes_neither_row_and_returns_the_first_entry(db_queue):
    postgresql_only()
    token = uuid.uuid4()
    first, _created = accept(token, number="N-1")
    again, created = accept(token, number="N-2")
    assert not created and again.pk == first.pk
    assert IntakeEntry.objects.count() == 1 and DBTaskResult.objects.count() == 1


def test_a_taken_dedup_key_is_refused_and_queues_no_task(db_queue):
    postgresql_only()
    accept(dedup_key="same-text", number="N-1")
    with pytest.raises(intake.DuplicateEntry):
        accept(dedup_key="same-text", number="N-2")
    assert IntakeEntry.objects.count() == 1 and DBTaskResult.objects.count() == 1


def test_a_taken_number_is_drawn_again_and_only_the_second_draw_is_queued(db_queue):
    postgresql_only()
    accept(number="N-1")
    numbers = iter(["N-1", "N-3"])
    entry, created = intake.accept(
        kind=KIND, new_number=lambda now: next(numbers), client_token=uuid.uuid4(), payload={}, ip=None
    )
    assert created and entry.number == "N-3"
    assert sorted(t.args_kwargs["args"][0] for t in DBTaskResult.objects.all()) == ["N-1", "N-3"]


def slot(limit):
    return intake.Slot(HourlyCounter("statement-test"), "127.0.0.5", limit)


def counted():
    return HourlyCounter("statement-test").current("127.0.0.5")


@pytest.mark.django_db(transaction=True)
def test_the_per_address_count_goes_in_the_same_statement(db_queue):
    postgresql_only()
    with CaptureQueriesContext(connection) as queries:
        entry, created = accept_with(slot(2))
    assert created and len(queries) == 1 and queries[0]["sql"].startswith("WITH slot AS (INSERT")
    assert counted() == 1 and DBTaskResult.objects.count() == 1


def test_over_the_limit_nothing_is_journaled_and_the_refused_attempt_does_not_count(db_queue):
    accept_with(slot(1), number="N-1")
    with pytest.raises(intake.OverLimit):
        accept_with(slot(1), number="N-2")
    assert counted() == 1
    assert list(IntakeEntry.objects.values_list("number", flat=True)) == ["N-1"]
    if connection.vendor == "postgresql":
        assert DBTaskResult.objects.count() == 1


def test_a_retried_post_is_counted_once(db_queue):
    token = uuid.uuid4()
    first, _created = accept_with(slot(5), token=token, number="N-1")
    again, created = accept_with(slot(5), token=token, number="N-2")
    assert not created and again.pk == first.pk and counted() == 1


def test_without_a_limit_nothing_is_counted(db_queue):
    accept_with(slot(0))
    assert counted() == 0


def accept_with(a_slot, token=None, number="N-1"):
    return intake.accept(
        kind=KIND, new_number=lambda now: number, client_token=token or uuid.uuid4(), payload={}, slot=a_slot
    )


def test_gating_turns_a_one_row_insert_into_an_insert_select_with_the_condition():
    gated = intake_statement._gated('INSERT INTO "t" ("a", "b") VALUES (%s, %s) RETURNING "t"."id"', "x <= %s")
    assert gated == 'INSERT INTO "t" ("a", "b") SELECT %s, %s WHERE x <= %s RETURNING "t"."id"'
    assert (
        intake_statement._gated('INSERT INTO "t" ("a") VALUES (%s)', "y") == 'INSERT INTO "t" ("a") SELECT %s WHERE y'
    )
    with pytest.raises(ValueError):
        intake_statement._gated('UPDATE "t" SET "a" = %s', "y")
