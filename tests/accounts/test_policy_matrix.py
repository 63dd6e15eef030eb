"""`manage.py permission_matrix --json` says what the code does: every cell performed for real.

For every role × matrix action, a user holding only that role, at each bureau where the role is held
(a county-level role at the county and at the city; the city roles at the city; the government reviewer at
its review office), performs the real operation through the real service or screen on the bureaus it can
reach. The cell is "allowed" when the operation took effect at least once, and must equal the matrix.
A second test pins the matrix to the intended policy of issue 11.
"""

from __future__ import annotations

import inspect
import json
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from gongkai.accounts import services as account_services
from gongkai.accounts.permissions import MATRIX, permission_matrix
from gongkai.accounts.roles import Role
from gongkai.core import audit
from gongkai.core.models import AuditLogEntry
from gongkai.organizations import services as bureau_services
from gongkai.organizations.models import Bureau, BureauKind
from gongkai.records import services as record_services
from gongkai.records.models import Record
from tests.factories import ReviewOfficeFactory, user_with_role
from tests.foi_requests.factories import FoiRequestFactory
from tests.records.factories import RecordFactory, published_item

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Matrix-probe-2026!"

# --- the operations -----------------------------------------------------------------------------------


def _helpers(bureau):
    """An editor and a reviewer of `bureau` who write and approve the records the probes act on."""
    editor = user_with_role(Role.EDITOR, bureau, username=f"helper-editor-{bureau.code}")
    reviewer = user_with_role(Role.REVIEWER, bureau, username=f"helper-reviewer-{bureau.code}")
    return editor, reviewer


def _approve(user, record):
    kwargs = {}
    # The four-eyes branch records the confidentiality check with every approval.
    if "confidentiality_result" in inspect.signature(record_services.record_approve).parameters:
        kwargs["confidentiality_result"] = "passed"
    return record_services.record_approve(acting_user=user, record=record, **kwargs)


def _draft(bureau, author):
    return record_services.record_create_draft(
        acting_user=author, bureau=bureau, catalog_item=published_item(bureau), title="矩阵探测"
    )


def record_create(user, bureau):
    record = record_services.record_create_draft(
        acting_user=user, bureau=bureau, catalog_item=published_item(bureau), title="矩阵探测"
    )
    return Record.objects.filter(pk=record.pk).exists()


def record_approve_own(user, bureau):
    editor, _reviewer = _helpers(bureau)
    try:
        record = _draft(bureau, user)  # a person who may write records writes and submits their own
        record_services.record_submit(acting_user=user, record=record)
    except PermissionDenied:  # anyone else: a record carrying their name as author
        record = RecordFactory(catalog_item=published_item(bureau), created_by=user)
        record_services.record_submit(acting_user=editor, record=record)
    _approve(user, record)
    return Record.objects.get(pk=record.pk).status == "approved"


def record_approve_other(user, bureau):
    editor, _reviewer = _helpers(bureau)
    record = _draft(bureau, editor)
    record_services.record_submit(acting_user=editor, record=record)
    _approve(user, record)
    return Record.objects.get(pk=record.pk).status == "approved"


def record_publish_live_edit(user, bureau):
    """Change a published record: allowed when the public (live) content changed without a second person."""
    editor, reviewer = _helpers(bureau)
    record = _draft(bureau, editor)
    record_services.record_submit(acting_user=editor, record=record)
    _approve(reviewer, record)
    record_services.record_publish(acting_user=editor, record=record)
    record_services.record_update(acting_user=user, record=record, title="未经审核的修改")
    return Record.objects.get(pk=record.pk).title == "未经审核的修改"


def _bureau_change(**change_of):
    def probe(user, bureau):
        values = {name: value(bureau) for name, value in change_of.items()}
        if all(getattr(bureau, name) == value for name, value in values.items()):
            return False  # no different value to set on this bureau
        bureau_services.bureau_update(acting_user=user, bureau=bureau, **values)
        stored = Bureau.objects.get(pk=bureau.pk)
        return all(getattr(stored, name) == value for name, value in values.items())

    return probe


def _sibling(bureau):
    return Bureau.objects.filter(kind=bureau.kind, parent=bureau.parent).exclude(pk=bureau.pk).first() or bureau.parent


def token_create_publish(user, bureau):
    token, _raw = record_services.system_token_create(
        acting_user=user, bureau=bureau, name="probe", scopes=["records:publish"]
    )
    return token.pk is not None


def audit_read(user, bureau):
    """The audit log viewer, Wagtail's reports (viewable_by_user) and the bureau's history screen."""
    audit.record("organizations.bureau.changed", instance=bureau)
    client = Client()
    client.force_login(user)
    viewer = client.get(reverse("gongkai_audit_log:index")).status_code == 200
    history = client.get(reverse("wagtailsnippets_organizations_bureau:history", args=(bureau.pk,)))
    return viewer or history.status_code == 200 or AuditLogEntry.objects.viewable_by_user(user).exists()


def user_create(user, bureau):
    created = account_services.user_create(acting_user=user, username=f"probe-{user.pk}", password=NEW_PASSWORD)
    return created.pk is not None


def user_set_password_of_auditadmin(user, bureau):
    """Set a usable password (no forced change at next login) on another audit administrator's account."""
    target = user_with_role(Role.AUDIT_ADMIN, bureau, username="target-audit-admin")
    account_services.user_update(user=target, acting_user=user, changes={}, password=NEW_PASSWORD)
    target.refresh_from_db()
    return target.check_password(NEW_PASSWORD) and not getattr(target, "must_change_password", False)


