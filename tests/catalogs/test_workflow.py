"""The transition table (state × action → allowed or blocked) and who may take each move."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.accounts.permissions import FourEyesDenied
from gongkai.accounts.roles import Role
from gongkai.catalogs import services, workflow
from gongkai.catalogs.constants import CatalogStatus as S
from gongkai.catalogs.models import Catalog
from gongkai.catalogs.workflow import CatalogAction as A
from gongkai.core.models import AuditLogEntry

from .factories import catalog_from_guidelines, publisher

EXPECTED = {
    S.DRAFT: {A.SUBMIT: S.SUBMITTED},
    S.SUBMITTED: {A.RETURN: S.RETURNED, A.APPROVE: S.APPROVED, A.WITHDRAW: S.DRAFT},
    S.RETURNED: {A.RESUBMIT: S.RESUBMITTED},
    S.RESUBMITTED: {A.RETURN: S.RETURNED, A.APPROVE: S.APPROVED, A.WITHDRAW: S.RETURNED},
    S.APPROVED: {A.PUBLISH: S.PUBLISHED},
    S.PUBLISHED: {A.REVISE: S.DRAFT},
    S.NOT_STARTED: {},
}
MOVES = [a for a in A if a != A.CREATE]


@pytest.mark.parametrize("status", list(EXPECTED))
@pytest.mark.parametrize("action", MOVES)
def test_transition_matrix(status, action):
    catalog = Catalog(status=status)
    expected = EXPECTED[status].get(action)
    assert catalog.can_transition(action) is (expected is not None)
    if expected is None:
        with pytest.raises(workflow.TransitionNotAllowed) as info:
            catalog.transition(action)
        assert info.value.code == "transition_not_allowed"
        assert catalog.status == status
    else:
        assert catalog.transition(action) == (status, expected)
        assert catalog.status == expected and catalog.status_changed_at is not None


def test_every_move_names_a_permission():
    assert {action for (_status, action) in workflow.TRANSITIONS} <= set(workflow.ACTION_PERMISSIONS)


def test_editable_states():
    assert [s for s in S if workflow.is_editable(s)] == [S.DRAFT, S.RETURNED, S.PUBLISHED]


@pytest.mark.django_db
def test_services_refuse_illegal_moves(xiuwu, editor, gov_reviewer):
    catalog = catalog_from_guidelines(xiuwu, editor)
    with pytest.raises(ValidationError) as info:
        services.catalog_approve(catalog=catalog, acting_user=gov_reviewer)
    assert info.value.code == "transition_not_allowed"
    with pytest.raises(ValidationError):
        services.catalog_publish(catalog=catalog, acting_user=publisher(xiuwu), confidentiality_result="passed")
    services.catalog_submit(catalog=catalog, acting_user=editor)
    with pytest.raises(ValidationError):
        services.catalog_submit(catalog=catalog, acting_user=editor)


ROLE_MOVES = [
    # (role, move, allowed)
    (Role.EDITOR, "submit", True),
    (Role.LEADER, "submit", True),
    (Role.REVIEWER, "submit", False),
    (Role.GOV_REVIEWER, "submit", False),
    (Role.CITY_SUPERVISOR, "submit", False),
    (Role.GOV_REVIEWER, "approve", True),
    (Role.GOV_REVIEWER, "return", True),
    (Role.EDITOR, "approve", False),
    (Role.LEADER, "approve", False),
    (Role.CITY_SUPERVISOR, "approve", False),
    (Role.EDITOR, "return", False),
    (Role.CITY_SUPERVISOR, "return", False),
    (Role.SYSTEM_ADMIN, "approve", False),
    (Role.EDITOR, "publish", False),  # four eyes: a reviewer or the leader of the bureau publishes
    (Role.REVIEWER, "publish", True),
    (Role.LEADER, "publish", True),
    (Role.GOV_REVIEWER, "publish", False),
    (Role.CITY_SUPERVISOR, "publish", False),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "move", "allowed"), ROLE_MOVES)
def test_who_may_take_each_move(xiuwu, people, role, move, allowed):
    editor, gov = people[Role.EDITOR], people[Role.GOV_REVIEWER]
    catalog = catalog_from_guidelines(xiuwu, editor)
    if move in ("approve", "return", "publish"):
        services.catalog_submit(catalog=catalog, acting_user=editor)
    if move == "publish":
        services.catalog_approve(catalog=catalog, acting_user=gov)
    call = {
        "submit": lambda u: services.catalog_submit(catalog=catalog, acting_user=u),
        "approve": lambda u: services.catalog_approve(catalog=catalog, acting_user=u),
        "return": lambda u: services.catalog_return(catalog=catalog, acting_user=u, comment="意见"),
        "publish": lambda u: services.catalog_publish(catalog=catalog, acting_user=u, confidentiality_result="passed"),
    }[move]
    if allowed:
        call(people[role])
    else:
        with pytest.raises(PermissionDenied):
            call(people[role])


@pytest.mark.django_db
def test_leader_who_submitted_the_catalog_cannot_publish_it(xiuwu, editor, leader, reviewer, gov_reviewer):
    catalog = catalog_from_guidelines(xiuwu, editor)
    services.catalog_submit(catalog=catalog, acting_user=leader)
    services.catalog_approve(catalog=catalog, acting_user=gov_reviewer)
    with pytest.raises(FourEyesDenied) as info:
        services.catalog_publish(catalog=catalog, acting_user=leader, confidentiality_result="passed")
    assert info.value.code == "own_approval"
    services.catalog_publish(catalog=catalog, acting_user=reviewer, confidentiality_result="passed")
    catalog.refresh_from_db()
    assert catalog.status == S.PUBLISHED


@pytest.mark.django_db
def test_reviewer_of_another_bureau_cannot_publish_the_catalog(xiuwu, wenxian, editor, gov_reviewer):
    catalog = catalog_from_guidelines(xiuwu, editor)
    services.catalog_submit(catalog=catalog, acting_user=editor)
    services.catalog_approve(catalog=catalog, acting_user=gov_reviewer)
    with pytest.raises(FourEyesDenied) as info:
        services.catalog_publish(catalog=catalog, acting_user=publisher(wenxian), confidentiality_result="passed")
    assert info.value.code == "approver_role"


@pytest.mark.django_db
def test_gov_reviewer_of_another_county_cannot_review(xiuwu, editor, wenxian_gov_reviewer):
    catalog = catalog_from_guidelines(xiuwu, editor)
    services.catalog_submit(catalog=catalog, acting_user=editor)
    with pytest.raises(PermissionDenied):
        services.catalog_approve(catalog=catalog, acting_user=wenxian_gov_reviewer)


@pytest.mark.django_db
def test_publishing_records_the_confidentiality_check_and_refuses_without_it(xiuwu, editor, reviewer, gov_reviewer):
    catalog = catalog_from_guidelines(xiuwu, editor)
    services.catalog_submit(catalog=catalog, acting_user=editor)
    services.catalog_approve(catalog=catalog, acting_user=gov_reviewer)
    with pytest.raises(ValidationError) as refused:
        services.catalog_publish(catalog=catalog, acting_user=reviewer)
    assert refused.value.error_dict["confidentiality_result"][0].code == "confidentiality_check_required"
    with pytest.raises(ValidationError):
        services.catalog_publish(catalog=catalog, acting_user=reviewer, confidentiality_result="passed_with_notes")
    services.catalog_publish(
        catalog=catalog, acting_user=reviewer, confidentiality_result="passed_with_notes", notes="第3项删去个人姓名"
    )
    entry = AuditLogEntry.objects.filter(action="catalogs.catalog.publish").latest("id")
    assert entry.user == reviewer
    assert entry.data["confidentiality_check"] == {"result": "passed_with_notes", "notes": "第3项删去个人姓名"}
