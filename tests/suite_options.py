"""Switches and speed-ups for running the suite (docs/development.md, "Tests" and "CI"); a pytest plugin
loaded by tests/conftest.py.

Browser tests in one pass only: GONGKAI_TEST_SKIP_BROWSER=1 deselects the tests marked `browser` (headless
Chromium). `.ci/run` sets it for its PostgreSQL pass only: those tests check what the browser does (scripts,
CSP, layout, accessibility), which the database behind the live server does not change, and the SQLite pass
runs every one of them. The same goes for the tests marked `one_pass`: they check output that does not depend
on the database (the W3C Nu HTML checker over the demo's pages). They are deselected, not skipped; the header and the end of pytest's report say so.

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
MIGRATE_PER_WORKER = "GONGKAI_TEST_MIGRATE_PER_WORKER"


def pytest_report_header(config):
    if os.environ.get(SKIP_BROWSER) == "1":
        return f"{SKIP_BROWSER}=1: browser tests deselected (they run in the SQLite pass)"
    return None


def pytest_terminal_summary(terminalreporter, config):
    if os.environ.get(SKIP_BROWSER) == "1" and not hasattr(config, "workerinput"):
        terminalreporter.write_line(f"{SKIP_BROWSER}=1: the browser tests were deselected (not run, not skipped)")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    if os.environ.get(SKIP_BROWSER) != "1":
        return
    kept, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("browser") or item.get_closest_marker("one_pass") else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
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
