"""A bureau cannot change how it is supervised (issue 11 §2).

Structure (code, kind, parent, review office, active, identity): the security administrator, or the leader
in charge of a parent bureau for the units below it. Public profile: the bureau's staff propose, a reviewer
or leader of the same bureau who is none of the authors approves. Every change audited with before/after.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gongkai.accounts.permissions import FourEyesDenied
from gongkai.accounts.roles import Role
from gongkai.core.models import AuditLogEntry
from gongkai.organizations import services
from gongkai.organizations.models import Bureau, BureauKind, ProfileChangeStatus
from tests.factories import BureauFactory, ReviewOfficeFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_leader(city):
    return user_with_role(Role.LEADER, city, username="city-leader")


@pytest.fixture
def township(xiuwu):
    return BureauFactory(code="xiuwu-town", name="修武县某镇", kind=BureauKind.TOWNSHIP, parent=xiuwu)


def _last(action):
    return AuditLogEntry.objects.filter(action=action).order_by("-id").first()


STRUCTURE_CHANGES = {
    "review_office": lambda b: ReviewOfficeFactory(code="other-gov"),
    "parent": lambda b: None,
    "code": lambda b: "renamed",
    "is_active": lambda b: False,
    "kind": lambda b: BureauKind.TOWNSHIP,
}


@pytest.mark.parametrize("field", STRUCTURE_CHANGES)
@pytest.mark.parametrize("role", [Role.EDITOR, Role.REVIEWER, Role.LEADER, Role.SYSTEM_ADMIN, Role.CITY_SUPERVISOR])
def test_nobody_of_the_bureau_nor_sysadmin_changes_its_structure(people, xiuwu, role, field):
    before = Bureau.objects.get(pk=xiuwu.pk)
    with pytest.raises(PermissionDenied):
        services.bureau_update(acting_user=people[role], bureau=xiuwu, **{field: STRUCTURE_CHANGES[field](xiuwu)})
    assert getattr(Bureau.objects.get(pk=xiuwu.pk), field) == getattr(before, field)


def test_security_admin_changes_the_review_office_audited_with_before_and_after(people, xiuwu):
    other = ReviewOfficeFactory(code="other-gov")
    result = services.bureau_update(acting_user=people[Role.SECURITY_ADMIN], bureau=xiuwu, review_office=other)
    assert Bureau.objects.get(pk=xiuwu.pk).review_office == other
    entry = _last("organizations.bureau.changed")
    assert entry.data == {"changes": {"review_office": ["xiuwu-gov", "other-gov"]}}
    assert entry.user == people[Role.SECURITY_ADMIN] and entry.bureau_code == "xiuwu"
    assert result.proposal is None


def test_city_leader_changes_the_structure_of_a_county_not_of_the_city(city, xiuwu, wenxian, city_leader):
    services.bureau_update(acting_user=city_leader, bureau=xiuwu, is_active=False, code="xiuwu2")
    xiuwu.refresh_from_db()
    assert (xiuwu.is_active, xiuwu.code) == (False, "xiuwu2")
    with pytest.raises(PermissionDenied):
        services.bureau_update(acting_user=city_leader, bureau=city, code="city2")


def test_city_leader_keeps_a_moved_unit_inside_the_city(city, xiuwu, wenxian, township, city_leader):
    services.bureau_update(acting_user=city_leader, bureau=township, parent=wenxian)
    assert Bureau.objects.get(pk=township.pk).parent == wenxian
    elsewhere = BureauFactory(code="othercity", kind=BureauKind.CITY, parent=None, name="别的市应急管理局")
    with pytest.raises(ValidationError) as error:
        services.bureau_update(acting_user=city_leader, bureau=xiuwu, parent=elsewhere)
    assert error.value.error_dict["parent"][0].code == "parent_out_of_reach"


def test_county_leader_cannot_move_itself_out_of_the_city(people, xiuwu, township):
    with pytest.raises(PermissionDenied):
        services.bureau_update(acting_user=people[Role.LEADER], bureau=xiuwu, parent=None)
    # …but the county leads its own township units (the parent for its children).
    services.bureau_update(acting_user=people[Role.LEADER], bureau=township, short_name="某镇")
    assert Bureau.objects.get(pk=township.pk).short_name == "某镇"


def test_editor_change_to_the_public_profile_waits_for_a_second_person(people, xiuwu):
    editor, reviewer = people[Role.EDITOR], people[Role.REVIEWER]
    result = services.bureau_update(acting_user=editor, bureau=xiuwu, phone="0391-1234567")
    assert Bureau.objects.get(pk=xiuwu.pk).phone == "0391-0000000"  # not public yet
    proposal = result.proposal
    assert proposal.status == ProfileChangeStatus.PENDING
    assert _last("organizations.profile_change.proposed").data["changes"] == {"phone": ["0391-0000000", "0391-1234567"]}
    services.profile_change_approve(acting_user=reviewer, change=proposal)
    assert Bureau.objects.get(pk=xiuwu.pk).phone == "0391-1234567"
    entry = _last("organizations.profile_change.approved")
    assert entry.data["changes"] == {"phone": ["0391-0000000", "0391-1234567"]}
    assert entry.user == reviewer


def test_the_author_never_approves_their_own_profile_change(people, xiuwu):
    leader = people[Role.LEADER]
    proposal = services.bureau_update(acting_user=leader, bureau=xiuwu, office_hours="全天").proposal
    with pytest.raises(FourEyesDenied):
        services.profile_change_approve(acting_user=leader, change=proposal)
    # A later edit by another person carries the first author along: neither approves.
    reviewer = people[Role.REVIEWER]
    second = user_with_role(Role.EDITOR, xiuwu, username="second-editor")
    carried = services.bureau_update(acting_user=second, bureau=xiuwu, fax="0391-7654321").proposal
    assert carried.changes.keys() == {"office_hours", "fax"}
    assert Bureau.objects.get(pk=xiuwu.pk).office_hours != "全天"
    with pytest.raises(FourEyesDenied):
        services.profile_change_approve(acting_user=leader, change=carried)
    services.profile_change_approve(acting_user=reviewer, change=carried)
    assert Bureau.objects.get(pk=xiuwu.pk).office_hours == "全天"


def test_approver_of_another_bureau_cannot_approve(people, xiuwu, wenxian):
    proposal = services.bureau_update(acting_user=people["wenxian_editor"], bureau=wenxian, phone="1").proposal
    with pytest.raises(FourEyesDenied):
        services.profile_change_approve(acting_user=people[Role.REVIEWER], change=proposal)


def test_security_admin_cannot_change_the_public_profile(people, xiuwu):
    with pytest.raises(PermissionDenied):
        services.bureau_update(acting_user=people[Role.SECURITY_ADMIN], bureau=xiuwu, phone="0391-1")


def _form_post_data(form):
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    return data


def _edit(client, user, bureau, **changes):
    client.force_login(user)
    url = reverse("wagtailsnippets_organizations_bureau:edit", args=(bureau.pk,))
    form = client.get(url).context["form"]
    return form, client.post(url, {**_form_post_data(form), **changes})


def test_editor_edit_form_shows_only_public_fields_and_posted_structure_is_ignored(people, xiuwu):
    form, response = _edit(
        Client(), people[Role.EDITOR], xiuwu, phone="0391-5555555", code="hacked", is_active="", parent=""
    )
    assert set(form.fields) == set(services.PUBLIC_FIELDS)
    assert response.status_code == 302
    stored = Bureau.objects.get(pk=xiuwu.pk)
    assert (stored.code, stored.is_active, stored.parent_id) == ("xiuwu", True, xiuwu.parent_id)
    assert stored.phone == "0391-0000000"
    assert stored.profile_changes.get(status="pending").changes == {"phone": ["0391-0000000", "0391-5555555"]}


def test_security_admin_edit_form_shows_only_structure_fields(people, xiuwu):
    other = ReviewOfficeFactory(code="other-gov")
    form, response = _edit(Client(), people[Role.SECURITY_ADMIN], xiuwu, review_office=str(other.pk))
    assert set(form.fields) == set(services.STRUCTURE_FIELDS)
    assert response.status_code == 302
    assert Bureau.objects.get(pk=xiuwu.pk).review_office == other
    assert _last("organizations.bureau.changed").data["changes"] == {"review_office": ["xiuwu-gov", "other-gov"]}


def test_reviewer_approves_on_the_profile_changes_screen(people, xiuwu):
    proposal = services.bureau_update(acting_user=people[Role.EDITOR], bureau=xiuwu, email="a@example.cn").proposal
    client = Client()
    client.force_login(people[Role.REVIEWER])
    url = reverse("organizations_profile_changes")
    assert b"a@example.cn" in client.get(url).content
    client.post(url, {"change": proposal.pk, "decision": "approve"})
    assert Bureau.objects.get(pk=xiuwu.pk).email == "a@example.cn"


def test_bureau_history_is_not_readable_by_the_system_administrator(people, xiuwu):
    client = Client()
    client.force_login(people[Role.SYSTEM_ADMIN])
    response = client.get(reverse("wagtailsnippets_organizations_bureau:history", args=(xiuwu.pk,)))
    assert response.status_code == 403  # history screens are audit data (accounts.middleware)


def test_rejected_proposal_never_becomes_public_and_is_audited(people, xiuwu):
    proposal = services.bureau_update(acting_user=people[Role.EDITOR], bureau=xiuwu, phone="0391-2").proposal
    services.profile_change_reject(acting_user=people[Role.LEADER], change=proposal, note="号码有误")
    assert Bureau.objects.get(pk=xiuwu.pk).phone == "0391-0000000"
    assert _last("organizations.profile_change.rejected").data["note"] == "号码有误"
    with pytest.raises(ValidationError):
        services.profile_change_approve(acting_user=people[Role.REVIEWER], change=proposal)


def test_setting_the_proposed_values_back_withdraws_the_proposal(people, xiuwu):
    editor = people[Role.EDITOR]
    services.bureau_update(acting_user=editor, bureau=xiuwu, phone="0391-2")
    assert services.bureau_update(acting_user=editor, bureau=xiuwu, phone="0391-0000000").proposal is None
    assert not xiuwu.profile_changes.filter(status=ProfileChangeStatus.PENDING).exists()


def test_approval_screen_offers_no_approval_to_the_author(people, xiuwu):
    leader = people[Role.LEADER]
    proposal = services.bureau_update(acting_user=leader, bureau=xiuwu, phone="0391-3").proposal
    client = Client()
    client.force_login(leader)
    url = reverse("organizations_profile_changes")
    page = client.get(url).content.decode()
    assert 'value="approve"' not in page
    client.post(url, {"change": proposal.pk, "decision": "approve"})
    assert Bureau.objects.get(pk=xiuwu.pk).phone == "0391-0000000"


def test_editor_edit_form_shows_the_pending_proposal_with_a_warning(people, xiuwu):
    client = Client()
    _edit(client, people[Role.EDITOR], xiuwu, phone="0391-5555555")
    response = client.get(reverse("wagtailsnippets_organizations_bureau:edit", args=(xiuwu.pk,)))
    assert response.context["form"]["phone"].value() == "0391-5555555"
    assert "warning" in [m.level_tag for m in response.context["messages"]]
