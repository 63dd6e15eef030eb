"""The replica router against a real PostgreSQL streaming replica of the test database server.

A session fixture clones the primary (DATABASE_URL) with `pg_basebackup -R` into a temporary directory
and starts it as a hot standby on a free port, as the `postgres` OS user when the tests run as root.
The primary must accept replication connections from 127.0.0.1: when its pg_hba.conf has no such line
and the tests may write that file (root, as in CI), the fixture adds `host replication all 127.0.0.1/32
trust` for the session and removes it afterwards; otherwise the tests skip and say why. Committed data
(transactional tests) reaches the replica through streaming; pausing the replica's replay makes it stale
on purpose, which shows where each read went.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid

import pytest
from django.db import connections, transaction

from gongkai.core.db_router import PIN_COOKIE, REPLICA, replica_reads
from gongkai.organizations.models import Bureau

from ..factories import BureauFactory
from .aliases import register_replica, unregister_replica

HBA_LINE = "host replication all 127.0.0.1/32 trust  # gongkai tests/scale/test_replica.py"
ROUTING = "gongkai.core.db_router.ReplicaRoutingMiddleware"

pytestmark = pytest.mark.postgres


def _pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    return found[-1] if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args, **kwargs):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + args, capture_output=True, text=True, **kwargs)


def _primary_sql(sql):
    with connections["default"].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


class _Hba:
    """Allows replication from 127.0.0.1 on the primary for the session, if it must and may."""

    def __init__(self):
        self.path = _primary_sql("SHOW hba_file")
        self.added = False

    def allow(self):
        try:
            with open(self.path, "a") as handle:
                handle.write(f"\n{HBA_LINE}\n")
        except OSError as error:
            pytest.skip(f"the primary refuses replication from 127.0.0.1 and {self.path} is not writable: {error}")
        self.added = True
        _primary_sql("SELECT pg_reload_conf()")

    def restore(self):
        if self.added:
            with open(self.path) as handle:
                text = handle.read()
            added = f"\n{HBA_LINE}\n"
            if text.endswith(added):  # as it was, byte for byte
                text = text[: -len(added)]
            else:
                text = "".join(line for line in text.splitlines(keepends=True) if line.rstrip("\n") != HBA_LINE)
            with open(self.path, "w") as handle:
                handle.write(text)
            _primary_sql("SELECT pg_reload_conf()")


def _base_backup(bin_dir, primary, data_dir):
    args = [f"{bin_dir}/pg_basebackup", "-h", primary["HOST"] or "127.0.0.1", "-p", str(primary["PORT"] or 5432)]
    args += ["-U", primary["USER"] or "postgres", "-D", data_dir, "-R", "-X", "stream", "-c", "fast", "-w"]
    env = {**os.environ, "PGPASSWORD": primary["PASSWORD"] or ""}
    return _as_postgres(args, env=env, timeout=300)


@pytest.fixture(scope="session")
def streaming_replica(django_db_setup, django_db_blocker):
    """Port of a hot standby streaming from the primary of the test database."""
    bin_dir = _pg_bin()
    if connections["default"].vendor != "postgresql" or bin_dir is None:
        pytest.skip("needs DATABASE_URL on PostgreSQL and the server binaries in /usr/lib/postgresql/*/bin")
    with django_db_blocker.unblock():
        primary = connections["default"].settings_dict
        hba = _Hba()
        limits = {
            name: _primary_sql(f"SHOW {name}")
            for name in ("max_connections", "max_worker_processes", "max_wal_senders", "max_locks_per_transaction")
        }
        data_dir = tempfile.mkdtemp(prefix="gk-replica-")
        if os.geteuid() == 0:
            shutil.chown(data_dir, "postgres", "postgres")
        port = _free_port()
        try:
            backup = _base_backup(bin_dir, primary, data_dir)
            if backup.returncode != 0 and "pg_hba.conf" in backup.stderr:
                hba.allow()
                for _ in range(20):  # the reload is asynchronous
                    shutil.rmtree(data_dir)
                    os.mkdir(data_dir, 0o700)
                    if os.geteuid() == 0:
                        shutil.chown(data_dir, "postgres", "postgres")
                    backup = _base_backup(bin_dir, primary, data_dir)
                    if backup.returncode == 0:
                        break
                    time.sleep(0.25)
            assert backup.returncode == 0, backup.stderr
            config = [f"{name} = {value}" for name, value in limits.items()]
            config += [f"port = {port}", "listen_addresses = '127.0.0.1'", f"unix_socket_directories = '{data_dir}'"]
            config += ["hot_standby = on", "shared_buffers = 16MB", "fsync = off", "logging_collector = off"]
            _as_postgres(["tee", f"{data_dir}/postgresql.conf"], input="\n".join(config) + "\n", check=True)
            hba_text = "local all all trust\nhost all all 127.0.0.1/32 trust\n"
            _as_postgres(["tee", f"{data_dir}/pg_hba.conf"], input=hba_text, check=True)
            started = _as_postgres(
                [f"{bin_dir}/pg_ctl", "-D", data_dir, "-l", f"{data_dir}/server.log", "-w", "-t", "60", "start"],
                timeout=90,
            )
            assert started.returncode == 0, started.stdout + started.stderr
            yield port
        finally:
            _as_postgres([f"{bin_dir}/pg_ctl", "-D", data_dir, "-m", "immediate", "stop"], timeout=60)
            shutil.rmtree(data_dir, ignore_errors=True)
            hba.restore()


@pytest.fixture
def replica(streaming_replica, transactional_db, settings, django_db_blocker):
    """The REPLICA alias on the real standby, the router on, for one test; removed before the test's flush."""
    settings.DATABASE_ROUTERS = ["gongkai.core.db_router.ReplicaRouter"]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("django.contrib.sessions.middleware.SessionMiddleware"), ROUTING)
    settings.MIDDLEWARE = middleware
    primary = connections["default"].settings_dict
    connection = register_replica({**primary, "HOST": "127.0.0.1", "PORT": str(streaming_replica)}, django_db_blocker)
    try:
        yield connection
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
        unregister_replica()


