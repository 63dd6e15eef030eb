"""`manage.py api_token create`: one raw token on stdout, audited, through the one service."""

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from gongkai.core.models import AuditLogEntry
from gongkai.records.constants import RecordStatus
from gongkai.records.models import Record, SystemToken

from .factories import published_item

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("api_token", "create", *args, stdout=out)
    return out.getvalue()


def test_api_token_create_prints_one_token_that_authenticates_a_business_call(xiuwu):
    item = published_item(xiuwu)
    out = run("--bureau", "xiuwu", "--scopes", "records:write", "--name", "执法系统")
    lines = out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gk_") and out.endswith("\n")
    token = SystemToken.objects.get()
    assert (token.name, token.scopes, token.bureau, token.created_by) == ("执法系统", ["records:write"], xiuwu, None)
    entry = AuditLogEntry.objects.get(action="records.token.created")
    assert entry.username == "system:command:api_token" and entry.data["scopes"] == ["records:write"]

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {lines[0]}")
    response = api.post(
        "/api/v1/bureaus/xiuwu/records/",
        {"external_id": "ZF-1", "catalog_item": str(item.key), "title": "行政处罚决定书", "publish": True},
        format="json",
    )
    assert response.status_code == 202 and response.json()["code"] == "submitted_for_review"
    assert Record.objects.get().status == RecordStatus.IN_REVIEW


def test_api_token_create_cannot_mint_a_publishing_token(xiuwu):
    with pytest.raises(CommandError):
        run("--bureau", "xiuwu", "--scopes", "records:write,records:publish")
    assert not SystemToken.objects.exists()


def test_api_token_create_refuses_an_unknown_bureau(db):
    with pytest.raises(CommandError):
        run("--bureau", "nowhere", "--scopes", "records:write")
