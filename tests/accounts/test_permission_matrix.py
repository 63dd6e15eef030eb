"""Permission matrix: every role × every protected URL and action, in one table.

Add a row for every new protected screen, API endpoint or service. Each row names what it
does (`do`) and what each role must get (`expect`); roles not listed get the row's default.

Outcomes:
    OK      the page or data (200), or the action ran
    SAVED   a form post succeeded (redirect elsewhere than the dashboard or the login)
    UNCHANGED  a form post was accepted but changed nothing: the field is not the user's to change
    DENIED  refused: 403, or the Wagtail admin's redirect to the dashboard with an error
    HIDDEN  404: the object is not acknowledged (another county's data)
    LOGIN   redirect to the login page (anonymous visitor)
    MOVED   redirect to the screen that replaces this one
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse

from gongkai.accounts import services as account_services
from gongkai.accounts.roles import Role
from gongkai.portal import services as portal_services
from tests.factories import ReviewOfficeFactory, save_and_publish_guide

pytestmark = pytest.mark.django_db

OK, SAVED, DENIED, HIDDEN, LOGIN, MOVED = "OK", "SAVED", "DENIED", "HIDDEN", "LOGIN", "MOVED"
UNCHANGED = "UNCHANGED"

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
COUNTY_STAFF = (Role.EDITOR, Role.REVIEWER, Role.LEADER)  # all at 修武县 (xiuwu)


@dataclass
class World:
    people: dict
    xiuwu: object
    wenxian: object
    guides: dict

    review_office: object = None

    def bureau_form(self, bureau) -> dict:
        """POST data of every field of the Wagtail edit form of `bureau`, as it stands (built without rendering;
        each user's form keeps the fields that are theirs to change)."""
        form_class = type(bureau).snippet_viewset.get_form_class(for_update=True)
        data = {}
        for role in (Role.SECURITY_ADMIN, Role.EDITOR):
            data.update(_form_data(form_class(instance=bureau, for_user=self.people[role])))
        return data


@dataclass
class Row:
    name: str
    do: Callable  # (world, client, user) -> outcome
    default: str
    expect: dict = field(default_factory=dict)

    def expected(self, role) -> str:
        return self.expect.get(role, self.default)


# --- How a request or call turns into an outcome --------------------------------------------------


def _admin_outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 302:
        if response.url.startswith(reverse("wagtailadmin_login")):
            return LOGIN
        if response.url == reverse("wagtailadmin_home"):
            return DENIED
        return SAVED
    return {403: DENIED, 404: HIDDEN}.get(response.status_code, f"HTTP {response.status_code}")


def admin_get(url_of, *, moved_to=None):
    def do(world, client, user):
        response = client.get(url_of(world))
        if moved_to and response.status_code == 302 and response.url.startswith(reverse(moved_to)):
            return MOVED
        return _admin_outcome(response)

    return do


def admin_post(url_of, data_of, changed):
    """POST a form; the outcome must agree with whether the data really changed."""

    def do(world, client, user):
        outcome = _admin_outcome(client.post(url_of(world), data_of(world)))
        if outcome == SAVED and not changed(world):
            return UNCHANGED
        assert changed(world) == (outcome == SAVED), f"data changed does not match outcome {outcome}"
        return outcome

    return do


def api(method, url_of, payload=None):
    def do(world, client, user):
        url = url_of(world)
        if method == "get":
            response = client.get(url)
        else:
            response = client.put(url, payload or {}, content_type="application/json")
        return {200: OK, 403: DENIED, 401: DENIED, 404: HIDDEN}.get(
            response.status_code, f"HTTP {response.status_code}"
        )

    return do


def service(call):
    def do(world, client, user):
        try:
            call(world, user)
        except PermissionDenied:
            return DENIED
        except Http404:
            return HIDDEN
        return OK

    return do


# --- URLs of the objects in the world ---------------------------------------------------------------


def snippet(model_path, view, obj=None):
    def url_of(world):
        name = f"wagtailsnippets_{model_path}:{view}"
        return reverse(name, args=(obj(world).pk,)) if obj else reverse(name)

    return url_of


def own_bureau(w):
    return w.xiuwu


def other_bureau(w):
    return w.wenxian


def own_guide(w):
    return w.guides["xiuwu"]


def other_guide(w):
    return w.guides["wenxian"]


def fixed(name, *args):
    return lambda world: reverse(name, args=args)


def guide_api(code):
    return lambda world: f"/api/v1/staff/bureaus/{code}/guide/"


def bureau_post(bureau_of, phone="0391-9999999"):
    def data_of(world):
        return {**world.bureau_form(bureau_of(world)), "phone": phone}

    def changed(world):
        """The phone is public, or proposed for a reviewer's approval (the editor's change goes through review)."""
        bureau = bureau_of(world)
        bureau.refresh_from_db()
        return bureau.phone == phone or bureau.profile_changes.filter(status="pending").exists()

    return data_of, changed


def bureau_structure_post(bureau_of):
    def data_of(world):
        return {**world.bureau_form(bureau_of(world)), "review_office": str(world.review_office.pk)}

    def changed(world):
        bureau = bureau_of(world)
        bureau.refresh_from_db()
        return bureau.review_office_id == world.review_office.pk

    return data_of, changed


def save_guide(bureau_of):
    def call(world, user):
        portal_services.guide_save(
            bureau=bureau_of(world), body="<p>matrix</p>", rules_text="", publish=False, acting_user=user
        )

    return call


def _any_audit_record():
    from gongkai.core.models import AuditLogEntry

    return AuditLogEntry.objects.order_by("id").first()


# --- The matrix ---------------------------------------------------------------------------------------

ADMIN_ROLES_ONLY = {Role.SYSTEM_ADMIN: OK, Role.SECURITY_ADMIN: OK, Role.AUDIT_ADMIN: OK, "anonymous": LOGIN}

MATRIX = [
    # Wagtail admin shell
    Row("admin dashboard", admin_get(fixed("wagtailadmin_home")), OK, {"anonymous": LOGIN}),
    Row("own account settings", admin_get(fixed("wagtailadmin_account")), OK, {"anonymous": LOGIN}),
    Row("two-factor enrollment", admin_get(fixed("gongkai_two_factor")), DENIED, ADMIN_ROLES_ONLY),
    # Bureaus (snippet): the bureau's staff propose changes to its public profile (a reviewer or leader of the
    # bureau approves them); only the security administrator changes how a bureau is supervised (structure).
    Row(
        "bureau list",
        admin_get(snippet("organizations_bureau", "list")),
        OK,
        {Role.AUDIT_ADMIN: DENIED, "anonymous": LOGIN},
    ),
    Row(
        "bureau edit form, own county",
        admin_get(snippet("organizations_bureau", "edit", own_bureau)),
        HIDDEN,
        {
            Role.EDITOR: OK,
            Role.LEADER: OK,
            Role.SECURITY_ADMIN: OK,
            Role.SYSTEM_ADMIN: DENIED,
            Role.REVIEWER: DENIED,
            Role.GOV_REVIEWER: DENIED,
            Role.CITY_SUPERVISOR: DENIED,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "bureau edit form, other county",
        admin_get(snippet("organizations_bureau", "edit", other_bureau)),
        HIDDEN,
        {
            "wenxian_editor": OK,
            Role.SECURITY_ADMIN: OK,
            Role.SYSTEM_ADMIN: DENIED,
            Role.CITY_SUPERVISOR: DENIED,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "bureau profile save (proposal), own county",
        admin_post(snippet("organizations_bureau", "edit", own_bureau), *bureau_post(own_bureau)),
        HIDDEN,
        {
            Role.EDITOR: SAVED,
            Role.LEADER: SAVED,
            Role.SECURITY_ADMIN: UNCHANGED,
            Role.SYSTEM_ADMIN: DENIED,
            Role.REVIEWER: DENIED,
            Role.GOV_REVIEWER: DENIED,
            Role.CITY_SUPERVISOR: DENIED,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "bureau profile save (proposal), other county",
        admin_post(snippet("organizations_bureau", "edit", other_bureau), *bureau_post(other_bureau)),
        HIDDEN,
        {
            "wenxian_editor": SAVED,
            Role.SECURITY_ADMIN: UNCHANGED,
            Role.SYSTEM_ADMIN: DENIED,
            Role.CITY_SUPERVISOR: DENIED,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "bureau structure save (review office), own county",
        admin_post(snippet("organizations_bureau", "edit", own_bureau), *bureau_structure_post(own_bureau)),
        HIDDEN,
        {
            Role.EDITOR: UNCHANGED,
            Role.LEADER: UNCHANGED,
            Role.SECURITY_ADMIN: SAVED,
            Role.SYSTEM_ADMIN: DENIED,
            Role.REVIEWER: DENIED,
            Role.GOV_REVIEWER: DENIED,
            Role.CITY_SUPERVISOR: DENIED,
            "anonymous": LOGIN,
        },
    ),
    Row(
        "bureau add form",
        admin_get(snippet("organizations_bureau", "add")),
        DENIED,
        {Role.SECURITY_ADMIN: OK, "anonymous": LOGIN},
    ),
    # History screens list audit records: the audit administrator only (三员分立), whatever the object's rules.
    Row(
        "bureau history, own county (audit data: the audit log viewer only)",
        admin_get(snippet("organizations_bureau", "history", own_bureau)),
        DENIED,
        {Role.AUDIT_ADMIN: HIDDEN, "anonymous": LOGIN},
    ),
    # Disclosure guides (snippet with drafts): the bureau's staff; the city supervisor reads
    Row(
        "guide list",
        admin_get(snippet("portal_disclosureguide", "list")),
        DENIED,
        {**dict.fromkeys(COUNTY_STAFF, OK), Role.CITY_SUPERVISOR: OK, "wenxian_editor": OK, "anonymous": LOGIN},
    ),
    Row(
        "guide draft edit form, own county",
        admin_get(snippet("portal_disclosureguide", "edit", own_guide)),
        HIDDEN,
        {**dict.fromkeys(COUNTY_STAFF, OK), Role.CITY_SUPERVISOR: DENIED, "anonymous": LOGIN},
    ),
    Row(
        "guide draft edit form, other county",
        admin_get(snippet("portal_disclosureguide", "edit", other_guide)),
        HIDDEN,
        {"wenxian_editor": OK, Role.CITY_SUPERVISOR: DENIED, "anonymous": LOGIN},
    ),
    Row(
        "guide history, other county",
        admin_get(snippet("portal_disclosureguide", "history", other_guide)),
        DENIED,
        {Role.AUDIT_ADMIN: HIDDEN, "anonymous": LOGIN},
    ),
    Row(
        "guide revisions compare, other county",
        admin_get(
            lambda w: reverse(
                "wagtailsnippets_portal_disclosureguide:revisions_compare",
                args=(other_guide(w).pk, "live", "latest"),
            )
        ),
        HIDDEN,
        {"wenxian_editor": OK, Role.CITY_SUPERVISOR: DENIED, "anonymous": LOGIN},
    ),
    # Staff API for the guide
    Row(
        "API GET guide, own county",
        api("get", guide_api("xiuwu")),
        HIDDEN,
        {**dict.fromkeys(COUNTY_STAFF, OK), Role.CITY_SUPERVISOR: OK, "anonymous": DENIED},
    ),
    Row(
        "API GET guide, other county",
        api("get", guide_api("wenxian")),
        HIDDEN,
        {"wenxian_editor": OK, Role.CITY_SUPERVISOR: OK, "anonymous": DENIED},
    ),
    Row(
        "API PUT guide, own county",
        api("put", guide_api("xiuwu"), {"body": "<p>api</p>", "rules_text": ""}),
        HIDDEN,
        {**dict.fromkeys(COUNTY_STAFF, OK), Role.CITY_SUPERVISOR: DENIED, "anonymous": DENIED},
    ),
    Row(
        "API PUT guide, other county",
        api("put", guide_api("wenxian"), {"body": "<p>api</p>", "rules_text": ""}),
        HIDDEN,
        {"wenxian_editor": OK, Role.CITY_SUPERVISOR: DENIED, "anonymous": DENIED},
    ),
    Row("API public bureau list", api("get", fixed("api:bureau-list")), OK),
    # Services
    Row("service guide_save, own county", service(save_guide(own_bureau)), DENIED, dict.fromkeys(COUNTY_STAFF, OK)),
    Row("service guide_save, other county", service(save_guide(other_bureau)), DENIED, {"wenxian_editor": OK}),
    Row(
        "service membership_grant",
        service(
            lambda w, user: account_services.membership_grant(
                user=w.people["wenxian_editor"], bureau=w.wenxian, role=Role.REVIEWER, acting_user=user
            )
        ),
        DENIED,
        {Role.SECURITY_ADMIN: OK},
    ),
    Row(
        "service user_unlock",
        service(lambda w, user: account_services.user_unlock(user=w.people[Role.EDITOR], acting_user=user)),
        DENIED,
        {Role.SECURITY_ADMIN: OK},
    ),
    Row(
        "service user_create",
        service(
            lambda w, user: account_services.user_create(acting_user=user, username="made", password="Strong-pass-2026")
        ),
        DENIED,
        {Role.SECURITY_ADMIN: OK},
    ),
    # Account management (security administrator)
    Row(
        "users admin list",
        admin_get(fixed("wagtailusers_users:index")),
        DENIED,
        {Role.SECURITY_ADMIN: OK, "anonymous": LOGIN},
    ),
    Row(
        "users admin add form",
        admin_get(fixed("wagtailusers_users:add")),
        DENIED,
        {Role.SECURITY_ADMIN: OK, "anonymous": LOGIN},
    ),
    Row(
        "users admin edit form",
        admin_get(lambda w: reverse("wagtailusers_users:edit", args=(w.people["wenxian_editor"].pk,))),
        DENIED,
        {Role.SECURITY_ADMIN: OK, "anonymous": LOGIN},
    ),
    Row(
        "users admin roles screen",
        admin_get(lambda w: reverse("wagtailusers_users:roles", args=(w.people["wenxian_editor"].pk,))),
        DENIED,
        {Role.SECURITY_ADMIN: OK, "anonymous": LOGIN},
    ),
    Row(
        "users admin unlock screen",
        admin_get(lambda w: reverse("wagtailusers_users:unlock", args=(w.people["wenxian_editor"].pk,))),
        DENIED,
        {Role.SECURITY_ADMIN: OK, "anonymous": LOGIN},
    ),
    Row(
        "users admin account history (audit data)",
        admin_get(lambda w: reverse("wagtailusers_users:history", args=(w.people["wenxian_editor"].pk,))),
        DENIED,
        {Role.AUDIT_ADMIN: OK, "anonymous": LOGIN},
    ),
    Row(
        "users admin delete confirmation",
        admin_get(lambda w: reverse("wagtailusers_users:delete", args=(w.people["wenxian_editor"].pk,))),
        DENIED,
        {Role.SECURITY_ADMIN: OK, "anonymous": LOGIN},
    ),
    Row(
        "users bulk deactivation confirmation",
        admin_get(
            lambda w: (
                reverse("wagtail_bulk_action", args=("accounts", "user", "set_active_state"))
                + f"?id={w.people['wenxian_editor'].pk}"
            )
        ),
        DENIED,
        {Role.SECURITY_ADMIN: OK, "anonymous": LOGIN},
    ),
    Row(
        "groups admin list",
        admin_get(fixed("wagtailusers_groups:index")),
        DENIED,
        {Role.SECURITY_ADMIN: OK, "anonymous": LOGIN},
    ),
    # Audit (audit administrator reads; nobody changes)
    Row(
        "audit log viewer",
        admin_get(fixed("gongkai_audit_log:index")),
        DENIED,
        {Role.AUDIT_ADMIN: OK, "anonymous": LOGIN},
    ),
    Row(
        "audit log CSV export",
        admin_get(lambda w: reverse("gongkai_audit_log:index") + "?export=csv"),
        DENIED,
        {Role.AUDIT_ADMIN: OK, "anonymous": LOGIN},
    ),
    Row(
        "audit record detail",
        admin_get(lambda w: reverse("gongkai_audit_log:inspect", args=(_any_audit_record().pk,))),
        DENIED,
        {Role.AUDIT_ADMIN: OK, "anonymous": LOGIN},
    ),
    Row(
        "audit record edit form",
        admin_get(lambda w: reverse("gongkai_audit_log:edit", args=(_any_audit_record().pk,))),
        DENIED,
        {"anonymous": LOGIN},
    ),
    Row("audit log add form", admin_get(fixed("gongkai_audit_log:add")), DENIED, {"anonymous": LOGIN}),
    Row(
        "Wagtail site history report",
        admin_get(fixed("wagtailadmin_reports:site_history"), moved_to="gongkai_audit_log:index"),
        DENIED,
        {Role.AUDIT_ADMIN: MOVED, "anonymous": LOGIN},
    ),
]


# --- Running it ----------------------------------------------------------------------------------------


@pytest.fixture
def world(people, xiuwu, wenxian):
    guides = {}
    for bureau, editor in ((xiuwu, people[Role.EDITOR]), (wenxian, people["wenxian_editor"])):
        save_and_publish_guide(bureau=bureau, body=f"<p>{bureau.code} live</p>", rules_text="", acting_user=editor)
        guides[bureau.code] = portal_services.guide_save(
            bureau=bureau, body=f"<p>{bureau.code} draft</p>", rules_text="", publish=False, acting_user=editor
        )
    other_office = ReviewOfficeFactory(code="matrix-gov")
    return World(people=people, xiuwu=xiuwu, wenxian=wenxian, guides=guides, review_office=other_office)


def _form_data(form) -> dict:
    data = {}
    for name, form_field in form.fields.items():
        if form_field.disabled:
            continue
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    return data


@pytest.mark.parametrize("row", MATRIX, ids=[row.name for row in MATRIX])
def test_permission_matrix(row, world):
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


def test_every_role_of_the_product_is_in_the_matrix():
    assert {str(r) for r in Role} <= {str(r) for r in ROLES}
