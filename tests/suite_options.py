"""Switches and speed-ups for running the suite (docs/development.md, "Tests" and "CI"); a pytest plugin
loaded by tests/conftest.py.

What runs where: `.ci/run` runs the whole suite on SQLite, then the part that can differ on PostgreSQL with
GONGKAI_TEST_SKIP_BROWSER=1 and GONGKAI_TEST_DB_ONLY=1.

Browser tests in one pass only: GONGKAI_TEST_SKIP_BROWSER=1 deselects the tests marked `browser` (headless
Chromium). `.ci/run` sets it for its PostgreSQL pass only: those tests check what the browser does (scripts,
CSP, layout, accessibility), which the database behind the live server does not change, and the SQLite pass
runs every one of them. The same goes for the tests marked `one_pass`: they check output that does not depend
on the database (the W3C Nu HTML checker over the demo's pages and the capabilities' pages; LibreOffice
opening a bulletin; the participation_rules command line, which runs on its own SQLite file whatever the pass).

Database-free tests in one pass only: GONGKAI_TEST_DB_ONLY=1 deselects every test that cannot reach the
test database. pytest-django refuses database access to a test unless it is marked `django_db` or its
fixtures (with everything they depend on: pytest's fixture closure) include `db`, `transactional_db`,
`django_db_reset_sequences`, `django_db_serialized_rollback`, `django_db_setup` (which a fixture that opens
the database with `django_db_blocker` needs too) or `live_server`; a test with none of these would fail on
its first query, so it gives the same result on SQLite and on PostgreSQL. Tests marked `postgres` or `stack`
and Django TestCase classes always stay. `.ci/run` sets it for its PostgreSQL pass only.

The header says which switches are on; the end of pytest's report counts what each one deselected
(deselected, not skipped).

One migration per run: under pytest-xdist every worker used to build its test database by running all the
migrations (about 40 s of CPU each: Django renders the migration states of some 230 migrations). Now the
first worker to need a database migrates a template once (a file for in-memory SQLite, a database
`test_<name>_tpl` for PostgreSQL), and every worker copies it: SQLite's backup API into the worker's
in-memory database, PostgreSQL's `CREATE DATABASE ... TEMPLATE`. The copy holds everything the migrations
made (tables, the data migrations' seed rows, triggers, content types and permissions), so each worker starts
from exactly the database it would have migrated itself; tests stay isolated as before (one transaction per
test, or a flush for transactional tests). GONGKAI_TEST_MIGRATE_PER_WORKER=1 turns this off.
"""

from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

SKIP_BROWSER = "GONGKAI_TEST_SKIP_BROWSER"
DB_ONLY = "GONGKAI_TEST_DB_ONLY"
MIGRATE_PER_WORKER = "GONGKAI_TEST_MIGRATE_PER_WORKER"

# A test whose fixture closure holds one of these may use the test database.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "django_db_setup",
        "live_server",
        "_django_db_helper",
    }
)
# Tests that are about one backend, or about the whole stack on it: never deselected as database-free.
BACKEND_MARKERS = ("django_db", "postgres", "stack")
_DESELECTED_KEY = "gongkai_deselected"


def _on(name: str) -> bool:
    return os.environ.get(name) == "1"


def uses_database(item) -> bool:
    """Whether the test may reach the test database (see the module's docstring)."""
    if any(item.get_closest_marker(name) for name in BACKEND_MARKERS):
        return True
    if DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
        return True
    cls = getattr(item, "cls", None)
    if cls is not None:
        from django.test import TransactionTestCase

        if issubclass(cls, TransactionTestCase):
            return True
    return False


def pytest_report_header(config):
    lines = []
    if _on(SKIP_BROWSER):
        lines.append(f"{SKIP_BROWSER}=1: browser and one_pass tests deselected (they run in the SQLite pass)")
    if _on(DB_ONLY):
        lines.append(f"{DB_ONLY}=1: database-free tests deselected (they run in the SQLite pass)")
    return lines or None


_COUNTS: dict[str, int] = {}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """xdist controller: add up what each worker deselected (every worker collects the whole suite)."""
    counts = getattr(node, "workeroutput", {}).get(_DESELECTED_KEY) or {}
    for key, count in counts.items():
        _COUNTS[key] = max(_COUNTS.get(key, 0), count)


def pytest_terminal_summary(terminalreporter, config):
    if hasattr(config, "workerinput"):
        return
    if _on(SKIP_BROWSER):
        terminalreporter.write_line(
            f"{SKIP_BROWSER}=1: {_COUNTS.get('browser', 0)} browser and one_pass tests were deselected (not run, not skipped)"
        )
    if _on(DB_ONLY):
        terminalreporter.write_line(
            f"{DB_ONLY}=1: {_COUNTS.get('db_free', 0)} database-free tests were deselected (not run, not skipped)"
        )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    skip_browser, db_only = _on(SKIP_BROWSER), _on(DB_ONLY)
    if not (skip_browser or db_only):
        return
    kept, browser, db_free = [], [], []
    for item in items:
        if skip_browser and (item.get_closest_marker("browser") or item.get_closest_marker("one_pass")):
            browser.append(item)
        elif db_only and not uses_database(item):
            db_free.append(item)
        else:
            kept.append(item)
    counts = {"browser": len(browser), "db_free": len(db_free)}
    if hasattr(config, "workeroutput"):
        config.workeroutput[_DESELECTED_KEY] = counts
    else:
        _COUNTS.update(counts)
    if browser or db_free:
        config.hook.pytest_deselected(items=browser + db_free)
        items[:] = kept


