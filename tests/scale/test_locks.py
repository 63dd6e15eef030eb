"""gongkai.core.locks: one named lock across processes, on one machine (flock) and across machines (Redis)."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid

import pytest

from gongkai.core.locks import LockTimeout, LockUnavailable, named_lock, redis_key

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")

# A second process (another app server, in effect): takes the lock `rounds` times and, holding it,
# reads a shared counter file, waits, writes it back plus one, and notes when it held the lock.
CHILD = textwrap.dedent(
    """
    import json, sys, time
    from django.conf import settings
    redis_url, var_dir, name, counter, rounds, log = sys.argv[1:7]
    settings.configure(REDIS_URL=redis_url, VAR_DIR=var_dir)
    from gongkai.core.locks import named_lock
    held = []
    for _ in range(int(rounds)):
        with named_lock(name, timeout=60, poll=0.005):
            start = time.time()
            with open(counter) as f:
                value = int(f.read())
            time.sleep(0.01)
            with open(counter, "w") as f:
                f.write(str(value + 1))
            held.append((start, time.time()))
    with open(log, "w") as f:
        json.dump(held, f)
    """
)


def _redis_or_skip():
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis at 127.0.0.1:6379 is not reachable")
    return client


def _contend(tmp_path, redis_url, processes=2, rounds=25):
    name = f"publish:test/{uuid.uuid4()}"
    counter = tmp_path / "counter"
    counter.write_text("0")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    logs = [tmp_path / f"held-{i}.json" for i in range(processes)]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, redis_url, str(tmp_path), name, str(counter), str(rounds), str(log)],
            env=env,
        )
        for log in logs
    ]
    assert [child.wait(timeout=120) for child in children] == [0] * processes
    spans = sorted(span for log in logs for span in json.loads(log.read_text()))
    return int(counter.read_text()), spans


def _no_overlap(spans):
    return all(earlier[1] <= later[0] for earlier, later in zip(spans, spans[1:], strict=False))


def test_two_processes_contending_for_a_file_lock_never_hold_it_together(tmp_path):
    total, spans = _contend(tmp_path, redis_url="")
    assert total == 50  # no lost update
    assert len(spans) == 50 and _no_overlap(spans)


def test_two_processes_contending_for_a_redis_lock_never_hold_it_together(tmp_path):
    _redis_or_skip()
    total, spans = _contend(tmp_path, redis_url=REDIS_URL)
    assert total == 50
    assert len(spans) == 50 and _no_overlap(spans)
    assert not (tmp_path / "locks").exists()  # the Redis lock left no lock files on this machine


def test_redis_lock_waits_then_times_out_while_another_holds_it(settings):
    _redis_or_skip()
    settings.REDIS_URL = REDIS_URL
    name = f"test:{uuid.uuid4()}"
    with named_lock(name):
        started = time.monotonic()
        with pytest.raises(LockTimeout):
            with named_lock(name, timeout=0.2):
                pass
        assert time.monotonic() - started >= 0.2
    with named_lock(name, timeout=0.2):  # released: free again
        pass


def test_redis_lock_is_renewed_while_a_long_block_runs(settings):
    client = _redis_or_skip()
    settings.REDIS_URL = REDIS_URL
    name = f"test:{uuid.uuid4()}"
    with named_lock(name, lease=0.6):
        time.sleep(1.5)  # more than twice the lease: only renewal keeps the key
        assert client.exists(redis_key(name))
        with pytest.raises(LockTimeout):
            with named_lock(name, timeout=0.1):
                pass
    assert not client.exists(redis_key(name))


def test_a_holder_whose_lease_ran_out_does_not_release_the_next_holders_lock(settings):
    client = _redis_or_skip()
    settings.REDIS_URL = REDIS_URL
    name = f"test:{uuid.uuid4()}"
    with named_lock(name):
        # Our lease ran out and another server took the lock with its own token.
        client.set(redis_key(name), "someone-else", px=30_000)
    assert client.get(redis_key(name)) == b"someone-else"
    client.delete(redis_key(name))


def test_the_lock_of_a_killed_holder_expires_after_its_lease(tmp_path, settings):
    client = _redis_or_skip()
    name = f"test:{uuid.uuid4()}"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom django.conf import settings\nsettings.configure(REDIS_URL=sys.argv[1])\n"
            "from gongkai.core.locks import named_lock\n"
            "with named_lock(sys.argv[2], lease=1.0):\n    print('held', flush=True)\n    time.sleep(60)\n",
            REDIS_URL,
            name,
        ],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        settings.REDIS_URL = REDIS_URL
        assert client.exists(redis_key(name))  # still held: nobody released it
        started = time.monotonic()
        with named_lock(name, timeout=5):
            waited = time.monotonic() - started
        assert 0 < waited <= 2.0  # taken once the 1 s lease ran out
    finally:
        holder.kill()
        holder.wait()


def test_an_unreachable_redis_refuses_the_lock_rather_than_locking_locally(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    with pytest.raises(LockUnavailable):
        with named_lock(f"test:{uuid.uuid4()}", timeout=1):
            pass