def foi_read_applicant_pii(user, bureau):
    foi = FoiRequestFactory(bureau=bureau)
    client = Client()
    client.force_login(user)
    response = client.post(reverse("foi_admin:personal_data", args=(foi.pk,)))
    return response.status_code == 200 and foi.id_document_number in response.content.decode()


def record_import_history(user, bureau):
    from gongkai.records.services.history import import_past_publications

    row = {"catalog_item": published_item(bureau), "title": "矩阵探测（历史）", "published_at": "2024-03-01"}
    result = import_past_publications(acting_user=user, bureau=bureau, rows=[row])
    return Record.objects.filter(pk=result.imported[0].pk, status="published").exists()


PROBES = {
    "record.create": record_create,
    "record.approve_own": record_approve_own,
    "record.approve_other": record_approve_other,
    "record.publish_live_edit": record_publish_live_edit,
    "bureau.edit_review_office": _bureau_change(review_office=lambda b: ReviewOfficeFactory(code="probe-gov")),
    "bureau.edit_parent": _bureau_change(parent=_sibling),
    "bureau.edit_code": _bureau_change(code=lambda b: f"{b.code}-new"),
    "bureau.deactivate": _bureau_change(is_active=lambda b: False),
    "token.create_publish": token_create_publish,
    "audit.read": audit_read,
    "user.create": user_create,
    "user.set_password_of_auditadmin": user_set_password_of_auditadmin,
    "foi.read_applicant_pii": foi_read_applicant_pii,
    "record.import_history": record_import_history,
}


# --- where each role is held and which bureaus it then reaches -------------------------------------------


def _placements(role, city, xiuwu):
    if role in (Role.EDITOR, Role.REVIEWER, Role.LEADER):
        return [xiuwu, city]
    if role == Role.GOV_REVIEWER:
        return [xiuwu.review_office]
    return [city]


def _targets(home):
    """The bureau itself, the units below it and the bureaus it reviews: every bureau a role there may reach."""
    below = Bureau.objects.filter(parent=home)
    reviewed = Bureau.objects.filter(review_office=home)
    return [home, *below, *reviewed]


def _disclosing(bureaus):
    return [b for b in bureaus if b.kind != BureauKind.REVIEW_OFFICE]


def performed(role, action, city, xiuwu) -> bool:
    probe = PROBES[action]
    for home in _placements(role, city, xiuwu):
        user = user_with_role(role, home, username=f"probe-{role}-{home.code}")
        targets = _targets(home) if action.startswith("bureau.") else _disclosing(_targets(home))
        for target in targets:
            with transaction.atomic():
                try:
                    done = probe(user, Bureau.objects.get(pk=target.pk))
                except PermissionDenied:
                    done = False
                transaction.set_rollback(True)
            if done:
                return True
    return False


# --- the tests ----------------------------------------------------------------------------------------------

# Cells whose real behaviour differs from the matrix on this branch alone (the lead removes these after merging).
PROBE_XFAIL: dict[tuple[str, str], str] = {}
POLICY_XFAIL: dict[tuple[str, str], str] = {}

CELLS = [(str(role), action) for role in Role for action in MATRIX]


def _params(xfails):
    return [
        pytest.param(
            role,
            action,
            id=f"{role}-{action}",
            marks=[pytest.mark.xfail(strict=True, reason=xfails[(role, action)])] if (role, action) in xfails else [],
        )
        for role, action in CELLS
    ]


@pytest.mark.parametrize("role, action", _params(PROBE_XFAIL))
def test_matrix_cell_is_what_the_code_does(role, action, city, xiuwu, wenxian):
    expected = permission_matrix()[role][action]
    assert performed(role, action, city, xiuwu) == expected, f"{role} {action}: matrix says {expected}"


INTENDED = {
    "record.create": {"editor", "reviewer", "leader"},
    "record.approve_own": set(),
    "record.approve_other": {"reviewer", "leader"},
    "record.publish_live_edit": set(),
    # The security administrator, and the leader in charge of a parent bureau for the units below it.
    "bureau.edit_review_office": {"security_admin", "leader"},
    "bureau.edit_parent": {"security_admin", "leader"},
    "bureau.edit_code": {"security_admin", "leader"},
    "bureau.deactivate": {"security_admin", "leader"},
    "token.create_publish": {"leader"},
    "audit.read": {"audit_admin"},
    "user.create": {"security_admin"},
    "user.set_password_of_auditadmin": set(),
    "foi.read_applicant_pii": {"editor", "reviewer", "leader"},
    "record.import_history": {"leader"},
}


@pytest.mark.parametrize("role, action", _params(POLICY_XFAIL))
def test_matrix_cell_is_the_intended_policy(role, action):
    assert permission_matrix()[role][action] == (role in INTENDED[action])


def test_command_prints_one_json_object_of_every_role_and_action():
    out = StringIO()
    call_command("permission_matrix", "--json", stdout=out)
    matrix = json.loads(out.getvalue())
    assert list(matrix) == [str(role) for role in Role]
    assert all(set(actions) == set(INTENDED) for actions in matrix.values())
    assert all(isinstance(allowed, bool) for actions in matrix.values() for allowed in actions.values())
    assert matrix == permission_matrix()
