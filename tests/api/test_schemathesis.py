"""Schemathesis on the project's own OpenAPI schema (src/gongkai/api/openapi.yaml), in process (WSGI).

Every operation gets generated requests (valid and invalid), with a business-system token for the
authenticated ones; no answer may be a 5xx or break the schema (status, content type, body).
Bounded (derandomized, few examples per operation) so that it runs in well under two minutes.
"""

from pathlib import Path

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from gongkai.records import services
from tests.records.factories import published_item, published_record

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "src" / "gongkai" / "api" / "openapi.yaml"
schema = schemathesis.openapi.from_path(SCHEMA_FILE)
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: a request must not close the test's database connection.

    The WSGI handler closes connections at request start and end (`close_old_connections`); inside the
    test's transaction that closes the connection on PostgreSQL (in-memory SQLite ignores it).
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, editor, reviewer, leader, xiuwu):
    cache.clear()  # the per-token throttle counts in the cache
    item = published_item(xiuwu)
    published_record(editor, reviewer, item, title="关于汛期安全的通知")
    _token, raw = services.system_token_create(
        acting_user=leader, bureau=xiuwu, name="执法信息系统", scopes=["records:write"]
    )
    return raw


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_conform_to_the_schema_and_never_5xx(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"})
