"""Permission matrix rows for records: every role × the records screens, services and APIs.

Same outcomes as tests/accounts/test_permission_matrix.py: OK, SAVED, DENIED (403 or the
admin's redirect to the dashboard), HIDDEN (404: another county's record is not acknowledged),
LOGIN (anonymous redirected to the login page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from django.urls import reverse

from gongkai.accounts.roles import Role
from gongkai.records import services
from gongkai.records.constants import RecordStatus

from .factories import published_item

pytestmark = pytest.mark.django_db

OK, SAVED, DENIED, HIDDEN, LOGIN = "OK", "SAVED", "DENIED", "HIDDEN", "LOGIN"
ROLES = [
    Role.EDITOR,
    Role.REVIEWER,
    Role.LEADER,
    Role.GOV_REVIEWER,
    Role.CITY_SUPERVISOR,
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
    Role.AUDIT_ADMIN,
    "wenxian_editor",
    "anonymous",
]
COUNTY_STAFF = (Role.EDITOR, Role.REVIEWER, Role.LEADER)  # at 修武县


@dataclass
class World:
    people: dict
    records: dict = field(default_factory=dict)
    items: dict = field(default_factory=dict)


@dataclass
class Row:
    name: str
    do: Callable
    default: str
    expect: dict = field(default_factory=dict)

    def expected(self, role):
        return self.expect.get(role, self.default)


def _outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 302:
        if response.url.startswith(reverse("wagtailadmin_login")):
            return LOGIN
        if response.url == reverse("wagtailadmin_home"):
            return DENIED
        return SAVED
    return {403: DENIED, 404: HIDDEN}.get(response.status_code, f"HTTP {response.status_code}")


def get(url_of):
    return lambda w, client, user: _outcome(client.get(url_of(w)))


def post(url_of, data=None, changed=None):
    def do(w, client, user):
        outcome = _outcome(client.post(url_of(w), data or {}))
        if changed is not None and outcome == SAVED:
            assert changed(w), "redirected but nothing changed"
        return outcome

    return do


def service(call):
    def do(w, client, user):
        try:
            call(w, user)
        except PermissionDenied:
            return DENIED
        return OK

    return do


def record_url(name, code):
    return lambda w: reverse(f"records_admin:{name}", args=(w.records[code].pk,))


def status_is(code, status):
    def check(w):
        w.records[code].refresh_from_db()
        return w.records[code].status == status

    return check


ANON = {"anonymous": LOGIN}
VIEWERS_XIUWU = {**dict.fromkeys(COUNTY_STAFF, OK), Role.CITY_SUPERVISOR: OK}

MATRIX = [
    Row(
        "records list",
        get(lambda w: reverse("records_admin:index")),
        DENIED,
        {**VIEWERS_XIUWU, "wenxian_editor": OK, **ANON},
    ),
    Row(
        "record new form",
        get(lambda w: reverse("records_admin:create")),
        DENIED,
        {**dict.fromkeys(COUNTY_STAFF, OK), "wenxian_editor": OK, **ANON},
    ),
    Row(
        "record detail, own county",
        get(record_url("detail", "xiuwu")),
        DENIED,
        {**VIEWERS_XIUWU, "wenxian_editor": HIDDEN, **ANON},
    ),
    Row(
        "record detail, other county",
        get(record_url("detail", "wenxian")),
        DENIED,
        {**dict.fromkeys(COUNTY_STAFF, HIDDEN), Role.CITY_SUPERVISOR: OK, "wenxian_editor": OK, **ANON},
    ),
    Row(
        "record edit form, own county",
        get(record_url("edit", "xiuwu")),
        DENIED,
        {**dict.fromkeys(COUNTY_STAFF, OK), "wenxian_editor": HIDDEN, **ANON},
    ),
    Row(
        "record edit form, other county",
        get(record_url("edit", "wenxian")),
        DENIED,
        {**dict.fromkeys(COUNTY_STAFF, HIDDEN), "wenxian_editor": OK, **ANON},
    ),
    Row(
        "record approve, own county",
        post(
            record_url("approve", "xiuwu"),
            {"confidentiality_result": "passed"},
            changed=status_is("xiuwu", RecordStatus.APPROVED),
        ),
        DENIED,
        {Role.REVIEWER: SAVED, Role.LEADER: SAVED, "wenxian_editor": HIDDEN, **ANON},
    ),
    Row(
        "record approve, other county",
        post(
            record_url("approve", "wenxian"),
            {"confidentiality_result": "passed"},
            changed=status_is("wenxian", RecordStatus.APPROVED),
        ),
        DENIED,
        {**dict.fromkeys(COUNTY_STAFF, HIDDEN), **ANON},
    ),
    Row(
        "record withdraw form post, own county (not published: refused by state)",
        post(record_url("withdraw", "xiuwu"), {"reason": "x"}),
        DENIED,
        {Role.REVIEWER: SAVED, Role.LEADER: SAVED, "wenxian_editor": HIDDEN, **ANON},
    ),
    Row(
        "due-date dashboard",
        get(lambda w: reverse("records_admin:dashboard")),
        DENIED,
        {**VIEWERS_XIUWU, "wenxian_editor": OK, **ANON},
    ),
    Row(
        "system tokens",
        get(lambda w: reverse("records_admin:tokens")),
        DENIED,
        {Role.LEADER: OK, Role.SYSTEM_ADMIN: OK, **ANON},
    ),
    Row(
        "service record_create_draft, own county",
        service(
            lambda w, user: services.record_create_draft(
                acting_user=user, bureau=w.items["xiuwu"].catalog.bureau, catalog_item=w.items["xiuwu"], title="x"
            )
        ),
        DENIED,
        dict.fromkeys(COUNTY_STAFF, OK),
    ),
    Row(
        "service record_create_draft, other county",
        service(
            lambda w, user: services.record_create_draft(
                acting_user=user, bureau=w.items["wenxian"].catalog.bureau, catalog_item=w.items["wenxian"], title="x"
            )
        ),
        DENIED,
        {"wenxian_editor": OK},
    ),
    Row(
        "service record_approve, own county",
        service(
            lambda w, user: services.record_approve(
                acting_user=user, record=w.records["xiuwu"], confidentiality_result="passed"
            )
        ),
        DENIED,
        {Role.REVIEWER: OK, Role.LEADER: OK},
    ),
    Row(
        "service system_token_create, own county",
        service(
            lambda w, user: services.system_token_create(
                acting_user=user, bureau=w.items["xiuwu"].catalog.bureau, name="s", scopes=["records:write"]
            )
        ),
        DENIED,
        {Role.LEADER: OK, Role.SYSTEM_ADMIN: OK},
    ),
    Row("public record API list", lambda w, client, user: _outcome(client.get("/api/v1/records/")), OK),
    Row(
        "public API hides drafts",
        lambda w, client, user: _outcome(client.get(f"/api/v1/records/{w.records['xiuwu'].uuid}/")),
        HIDDEN,
    ),
]


@pytest.fixture
def world(people, xiuwu, wenxian):
    w = World(people=people)
    for bureau, editor in ((xiuwu, people[Role.EDITOR]), (wenxian, people["wenxian_editor"])):
        item = published_item(bureau)
        record = services.record_create_draft(
            acting_user=editor, bureau=bureau, catalog_item=item, title=f"{bureau.code} 草稿"
        )
        services.record_submit(acting_user=editor, record=record)
        w.items[bureau.code] = item
        w.records[bureau.code] = record
    return w


@pytest.mark.parametrize("row", MATRIX, ids=[row.name for row in MATRIX])
def test_records_permission_matrix(row, world):
    mismatches = []
    for role in ROLES:
        user = AnonymousUser() if role == "anonymous" else world.people[role]
        client = Client()
        if role != "anonymous":
            client.force_login(user)
        with transaction.atomic():
            try:
                got = row.do(world, client, user)
            except AssertionError as error:
                got = f"inconsistent: {error}"
            transaction.set_rollback(True)
        if got != row.expected(role):
            mismatches.append(f"{role}: expected {row.expected(role)}, got {got}")
    assert not mismatches, f"{row.name}:\n  " + "\n  ".join(mismatches)
