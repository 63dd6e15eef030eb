"""With REDIS_URL set (and no CACHE_URL), the cache is Django's RedisCache on that Redis, shared by processes."""

import os
import runpy
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

import gongkai.conf.settings

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def _built(monkeypatch, **env):
    for name in ("REDIS_URL", "CACHE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(gongkai.conf.settings.__file__)))


def test_redis_url_alone_makes_redis_the_cache(monkeypatch):
    built = _built(monkeypatch, REDIS_URL="redis://10.0.0.7:6379/3")
    assert built["CACHES"]["default"]["BACKEND"] == "gongkai.core.cache.ResilientRedisCache"
    assert built["CACHES"]["default"]["LOCATION"] == "redis://10.0.0.7:6379/3"
    assert built["REDIS_URL"] == "redis://10.0.0.7:6379/3"


def test_cache_url_wins_and_a_redis_cache_url_also_serves_counters_and_locks(monkeypatch):
    built = _built(monkeypatch, REDIS_URL="redis://10.0.0.7:6379/3", CACHE_URL="dbcache://gongkai_cache")
    assert built["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    built = _built(monkeypatch, CACHE_URL="redis://10.0.0.8:6379/1")
    assert built["CACHES"]["default"]["BACKEND"] == "gongkai.core.cache.ResilientRedisCache"
    assert built["REDIS_URL"] == "redis://10.0.0.8:6379/1"


def test_without_redis_the_cache_is_per_process(monkeypatch):
    built = _built(monkeypatch)
    assert built["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_value_cached_by_one_process_is_read_by_another(settings):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis at 127.0.0.1:6379 is not reachable")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gongkai",
        }
    }
    from django.core.cache import caches

    key = f"test:{uuid.uuid4()}"
    caches["default"].set(key, {"bureau": "修武县"}, 30)
    child = (
        "import sys\nfrom django.conf import settings\n"
        "settings.configure(CACHES={'default': {'BACKEND': 'django.core.cache.backends.redis.RedisCache',"
        " 'LOCATION': sys.argv[1], 'KEY_PREFIX': 'gongkai'}})\n"
        "from django.core.cache import cache\nprint(cache.get(sys.argv[2])['bureau'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", child, REDIS_URL, key],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert result.stdout.strip() == "修武县", result.stderr
    caches["default"].delete(key)
