"""Reads from a PostgreSQL streaming replica, everything else on the primary (DATABASE_REPLICA_URL).

The rule: only a visitor's GET or HEAD request outside the editing system (/admin/) may read from the
replica, and only until something is written. Once the request writes (any ORM write, or a read inside a
transaction), every later read of that request goes to the primary, and the answer sets a short cookie
(DATABASE_REPLICA_PIN_SECONDS) that keeps the next requests of that browser on the primary too, so an
applicant who submits a form sees their submission on the page they are sent to (read-your-writes across
a redirect, despite replication lag). Background workers, management commands (the publisher, `migrate`)
and the admin always use the primary; migrations run on the primary only (the replica copies them).
A replica that cannot be reached sends reads to the primary for REPLICA_RETRY_SECONDS (then it is
tried again), so its outage slows public pages down instead of breaking them. Installed by the settings
only when a replica is configured; without one nothing here runs.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
REPLICA_RETRY_SECONDS = 30.0
PIN_COOKIE = "gk_primary"
_SAFE_METHODS = ("GET", "HEAD")
_PRIMARY_ONLY_PREFIXES = ("/admin/",)


@dataclass
class _Route:
    replica_allowed: bool
    wrote: bool = False


# None outside a request (workers, commands, shell): the primary.
_route: ContextVar[_Route | None] = ContextVar("gongkai_db_route", default=None)


@contextmanager
def replica_reads(allowed: bool = True):
    """Within the block, reads may go to the replica until the first write (what a public GET gets)."""
    route = _Route(replica_allowed=allowed)
    token = _route.set(route)
    try:
        yield route
    finally:
        _route.reset(token)


def reads_from_replica() -> bool:
    route = _route.get()
    if route is None or not route.replica_allowed or route.wrote:
        return False
    # Inside a transaction (select_for_update, a service's atomic block): the transaction's own snapshot.
    return not connections[DEFAULT_DB_ALIAS].in_atomic_block


_replica_down_until = 0.0  # per process


def replica_usable() -> bool:
    """Whether the replica answers (connecting if needed); after a failure, not for a while."""
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        _replica_down_until = time.monotonic() + REPLICA_RETRY_SECONDS
        logger.error("Read replica unreachable: reading from the primary for %d s", REPLICA_RETRY_SECONDS)
        return False
    return True


class ReplicaRouter:
    """Django database router: public reads to REPLICA, writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if reads_from_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        route = _route.get()
        if route is not None:
            route.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaRoutingMiddleware:
    """Opens the replica to safe public requests; pins a browser to the primary after it wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = (
            request.method in _SAFE_METHODS
            and PIN_COOKIE not in request.COOKIES
            and not request.path_info.startswith(_PRIMARY_ONLY_PREFIXES)
            and replica_usable()
        )
        with replica_reads(allowed) as route:
            response = self.get_response(request)
        if route.wrote:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=getattr(settings, "DATABASE_REPLICA_PIN_SECONDS", 10),
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
