"""The approval chain of new-media applications: bureau leader → county government office → city; an
account appears, changes or disappears only when its application is approved at every step."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from gongkai.core.models import AuditLogEntry
from gongkai.new_media import selectors, services
from gongkai.new_media.models import AccountStatus, NewMediaAccount

from .factories import ACCOUNT, approve_all, open_account

pytestmark = pytest.mark.django_db


def submit_open(bureau, editor, **fields):
    return services.application_submit(
        bureau=bureau, kind="open", fields={**ACCOUNT, **fields}, reason="发布预警信息", acting_user=editor
    )


def test_an_open_application_reaches_the_registry_only_after_the_last_step(xiuwu, editor, chain):
    application = submit_open(xiuwu, editor)
    assert application.stages == ["bureau", "review_office", "city"]
    services.application_decide(application, acting_user=chain["leader"], approve=True, confidentiality_result="passed")
    services.application_decide(application, acting_user=chain["gov_reviewer"], approve=True, opinion="同意")
    application.refresh_from_db()
    assert application.stage == "city" and not selectors.accounts_public().exists()
    services.application_decide(application, acting_user=chain["supervisor"], approve=True, opinion="同意备案")
    application.refresh_from_db()
    assert application.status == "approved"
    account = selectors.accounts_public().get()
    assert (account.name, account.handle, account.bureau) == ("修武应急", "xiuwu_yingji", xiuwu)
    steps = list(application.steps.values_list("stage", "decision", "decided_by", "opinion"))
    assert steps == [
        ("bureau", "approved", chain["leader"].pk, ""),
        ("review_office", "approved", chain["gov_reviewer"].pk, "同意"),
        ("city", "approved", chain["supervisor"].pk, "同意备案"),
    ]
    events = list(AuditLogEntry.objects.filter(action__startswith="new_media.").values_list("action", flat=True))
    assert events.count("new_media.application.approved") == 3 and "new_media.account.opened" in events


@override_settings(GONGKAI={**__import__("django.conf").conf.settings.GONGKAI, "NEW_MEDIA_CITY_APPROVAL": False})
def test_without_the_city_step_the_review_office_approves_last(xiuwu, editor, chain):
    application = submit_open(xiuwu, editor)
    assert application.stages == ["bureau", "review_office"]
    approve_all(application, **chain)
    assert application.status == "approved" and application.account.status == AccountStatus.ACTIVE


def test_a_denial_at_any_step_ends_the_application_with_its_opinion(xiuwu, editor, chain):
    application = submit_open(xiuwu, editor)
    services.application_decide(application, acting_user=chain["leader"], approve=True, confidentiality_result="passed")
    with pytest.raises(ValidationError):
        services.application_decide(application, acting_user=chain["gov_reviewer"], approve=False)
    services.application_decide(application, acting_user=chain["gov_reviewer"], approve=False, opinion="名称不规范")
    application.refresh_from_db()
    assert application.status == "denied" and application.steps.last().opinion == "名称不规范"
    assert not NewMediaAccount.objects.exists()
    assert AuditLogEntry.objects.filter(action="new_media.application.denied").exists()
    with pytest.raises(ValidationError):
        services.application_decide(application, acting_user=chain["supervisor"], approve=True)


def test_the_applicant_never_approves_the_bureau_step(xiuwu, leader, chain):
    application = submit_open(xiuwu, leader)
    with pytest.raises(PermissionDenied):
        services.application_decide(application, acting_user=leader, approve=True, confidentiality_result="passed")


def test_the_bureau_step_records_the_confidentiality_check(xiuwu, editor, leader):
    application = submit_open(xiuwu, editor)
    with pytest.raises(ValidationError):
        services.application_decide(application, acting_user=leader, approve=True)


def test_each_step_belongs_to_its_role_and_reach(xiuwu, wenxian, editor, reviewer, chain, wenxian_editor):
    application = submit_open(xiuwu, editor)
    for person in (editor, reviewer, chain["gov_reviewer"], chain["supervisor"]):
        with pytest.raises(PermissionDenied):
            services.application_decide(application, acting_user=person, approve=True, confidentiality_result="passed")
    services.application_decide(application, acting_user=chain["leader"], approve=True, confidentiality_result="passed")
    with pytest.raises(PermissionDenied):
        services.application_decide(application, acting_user=chain["leader"], approve=True)
    with pytest.raises(PermissionDenied):
        services.application_submit(bureau=xiuwu, kind="open", fields=ACCOUNT, reason="x", acting_user=wenxian_editor)


def test_a_change_and_a_closure_take_effect_only_when_approved(xiuwu, editor, chain):
    account = open_account(bureau=xiuwu, editor=editor, **chain)
    change = services.application_submit(
        bureau=xiuwu,
        kind="change",
        account=account,
        fields={"name": "修武县应急管理"},
        reason="统一名称",
        acting_user=editor,
    )
    with pytest.raises(ValidationError):  # one application per account at a time
        services.application_submit(bureau=xiuwu, kind="close", account=account, reason="停用", acting_user=editor)
    account.refresh_from_db()
    assert account.name == "修武应急"
    approve_all(change, **chain)
    account.refresh_from_db()
    assert account.name == "修武县应急管理" and account.changed_on is not None
    close = services.application_submit(
        bureau=xiuwu,
        kind="close",
        account=account,
        reason="整合至市局账号",
        acting_user=editor,
        effective_on=dt.date(2026, 12, 1),
    )
    assert selectors.accounts_public().exists()
    approve_all(close, **chain)
    account.refresh_from_db()
    assert account.status == "closed" and account.closed_on == dt.date(2026, 12, 1)
    assert not selectors.accounts_public().exists()


def test_an_application_is_refused_when_it_is_incomplete_duplicate_or_carries_personal_data(xiuwu, editor, chain):
    with pytest.raises(ValidationError):
        submit_open(xiuwu, editor, name="")
    with pytest.raises(ValidationError) as caught:
        submit_open(xiuwu, editor, name="联系13812345678")
    assert caught.value.code == "pii_found"
    open_account(bureau=xiuwu, editor=editor, **chain)
    with pytest.raises(ValidationError):
        submit_open(xiuwu, editor)


def test_the_waiting_list_shows_each_person_what_they_decide(xiuwu, editor, chain):
    application = submit_open(xiuwu, editor)
    assert list(selectors.applications_waiting_for(chain["leader"])) == [application]
    assert not selectors.applications_waiting_for(chain["gov_reviewer"]).exists()
    services.application_decide(application, acting_user=chain["leader"], approve=True, confidentiality_result="passed")
    assert list(selectors.applications_waiting_for(chain["gov_reviewer"])) == [application]
