"""Every edit is audited with before/after values: guides, accounts, roles (issue 11 §2)."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.accounts import services as account_services
from gongkai.accounts.roles import Role
from gongkai.core.models import AuditLogEntry
from gongkai.portal import services as portal_services
from tests.core.test_audit_log import form_post_data

pytestmark = pytest.mark.django_db


def _last(action):
    return AuditLogEntry.objects.filter(action=action).latest("id")


def test_guide_save_is_audited_with_the_live_text_and_the_new_text(people, xiuwu):
    editor = people[Role.EDITOR]
    portal_services.guide_save(bureau=xiuwu, body="<p>旧</p>", rules_text="", publish=False, acting_user=editor)
    portal_services.guide_save(bureau=xiuwu, body="<p>新</p>", rules_text="", publish=False, acting_user=editor)
    entry = _last("portal.guide.changed")
    assert entry.data["changes"] == {"body": ["<p>旧</p>", "<p>新</p>"]}
    assert entry.user == editor and entry.bureau_code == "xiuwu"


def _contentstate(text):
    """The rich-text editor's (Draftail) POST format."""
    block = {"key": "a1b2c", "type": "unstyled", "text": text, "depth": 0, "inlineStyleRanges": [], "entityRanges": []}
    return json.dumps({"blocks": [block] if text else [], "entityMap": {}})


def test_guide_edit_in_wagtail_admin_is_audited_with_before_and_after(people, xiuwu):
    editor = people[Role.EDITOR]
    guide = portal_services.guide_save(bureau=xiuwu, body="<p>旧</p>", rules_text="", publish=False, acting_user=editor)
    client = Client()
    client.force_login(editor)
    url = reverse("wagtailsnippets_portal_disclosureguide:edit", args=(guide.pk,))
    form = client.get(url).context["form"]
    data = {**form_post_data(form), "body": _contentstate("新"), "rules_text": _contentstate("")}
    assert client.post(url, data).status_code == 302
    entry = _last("portal.guide.changed")
    before, after = entry.data["changes"]["body"]
    assert "旧" in before and "新" in after
    assert entry.user == editor


def test_account_creation_and_deletion_are_audited_with_values(people):
    secadmin = people[Role.SECURITY_ADMIN]
    user = account_services.user_create(
        acting_user=secadmin, username="newbie", password="Strong-pass-2026!", full_name="新人", phone="0391-1"
    )
    created = _last("accounts.user.created").data["changes"]
    assert created["username"] == [None, "newbie"] and created["phone"] == [None, "0391-1"]
    account_services.user_delete(user=user, acting_user=secadmin)
    deleted = _last("accounts.user.deleted").data["changes"]
    assert deleted["full_name"] == ["新人", None]


def test_role_grant_and_revoke_are_audited_with_before_and_after(people, wenxian):
    secadmin, someone = people[Role.SECURITY_ADMIN], people["wenxian_editor"]
    membership = account_services.membership_grant(
        user=someone, bureau=wenxian, role=Role.REVIEWER, acting_user=secadmin
    )
    assert _last("accounts.membership.granted").data["changes"] == {"is_active": [None, True]}
    account_services.membership_revoke(membership=membership, acting_user=secadmin)
    assert _last("accounts.membership.revoked").data["changes"] == {"is_active": [True, False]}
    account_services.membership_grant(user=someone, bureau=wenxian, role=Role.REVIEWER, acting_user=secadmin)
    assert _last("accounts.membership.granted").data["changes"] == {"is_active": [False, True]}
