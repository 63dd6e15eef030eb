import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from gongkai.records.actors import CommandActor
from gongkai.records.services import system_token_create
from gongkai.service_items import services as service_services
from gongkai.service_items.models import ItemType
from tests.factories import BureauFactory


def ago(**delta) -> str:
    return (timezone.now() - dt.timedelta(**delta)).isoformat()


TOKEN_MAKER = CommandActor("api_token", allowed=("records.manage_token",))


def token_for(bureau, scopes=("applications:write",)) -> str:
    _token, raw = system_token_create(acting_user=TOKEN_MAKER, bureau=bureau, name="办件系统", scopes=list(scopes))
    return raw


def client_with(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


@pytest.fixture(autouse=True)
def _default_language(default_language):
    """Each test starts in the default language."""


@pytest.fixture
def wuzhi(db):
    return BureauFactory(code="wuzhi", name="武陟县应急管理局", short_name="武陟县局")


@pytest.fixture
def xiuwu(db):
    return BureauFactory(code="xiuwu", name="修武县应急管理局", short_name="修武县局")


def _item(bureau, code, editor_role_user=None):
    from gongkai.accounts.roles import Role
    from tests.factories import user_with_role

    editor = editor_role_user or user_with_role(Role.EDITOR, bureau)
    return service_services.item_create(
        bureau=bureau, code=code, name="危险化学品经营许可证核发", item_type=ItemType.LICENSING, acting_user=editor
    )


@pytest.fixture
def item(wuzhi):
    return _item(wuzhi, "410823-XK-001")


@pytest.fixture
def xiuwu_item(xiuwu):
    return _item(xiuwu, "410821-XK-001")


@pytest.fixture
def api(wuzhi, item):
    return client_with(token_for(wuzhi))


@pytest.fixture
def create(api):
    def create(number="WZ-2026-0001", **extra):
        body = {"number": number, "service_item": "410823-XK-001", **extra}
        return api.post("/api/v1/bureaus/wuzhi/applications/", body, format="json")

    return create


@pytest.fixture
def post_event(api):
    def post_event(number="WZ-2026-0001", status="received", occurred_at=None, note="", client=None):
        occurred_at = occurred_at or ago(days=1)
        body = {"status": status, "occurred_at": occurred_at, "note": note}
        return (client or api).post(f"/api/v1/bureaus/wuzhi/applications/{number}/events/", body, format="json")

    return post_event
