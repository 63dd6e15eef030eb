"""Redis down (issue 13): the cache answers as empty and views are served uncached, rate limits count in
the database, the shared locks refuse with a clear error and the publisher tries again later. The outage
is a real Redis client pointed at a closed port (nothing listens on 127.0.0.1:9399)."""

import logging

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from gongkai.core.cache import ResilientRedisCache
from gongkai.core.locks import LockUnavailable, named_lock
from gongkai.core.ratelimit import HourlyCounter

CLOSED = "redis://127.0.0.1:9399/3"
DOWN_CACHE = {
    "default": {
        "BACKEND": "gongkai.core.cache.ResilientRedisCache",
        "LOCATION": CLOSED,
        "KEY_PREFIX": "gongkai",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.fixture
def down_cache():
    cache = ResilientRedisCache(CLOSED, {"OPTIONS": {"socket_connect_timeout": 0.5}})
    yield cache
    cache.close()


def test_cache_on_an_unreachable_redis_answers_as_empty_and_warns(down_cache, caplog, monkeypatch):
    monkeypatch.setattr("gongkai.core.cache._last_warning", [0.0])
    with caplog.at_level(logging.WARNING, logger="gongkai.core.cache"):
        down_cache.set("page", "<html>")
        assert down_cache.get("page", "miss") == "miss"
        assert down_cache.add("page", "<html>") is False
        assert down_cache.get_many(["page"]) == {}
        assert down_cache.delete("page") is False
        assert down_cache.set_many({"a": 1}) == ["a"]
        with pytest.raises(ValueError):
            down_cache.incr("count")
    assert "Redis unreachable for the cache" in caplog.text


def test_a_redis_error_other_than_unreachable_still_raises(down_cache, monkeypatch):
    import redis

    def broken(*args, **kwargs):
        raise redis.exceptions.ResponseError("WRONGTYPE")

    monkeypatch.setattr("django.core.cache.backends.redis.RedisCacheClient.get", broken)
    with pytest.raises(redis.exceptions.ResponseError):
        down_cache.get("page")


@pytest.mark.django_db
def test_a_throttled_api_call_is_answered_while_redis_is_down(leader, xiuwu, settings):
    from gongkai.records import services

    _token, raw = services.system_token_create(
        acting_user=leader, bureau=xiuwu, name="执法信息系统", scopes=["records:write"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    settings.REDIS_URL = CLOSED
    with override_settings(CACHES=DOWN_CACHE):
        response = client.post("/api/v1/bureaus/xiuwu/records/bulk/", {"records": []}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "records_required"


@pytest.mark.django_db
def test_a_cached_public_view_is_served_uncached_while_redis_is_down(client, xiuwu, editor, gov_reviewer):
    from tests.publishing.conftest import real_catalog

    real_catalog(xiuwu, editor, gov_reviewer)
    with override_settings(CACHES=DOWN_CACHE):
        first = client.get("/b/xiuwu/catalog/download.csv")
        second = client.get("/b/xiuwu/catalog/download.csv")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content


@pytest.mark.django_db
def test_rate_limits_count_in_the_database_while_redis_is_down(settings, caplog):
    settings.REDIS_URL = CLOSED
    counter = HourlyCounter("test:outage")
    with caplog.at_level(logging.WARNING, logger="gongkai.core.ratelimit"):
        assert [counter.acquire("10.0.0.1", 2) for _ in range(3)] == [True, True, False]
    assert "counting in the database" in caplog.text


def test_the_shared_lock_is_refused_with_a_clear_error_while_redis_is_down(settings):
    settings.REDIS_URL = CLOSED
    with pytest.raises(LockUnavailable, match="Redis unreachable, lock 'publish:/b/xiuwu/' not taken"):
        with named_lock("publish:/b/xiuwu/", timeout=1):
            pass
