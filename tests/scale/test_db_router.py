"""gongkai.core.db_router: which database each read and write goes to (the rules, without a replica).

The real streaming replica is in test_replica.py.
"""

import runpy
import socket
from pathlib import Path

import pytest
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory

import gongkai.conf.settings
from gongkai.core import db_router
from gongkai.core.db_router import (
    PIN_COOKIE,
    REPLICA,
    ReplicaRouter,
    ReplicaRoutingMiddleware,
    replica_reads,
)
from gongkai.organizations.models import Bureau

from .aliases import register_replica, unregister_replica

router = ReplicaRouter()


@pytest.fixture
def replica_alias(django_db_setup, django_db_blocker, monkeypatch):
    """A REPLICA alias on the test database (a mirror, as the test settings make it): the rules only."""
    monkeypatch.setattr(db_router, "_replica_down_until", 0.0)
    yield register_replica(dict(connections["default"].settings_dict), django_db_blocker)
    unregister_replica()


@pytest.fixture
def unreachable_replica(replica_alias):
    """The REPLICA alias pointed at a database that cannot be opened."""
    settings_dict = replica_alias.settings_dict
    if replica_alias.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent/gongkai/replica.sqlite3"
    else:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]  # closed again: nothing listens there
        settings_dict.update(HOST="127.0.0.1", PORT=str(port))
    return replica_alias


def _through_middleware(request, view):
    seen = {}

    def get_response(request):
        seen["result"] = view()
        return HttpResponse("ok")

    response = ReplicaRoutingMiddleware(get_response)(request)
    return seen["result"], response


def _read_then_write_then_read():
    before = router.db_for_read(Bureau)
    router.db_for_write(Bureau)
    return before, router.db_for_read(Bureau)


def test_outside_a_request_everything_reads_the_primary():
    assert router.db_for_read(Bureau) == "default"  # workers, commands, the publisher


def test_a_public_get_reads_the_replica_until_it_writes_and_then_pins_the_browser(replica_alias):
    (before, after), response = _through_middleware(RequestFactory().get("/b/xiuwu/"), _read_then_write_then_read)
    assert (before, after) == (REPLICA, "default")
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 10 and cookie["httponly"]


def test_a_public_get_that_writes_nothing_sets_no_cookie(replica_alias):
    result, response = _through_middleware(RequestFactory().get("/b/xiuwu/"), lambda: router.db_for_read(Bureau))
    assert result == REPLICA and PIN_COOKIE not in response.cookies


@pytest.mark.parametrize(
    "request_",
    [
        RequestFactory().post("/foi/submit/"),
        RequestFactory().get("/admin/records/"),
        RequestFactory(headers={"cookie": f"{PIN_COOKIE}=1"}).get("/b/xiuwu/"),
    ],
    ids=["a form post", "the editing system", "a browser that just wrote"],
)
def test_primary_for(request_, replica_alias):
    result, _ = _through_middleware(request_, lambda: router.db_for_read(Bureau))
    assert result == "default"


def test_an_unreachable_replica_sends_reads_to_the_primary_for_a_while(unreachable_replica, monkeypatch):
    result, _ = _through_middleware(RequestFactory().get("/b/xiuwu/"), lambda: router.db_for_read(Bureau))
    assert result == "default"  # a public page still answers, from the primary
    assert db_router._replica_down_until > 0
    monkeypatch.setattr(db_router, "_replica_down_until", 0.0)  # the retry time has passed …
    unreachable_replica.settings_dict.update(connections["default"].settings_dict)  # … and it is back
    result, _ = _through_middleware(RequestFactory().get("/b/xiuwu/"), lambda: router.db_for_read(Bureau))
    assert result == REPLICA


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_go_to_the_primary():
    with replica_reads():
        assert router.db_for_read(Bureau) == REPLICA
        with transaction.atomic():
            assert router.db_for_read(Bureau) == "default"
        assert router.db_for_read(Bureau) == REPLICA


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "records") is True
    assert router.allow_migrate(REPLICA, "records") is False


def test_the_replica_is_configured_only_by_its_variable(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://gk@10.0.0.11:5432/gongkai")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://gk_ro@10.0.0.12:5432/gongkai")
    built = runpy.run_path(str(Path(gongkai.conf.settings.__file__)))
    replica = built["DATABASES"]["replica"]
    assert (replica["HOST"], replica["USER"], replica["TEST"]) == ("10.0.0.12", "gk_ro", {"MIRROR": "default"})
    assert built["DATABASE_ROUTERS"] == ["gongkai.core.db_router.ReplicaRouter"]
    middleware = built["MIDDLEWARE"]
    routing = middleware.index("gongkai.core.db_router.ReplicaRoutingMiddleware")
    assert routing < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")

    monkeypatch.delenv("DATABASE_REPLICA_URL")
    built = runpy.run_path(str(Path(gongkai.conf.settings.__file__)))
    assert "replica" not in built["DATABASES"] and "DATABASE_ROUTERS" not in built
    assert "gongkai.core.db_router.ReplicaRoutingMiddleware" not in built["MIDDLEWARE"]