# ---- one migration per run, copied into every xdist worker's test database ----


def _run_id() -> str | None:
    """The xdist run's id in a worker process, None outside xdist or with the speed-up turned off."""
    if os.environ.get(MIGRATE_PER_WORKER) == "1" or not os.environ.get("PYTEST_XDIST_WORKER"):
        return None
    return os.environ.get("PYTEST_XDIST_TESTRUNUID")


def _shared_path(run_id: str, suffix: str) -> Path:
    return Path(tempfile.gettempdir()) / f"gongkai-test-{run_id[:16]}{suffix}"


@contextmanager
def _run_lock(run_id: str):
    with open(_shared_path(run_id, ".lock"), "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pg_template_name(settings_dict) -> str:
    """`test_<name>_tpl`: the same in the workers (whose test name ends in _gwN) and in the controller."""
    test_name = settings_dict["TEST"].get("NAME") or f"test_{settings_dict['NAME']}"
    return re.sub(r"_gw\d+$", "", test_name) + "_tpl"


def _migrate_into(creation, test_name, verbosity: int) -> None:
    """Django's own create_test_db (create, migrate, createcachetable) for `test_name`; settings restored."""
    connection = creation.connection
    from django.conf import settings

    saved_name, saved_test_name = connection.settings_dict["NAME"], connection.settings_dict["TEST"]["NAME"]
    connection.settings_dict["TEST"]["NAME"] = test_name
    try:
        _ORIGINAL_CREATE_TEST_DB(creation, verbosity=verbosity, autoclobber=True, keepdb=False)
    finally:
        connection.close()
        connection.settings_dict["TEST"]["NAME"] = saved_test_name
        connection.settings_dict["NAME"] = saved_name
        settings.DATABASES[connection.alias]["NAME"] = saved_name


def _use_test_db(creation, test_name) -> None:
    """The end of Django's create_test_db: point the connection at the test database and connect."""
    from django.conf import settings
    from django.core.management import call_command

    connection = creation.connection
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    call_command("createcachetable", database=connection.alias)
    connection.ensure_connection()


def _create_test_db_from_template(self, verbosity=1, autoclobber=False, serialize=None, keepdb=False):
    run_id = _run_id()
    vendor = self.connection.vendor
    if run_id is None or keepdb or serialize is not None or self.connection.alias != "default":
        return _ORIGINAL_CREATE_TEST_DB(self, verbosity, autoclobber, serialize, keepdb)
    if vendor == "sqlite" and self.is_in_memory_db(self._get_test_db_name()):
        template = _shared_path(run_id, ".sqlite3")
        with _run_lock(run_id):
            if not template.exists():
                partial = template.with_suffix(".partial")
                _migrate_into(self, str(partial), verbosity)
                partial.rename(template)
        test_name = self._create_test_db(verbosity, autoclobber, keepdb)
        _use_test_db_sqlite(self, test_name, template)
        return test_name
    if vendor == "postgresql":
        template = _pg_template_name(self.connection.settings_dict)
        test_name = self._get_test_db_name()
        qn = self.connection.ops.quote_name
        with _run_lock(run_id):
            ready = _shared_path(run_id, ".pg-template")
            if not ready.exists():
                _migrate_into(self, template, verbosity)
                ready.write_text(template)
            # One copy at a time: PostgreSQL refuses a template that another session is reading.
            with self._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {qn(test_name)}")
                cursor.execute(f"CREATE DATABASE {qn(test_name)} TEMPLATE {qn(template)}")
        _use_test_db(self, test_name)
        return test_name
    return _ORIGINAL_CREATE_TEST_DB(self, verbosity, autoclobber, serialize, keepdb)


def _use_test_db_sqlite(creation, test_name, template: Path) -> None:
    from django.conf import settings

    connection = creation.connection
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()
    source = sqlite3.connect(template)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


_ORIGINAL_CREATE_TEST_DB = None


def pytest_configure(config):
    global _ORIGINAL_CREATE_TEST_DB
    if _run_id() is None:
        return
    from django.db.backends.base.creation import BaseDatabaseCreation

    _ORIGINAL_CREATE_TEST_DB = BaseDatabaseCreation.create_test_db
    BaseDatabaseCreation.create_test_db = _create_test_db_from_template


_CONTROLLER_RUN_IDS: set[str] = set()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist controller: remember the run's id, to remove the run's template at the end."""
    _CONTROLLER_RUN_IDS.add(node.workerinput["testrunuid"])


def pytest_sessionfinish(session):
    """In the xdist controller, once every worker is done: remove the run's template."""
    for run_id in _CONTROLLER_RUN_IDS:
        _shared_path(run_id, ".sqlite3").unlink(missing_ok=True)
        _shared_path(run_id, ".sqlite3").with_suffix(".partial").unlink(missing_ok=True)
        _shared_path(run_id, ".lock").unlink(missing_ok=True)
        ready = _shared_path(run_id, ".pg-template")
        if not ready.exists():
            continue
        from django.db import connection
        from pytest_django.plugin import blocking_manager_key

        qn = connection.ops.quote_name
        try:
            with session.config.stash[blocking_manager_key].unblock(), connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {qn(ready.read_text())} WITH (FORCE)")
        finally:
            ready.unlink(missing_ok=True)
