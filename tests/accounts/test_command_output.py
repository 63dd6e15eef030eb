"""The administrators' commands speak the site language (zh-hans by default), except for interfaces:
`permission_matrix --json` stays exactly the JSON object role → action → true/false."""

import io
import json

import pytest
from django.core.management import call_command

from gongkai.accounts.permissions import permission_matrix

pytestmark = pytest.mark.django_db


def test_permission_matrix_table_is_in_the_site_language():
    out = io.StringIO()
    call_command("permission_matrix", stdout=out)
    text = out.getvalue()
    assert "editor: 信息员" in text and "是" in text
    assert "yes" not in text


def test_permission_matrix_json_is_exactly_the_object_and_never_translated(settings):
    out = io.StringIO()
    call_command("permission_matrix", "--json", stdout=out)
    assert out.getvalue().strip() == json.dumps(permission_matrix(), ensure_ascii=False)
    assert json.loads(out.getvalue())["editor"]["record.create"] is True
    settings.LANGUAGE_CODE = "en"
    again = io.StringIO()
    call_command("permission_matrix", "--json", stdout=again)
    assert again.getvalue() == out.getvalue()


def test_init_admins_speaks_the_site_language(city):
    out = io.StringIO()
    call_command("init_admins", stdout=out)
    assert "管理员" in out.getvalue().splitlines()[0] and "Administrators created" not in out.getvalue()
