"""gongkai.core.ratelimit: one atomic counter interface, in the database or in Redis."""

import os
import threading
import uuid

import pytest

from gongkai.core import ratelimit
from gongkai.core.models import RateCounter
from gongkai.core.ratelimit import Counter, HourlyCounter

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis at 127.0.0.1:6379 is not reachable")


@pytest.mark.django_db
def test_database_counter_allows_up_to_the_limit_and_release_gives_back():
    counter = HourlyCounter(f"test:{uuid.uuid4()}")
    assert [counter.acquire("198.51.100.7", 3) for _ in range(4)] == [True, True, True, False]
    counter.release("198.51.100.7")  # the refused attempt
    counter.release("198.51.100.7")  # one that failed later
    assert counter.current("198.51.100.7") == 2
    assert counter.acquire("198.51.100.7", 3) is True
    assert counter.reached("198.51.100.7", 3) is True
    assert counter.reached("198.51.100.8", 3) is False
    assert RateCounter.objects.count() == 1


@pytest.mark.django_db
def test_reached_and_count_interface_for_counting_failures_only():
    counter = Counter(f"test:{uuid.uuid4()}", window=900)
    assert counter.count("someone") == 1
    assert counter.count("someone") == 2
    assert counter.reached("someone", 2) and not counter.reached("someone", 3)
    assert counter.acquire("someone", 0) is True  # a limit of 0 means no limit


@pytest.mark.django_db
def test_a_new_window_starts_a_new_count(monkeypatch):
    counter = HourlyCounter(f"test:{uuid.uuid4()}")
    now = 1_900_000_000.0
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    assert counter.acquire("x", 1) and not counter.acquire("x", 1)
    now += 3600
    assert counter.acquire("x", 1)


def test_redis_counter_is_atomic_under_concurrent_threads(settings):
    _redis_or_skip()
    settings.REDIS_URL = REDIS_URL
    counter = HourlyCounter(f"test:{uuid.uuid4()}")
    results = []
    start = threading.Barrier(35)

    def hit():
        start.wait()
        results.append(counter.acquire("203.0.113.9", 20))

    threads = [threading.Thread(target=hit) for _ in range(35)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 20
    assert counter.current("203.0.113.9") == 35
    import redis

    keys = redis.Redis.from_url(REDIS_URL).keys(f"gongkai:ratelimit:{counter.prefix}:*")
    assert len(keys) == 1 and 3600 < redis.Redis.from_url(REDIS_URL).ttl(keys[0]) <= 3660


@pytest.mark.django_db
def test_unreachable_redis_falls_back_to_the_database(settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # the discard port: nothing listens
    counter = HourlyCounter(f"test:{uuid.uuid4()}")
    assert counter.acquire("x", 1) is True
    assert counter.acquire("x", 1) is False
    assert RateCounter.objects.get().count == 2
