"""Every rule of the self-inspection on constructed data: the single vetoes (serious errors, site
unreachable, columns not updated, empty columns, messages unanswered, new media silent), the deductions
(stale columns, broken links, metadata) with their caps, and the verdict."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from gongkai.records.models import Record
from gongkai.site_inspection import providers, services
from gongkai.site_inspection.models import InspectionRule
from gongkai.site_inspection.scoring import Finding, verdict
from tests.new_media.factories import open_account
from tests.records.factories import published_item, published_record

pytestmark = pytest.mark.django_db

PERIODIC = {
    "time_limit_text": "半年至少更新1次",
    "time_limit_rule": {"kind": "periodic", "months": 6, "min_updates": 1},
}


def inspect(bureau, now=None):
    (result,) = services.run_inspection(bureaus=[bureau], now=now)
    return result


def real(result):
    return [f for f in result.findings if f["severity"] != "warning"]


def rules_of(result):
    return sorted({f["rule"] for f in result.findings if f["severity"] != "warning"})


def test_a_bureau_with_current_columns_passes_with_the_full_score(xiuwu, editor, reviewer):
    published_record(editor, reviewer, published_item(xiuwu))
    result = inspect(xiuwu)
    assert (result.verdict, result.score, rules_of(result)) == ("合格", Decimal(100), [])


def test_columns_past_their_update_limit_are_deducted_then_veto_from_five(xiuwu, editor, reviewer):
    items = [published_item(xiuwu, level2=f"栏目{n}", **PERIODIC) for n in range(5)]
    for item in items[:2]:
        published_record(editor, reviewer, item)
    later = timezone.now() + dt.timedelta(days=400)
    InspectionRule.objects.filter(code="W-V4a").update(threshold=6)
    result = inspect(xiuwu, now=later)
    assert rules_of(result) == ["D-STALE"] and result.verdict == "合格"
    assert result.score == Decimal(90)  # 5 columns × 2 points, at most 10
    InspectionRule.objects.filter(code="W-V4a").update(threshold=5)
    result = inspect(xiuwu, now=later)
    assert rules_of(result) == ["W-V4a"] and result.verdict == "不合格"
    assert len(real(result)) == 5 and all(f["where"].startswith("/b/xiuwu/items/") for f in real(result))


def test_five_empty_columns_veto_once_the_catalog_is_a_month_old(xiuwu):
    for n in range(5):
        published_item(xiuwu, level2=f"空栏目{n}", **PERIODIC)
    published_item(xiuwu, level2="事件栏目", time_limit_rule={"kind": "working_days_after_event", "days": 20})
    assert rules_of(inspect(xiuwu)) == []
    result = inspect(xiuwu, now=timezone.now() + dt.timedelta(days=40))
    assert rules_of(result) == ["W-V4c"] and len(real(result)) == 5


def test_a_message_unanswered_beyond_three_months_vetoes(xiuwu):
    asked = []

    def provider(bureau, days):
        asked.append(days)
        return [("inquiry ZX-1", "2026-08-01")] if bureau == xiuwu else []

    providers.register_unanswered_provider(provider)
    try:
        result = inspect(xiuwu)
    finally:
        providers.register_unanswered_provider(None)
    assert asked == [90] and rules_of(result) == ["W-V5b"] and result.verdict == "不合格"
    assert real(result)[0]["where"] == "inquiry ZX-1"


def test_without_a_message_system_the_rule_finds_nothing(xiuwu):
    assert providers.unanswered(xiuwu, 90) in (None, [])


def test_a_new_media_account_silent_for_two_weeks_vetoes(xiuwu, editor, leader, gov_reviewer, supervisor):
    account = open_account(bureau=xiuwu, editor=editor, leader=leader, gov_reviewer=gov_reviewer, supervisor=supervisor)
    assert rules_of(inspect(xiuwu)) == []
    result = inspect(xiuwu, now=timezone.now() + dt.timedelta(days=15))
    assert rules_of(result) == ["N-V2"] and account.name in real(result)[0]["where"]


def test_serious_wording_errors_and_forged_dates_veto(xiuwu, editor, reviewer):
    item = published_item(xiuwu)
    published_record(editor, reviewer, item, title="中国人民共和国安全生产法宣传周")
    forged = published_record(editor, reviewer, item, title="正常标题")
    Record.objects.filter(pk=forged.pk).update(date_written=timezone.localdate() + dt.timedelta(days=3))
    result = inspect(xiuwu)
    assert rules_of(result) == ["W-V1"] and len(real(result)) == 2


def test_records_without_an_index_number_are_deducted(xiuwu, editor, reviewer):
    record = published_record(editor, reviewer, published_item(xiuwu))
    Record.objects.filter(pk=record.pk).update(index_number="")
    result = inspect(xiuwu)
    assert rules_of(result) == ["D-META"] and result.score == Decimal(99)
    assert real(result)[0]["where"] == f"/records/{record.uuid}/"


def write(root, path, html=""):
    target = root / path.lstrip("/") / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"<!DOCTYPE html><html><body>{html}</body></html>", encoding="utf-8")


def test_broken_links_in_the_published_tree_are_deducted_and_a_missing_home_vetoes(
    settings, xiuwu, wenxian, editor, reviewer
):
    root = settings.PUBLISH_ROOT
    record = published_record(editor, reviewer, published_item(xiuwu))
    gone = published_record(editor, reviewer, published_item(xiuwu), title="已撤回")
    Record.objects.filter(pk=gone.pk).update(status="withdrawn")
    write(root, "/")
    links = [
        "/b/xiuwu/",
        "/en/b/xiuwu/",
        "/b/xiuwu/foi/apply/",
        "/foi/track/",
        f"/records/{record.uuid}/",
        "https://example.gov.cn/",
        "/static/portal/site.css",
        f"/records/{gone.uuid}/",
        "/b/nowhere/",
        "/no/such/page/",
        "/en/no/such/page/",
    ]
    write(root, "/b/xiuwu/", "".join(f'<a href="{href}?page=2">x</a>' for href in links))
    result = inspect(xiuwu)
    broken = sorted(f["detail"].split("：", 1)[-1].split(": ", 1)[-1] for f in result.findings if f["rule"] == "D-LINK")
    assert broken == sorted(["/b/nowhere/", "/no/such/page/", "/en/no/such/page/", f"/records/{gone.uuid}/"])
    assert result.score == Decimal(96) and result.verdict == "合格"
    assert rules_of(inspect(wenxian)) == ["W-V2"]


def test_without_a_published_tree_the_home_page_is_rendered_and_links_are_not_checked(xiuwu):
    result = inspect(xiuwu)
    assert [f["severity"] for f in result.findings] == ["warning"]


def test_a_disabled_rule_is_not_checked(xiuwu, editor, reviewer):
    record = published_record(editor, reviewer, published_item(xiuwu))
    Record.objects.filter(pk=record.pk).update(index_number="")
    InspectionRule.objects.filter(code="D-META").update(enabled=False)
    assert rules_of(inspect(xiuwu)) == []


def test_the_verdict_fails_on_any_veto_or_below_the_pass_mark():
    veto = Finding("W-V2", "veto", "/", "down")
    assert verdict([veto], {}, Decimal(60)) == ("不合格", Decimal(100))
    many = [Finding("D-LINK", "deduction", "/", "x", Decimal(5)) for _ in range(20)]
    assert verdict(many, {"D-LINK": Decimal(10)}, Decimal(60)) == ("合格", Decimal(90))
    assert verdict(many, {}, Decimal(60)) == ("不合格", Decimal(0))


def test_a_column_with_nothing_new_for_six_months_is_stale(xiuwu, editor, reviewer):
    old = published_record(editor, reviewer, published_item(xiuwu, level2="行政处罚"))
    published_record(editor, reviewer, published_item(xiuwu, level2="行政许可"))
    Record.objects.filter(pk=old.pk).update(published_at=timezone.now() - dt.timedelta(days=200))
    result = inspect(xiuwu)
    assert rules_of(result) == ["D-STALE"] and result.score == Decimal(98)
    assert "行政处罚" in real(result)[0]["detail"]