def _replica_sql(replica, sql, params=()):
    with replica.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _caught_up(replica, timeout=30.0):
    target = _primary_sql("SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + timeout
    while not _replica_sql(replica, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]):
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.05)


def _pause(replica):
    _caught_up(replica)
    _replica_sql(replica, "SELECT pg_wal_replay_pause()::text")
    deadline = time.monotonic() + 30
    while _replica_sql(replica, "SELECT pg_get_wal_replay_pause_state()") != "paused":
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_the_replica_is_a_read_only_standby_of_the_test_database(replica):
    assert _replica_sql(replica, "SELECT pg_is_in_recovery()") is True
    assert _replica_sql(replica, "SELECT current_database()") == connections["default"].settings_dict["NAME"]
    BureauFactory(code="stream-check")
    _caught_up(replica)
    assert Bureau.objects.using(REPLICA).filter(code="stream-check").exists()


def test_public_reads_come_from_the_replica_and_a_request_reads_its_own_writes(replica, city):
    _pause(replica)  # the replica now lags on purpose
    BureauFactory(parent=city)  # committed on the primary (outside a request: the primary)
    on_primary = Bureau.objects.count()
    with replica_reads():
        assert Bureau.objects.count() == on_primary - 1  # from the paused replica
        with transaction.atomic():
            assert Bureau.objects.count() == on_primary  # a transaction reads the primary
        BureauFactory(parent=city)  # the request writes …
        assert Bureau.objects.count() == on_primary + 1  # … and from then on reads the primary
    _replica_sql(replica, "SELECT pg_wal_replay_resume()::text")
    _caught_up(replica)
    with replica_reads():
        assert Bureau.objects.count() == on_primary + 1  # the replica caught up


def test_a_browser_reads_the_replica_until_it_wrote_then_the_primary(replica, client, city):
    code = f"r{uuid.uuid4().hex[:8]}"
    url = f"/api/v1/bureaus/{code}/"
    _pause(replica)
    BureauFactory(parent=city, code=code)
    assert client.get(url).status_code == 404  # the visitor's GET read the lagging replica
    client.cookies[PIN_COOKIE] = "1"  # what a request that wrote sets
    assert client.get(url).status_code == 200  # pinned: the primary
    del client.cookies[PIN_COOKIE]
    _replica_sql(replica, "SELECT pg_wal_replay_resume()::text")
    _caught_up(replica)
    assert client.get(url).status_code == 200
