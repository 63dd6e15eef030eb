"""Every built-in indicator, computed from the data it reads."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.catalogs.models import Catalog, CatalogVersion
from gongkai.foi_requests.constants import Outcome, ReplyStatus, ReplyType, State
from gongkai.foi_requests.models import Reply
from gongkai.records import services as record_services
from gongkai.records.constants import Genre, InterpretationForm
from gongkai.supervision import indicators, services
from gongkai.supervision.models import ActivityKind, MilestoneKind
from tests.foi_requests.factories import FoiRequestFactory
from tests.records.factories import published_item, published_record

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


def value_of(code, bureau, year=YEAR):
    return indicators.get(code).values([bureau], year)[bureau.pk]


def test_catalog_status_scores_a_published_catalog_full_and_none_zero(xiuwu, wenxian):
    published_item(xiuwu)
    assert value_of("catalog_status", xiuwu).value == "published" and value_of("catalog_status", xiuwu).score == 1.0
    missing = value_of("catalog_status", wenxian)
    assert missing.value == "not_started" and missing.score == 0.0


def test_catalog_lateness_counts_missed_campaign_milestones(xiuwu, campaign):
    campaign.draft_due = TODAY - dt.timedelta(days=40)
    campaign.revision_due = TODAY - dt.timedelta(days=10)
    campaign.approval_due = TODAY + dt.timedelta(days=20)
    campaign.save()
    Catalog.objects.create(bureau=xiuwu, campaign=campaign)
    result = value_of("catalog_lateness", xiuwu)
    assert result.value == 2 and result.detail["late"] == ["draft", "revision"]
    assert result.score == pytest.approx(1 / 3)


def test_disclosure_timeliness_counts_records_on_time_and_overdue_pending(xiuwu, editor, reviewer):
    item = published_item(xiuwu)
    published_record(editor, reviewer, item, event_date=TODAY)
    assert value_of("disclosure_timeliness", xiuwu).score == 1.0
    record_services.record_create_draft(acting_user=editor, bureau=xiuwu, catalog_item=item, title="逾期",
                                        event_date=TODAY - dt.timedelta(days=90))  # fmt: skip
    result = value_of("disclosure_timeliness", xiuwu)
    assert result.value == 1.0 and result.score == 0.5 and result.detail["overdue_pending"] == 1


def test_disclosure_timeliness_without_anything_due_is_not_marked_down(wenxian):
    result = value_of("disclosure_timeliness", wenxian)
    assert result.value is None and result.score == 1.0


def _answered(bureau, user, *, due, replied):
    request = FoiRequestFactory(
        bureau=bureau, state=State.ANSWERED, due_on=due, received_on=due - dt.timedelta(days=28)
    )
    Reply.objects.create(request=request, reply_type=ReplyType.GRANTED, outcome=Outcome.R1_GRANTED, body="答复",
                         status=ReplyStatus.APPROVED, drafted_by=user, approved_by=user, replied_on=replied)  # fmt: skip


def test_foi_on_time_rate_is_the_share_of_replies_by_their_due_date(xiuwu, editor):
    day = dt.date(YEAR, 1, 20) if TODAY > dt.date(YEAR, 1, 25) else TODAY
    _answered(xiuwu, editor, due=day, replied=day)
    _answered(xiuwu, editor, due=day, replied=day + dt.timedelta(days=3))
    result = value_of("foi_on_time", xiuwu)
    assert result.value == 0.5 and result.score == 0.5 and result.detail["answered"] == 2


def _age_catalog(bureau, days):
    CatalogVersion.objects.filter(catalog__bureau=bureau).update(published_at=timezone.now() - dt.timedelta(days=days))


def test_stale_columns_are_periodic_items_not_updated_when_due(xiuwu):
    for _n in range(2):
        published_item(xiuwu, time_limit_text="半年至少更新1次",
                       time_limit_rule={"kind": "periodic", "months": 6, "min_updates": 1})  # fmt: skip
    _age_catalog(xiuwu, 400)
    result = value_of("stale_columns", xiuwu)
    assert result.value == 2
    assert result.score == pytest.approx(1 - 2 / 10)  # W-V4b: veto at 10
    assert result.detail == {"warning": False, "veto": False}


def test_empty_columns_are_published_items_without_records_against_the_editable_rule(
    xiuwu, editor, reviewer, supervisor
):
    from gongkai.supervision.models import SelfCheckRule

    filled = published_item(xiuwu)
    published_item(xiuwu)
    published_record(editor, reviewer, filled, event_date=TODAY)
    result = value_of("empty_columns", xiuwu)
    assert result.value == 1 and result.detail["columns"] == 2 and result.detail["warning"] is True
    services.rule_update(rule=SelfCheckRule.objects.get(code="W-V4c"), acting_user=supervisor, warn_at=1, veto_at=1)
    assert value_of("empty_columns", xiuwu).score == 0.0 and value_of("empty_columns", xiuwu).detail["veto"] is True


def test_work_plan_scores_on_time_late_and_missing(xiuwu, wenxian, editor, supervisor, campaign, tasks):
    due = TODAY - dt.timedelta(days=10)
    services.milestone_add(campaign=campaign, kind=MilestoneKind.WORK_PLAN, label="", due=due, acting_user=supervisor)
    plan = services.plan_save(bureau=xiuwu, year=due.year, title="方案", tasks=tasks, acting_user=editor)
    services.plan_submit(plan=plan, acting_user=editor, today=due + dt.timedelta(days=2))
    late = value_of("work_plan", xiuwu, due.year)
    assert late.score == 0.5 and late.value == (due + dt.timedelta(days=2)).isoformat()
    assert value_of("work_plan", wenxian, due.year).score == 0.0


def test_quarterly_reports_average_on_time_late_and_missing(xiuwu, editor, supervisor, campaign):
    year = YEAR - 1  # every quarter is due
    services.standard_milestones(campaign=campaign, year=year, work_plan_due=dt.date(year, 6, 28),
                                 completion_due=dt.date(year, 12, 31), acting_user=supervisor)  # fmt: skip
    for quarter, submitted in ((1, dt.date(year, 3, 30)), (2, dt.date(year, 7, 5))):
        report = services.report_save(bureau=xiuwu, year=year, quarter=quarter, progress="进展", acting_user=editor)
        services.report_submit(report=report, acting_user=editor, today=submitted)
    result = value_of("quarterly_reports", xiuwu, year)
    assert result.value == "1/4" and result.score == pytest.approx((1 + 0.5) / 4)


def test_leader_duties_count_interpretations_marked_as_given_by_the_leader(xiuwu, editor, reviewer):
    assert value_of("leader_duties", xiuwu).score == 0.0
    item = published_item(xiuwu)
    policy = published_record(editor, reviewer, item, title="举报奖励办法", is_policy=True, genre=Genre.REGULATION,
                              event_date=TODAY)  # fmt: skip
    published_record(editor, reviewer, item, title="举报奖励办法解读", genre=Genre.INTERPRETATION, interprets=policy,
                     interpretation_form=InterpretationForm.INTERVIEW, given_by_leader=True, event_date=TODAY)  # fmt: skip
    services.leader_activity_add(bureau=xiuwu, kind=ActivityKind.HEARING, on=TODAY, leader_name="测试领导",
                                 title="听取汇报", acting_user=editor)  # fmt: skip
    result = value_of("leader_duties", xiuwu)
    assert result.value == {"hearings": 1, "interpretations": 1} and result.score == 1.0
    assert result.detail["interpretations_in_records"] == 1


def test_only_an_interpretation_can_be_given_by_the_leader(xiuwu, editor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        record_services.record_create_draft(acting_user=editor, bureau=xiuwu, catalog_item=published_item(xiuwu),
                                            title="通知", given_by_leader=True)  # fmt: skip


def test_training_meets_the_minimum_with_one_session(xiuwu, editor):
    assert value_of("training", xiuwu).score == 0.0
    services.training_add(
        bureau=xiuwu, on=TODAY, title="业务培训", attendees=[("赵示例", "办公室")], acting_user=editor
    )
    assert value_of("training", xiuwu).value == 1 and value_of("training", xiuwu).score == 1.0


def test_rectification_is_the_share_of_findings_rectified_by_their_date(xiuwu, editor, supervisor, city):
    inspection = services.inspection_create(city=city, title="督查", on=dt.date(YEAR, 1, 1), acting_user=supervisor)
    on_time = services.finding_add(inspection=inspection, bureau=xiuwu, description="一", rectify_by=dt.date(YEAR, 1, 1),
                                   acting_user=supervisor)  # fmt: skip
    services.finding_add(inspection=inspection, bureau=xiuwu, description="二", rectify_by=dt.date(YEAR, 1, 1),
                         acting_user=supervisor)  # fmt: skip
    services.finding_rectify(finding=on_time, rectified_on=dt.date(YEAR, 1, 1), rectification="改", acting_user=editor)
    result = value_of("rectification", xiuwu)
    assert result.value == "1/2" and result.score == 0.5 and result.detail["open"] == 1
