from io import StringIO

import pytest
from django.db.models import Count, Max, Min

from gongkai.accounts.models import User
from gongkai.accounts.roles import Role
from gongkai.catalogs.models import Catalog
from gongkai.core.models import AuditLogEntry
from gongkai.demo import records as demo
from gongkai.records import monitoring
from gongkai.records.constants import Genre, RecordStatus
from gongkai.records.models import IndexCounter, Record, SystemToken
from gongkai.records.screening import screen_record
from tests.factories import user_with_role
from tests.records.factories import CatalogItemFactory, published_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(xiuwu, wenxian, monkeypatch):
    monkeypatch.setattr(demo, "RECORDS_PER_YEAR", 12)
    monkeypatch.setattr(demo, "FIRST_YEAR", 2024)
    for level2 in ("行政处罚", "其他政策文件", "行政检查", "自然灾害生活救助"):
        published_item(xiuwu, level2=level2)
    published_item(xiuwu, level1="政策文件", level2="重大政策解读")
    # 温县: a catalog never published, so it is skipped.
    CatalogItemFactory(catalog=Catalog.objects.create(bureau=wenxian))
    user_with_role(Role.LEADER, xiuwu, username="xiuwu-leader")
    user_with_role(Role.EDITOR, xiuwu, username="xiuwu-editor")
    user_with_role(Role.REVIEWER, xiuwu, username="xiuwu-reviewer")
    return xiuwu


def test_demo_loads_records_pairs_withdrawals_and_overdue_items(demo_world, wenxian):
    out = StringIO()
    demo.load_demo(stdout=out)
    records = Record.objects.filter(bureau=demo_world)
    assert records.filter(status=RecordStatus.PUBLISHED).count() > 30
    assert not Record.objects.filter(bureau=wenxian).exists()
    # Gapless index numbers per bureau and year, matching the counters.
    for row in (
        records.exclude(index_sequence=None)
        .values("index_year")
        .annotate(n=Count("pk"), lo=Min("index_sequence"), hi=Max("index_sequence"))
    ):
        assert (row["lo"], row["hi"]) == (1, row["n"])
        assert IndexCounter.objects.get(bureau=demo_world, year=row["index_year"]).last_sequence == row["n"]
    # Every policy requiring an interpretation has one, published with it.
    for policy in records.filter(requires_interpretation=True, status=RecordStatus.PUBLISHED):
        interpretation = policy.interpretations.get()
        assert interpretation.genre == Genre.INTERPRETATION and interpretation.published_at == policy.published_at
    assert records.filter(status=RecordStatus.WITHDRAWN).exclude(withdrawal_reason="").exists()
    assert any(e.status == "overdue" for e in monitoring.bureau_due(demo_world))
    assert all(not screen_record(r, attachments=[]) for r in records[:200])
    assert SystemToken.objects.filter(bureau=demo_world).count() == 1
    assert "gk_" in out.getvalue()


def test_demo_writes_recent_records_pending_work_and_withdrawals_through_the_services(demo_world):
    demo.load_demo(stdout=StringIO())
    records = Record.objects.filter(bureau=demo_world)
    editor, reviewer = (User.objects.get(username=f"xiuwu-{role}") for role in ("editor", "reviewer"))
    # The most recent records: written by the editor, approved by another person with the confidentiality
    # check, published by the services (index numbers continue the history's, gapless).
    recent = records.filter(created_by=editor, status=RecordStatus.PUBLISHED)
    assert recent.exists() and all(r.approved_by == reviewer for r in recent)
    approved = AuditLogEntry.objects.filter(action="records.record.approved", object_id__in=[str(r.pk) for r in recent])
    assert {e.data["confidentiality_result"] for e in approved} == {"passed"}
    assert records.filter(status=RecordStatus.SCHEDULED, created_by=editor).count() == 1
    assert records.filter(status=RecordStatus.DRAFT, created_by=editor).count() == 2
    assert records.filter(status=RecordStatus.IN_REVIEW, submitted_by=editor).count() == 2
    withdrawn = records.filter(status=RecordStatus.WITHDRAWN)
    assert withdrawn.count() == 2
    assert (
        AuditLogEntry.objects.filter(
            action="records.record.withdrawn", object_id__in=[str(r.pk) for r in withdrawn]
        ).count()
        == 2
    )


def test_demo_twice_changes_nothing(demo_world):
    demo.load_demo(stdout=StringIO())
    count = Record.objects.count()
    demo.load_demo(stdout=StringIO())
    assert Record.objects.count() == count
    assert SystemToken.objects.count() == 1


def test_demo_history_is_imported_through_the_history_service(demo_world):
    demo.load_demo(stdout=StringIO())
    (entry,) = AuditLogEntry.objects.filter(action="records.record.imported")
    assert entry.username == "system:command:load_demo" and entry.bureau_code == demo_world.code
    imported = Record.objects.filter(pk__in=entry.data["record_ids"])
    assert imported.count() == entry.data["imported"] > 30
    assert sum(entry.data["by_year"].values()) == entry.data["imported"]
    # Repealed and amended marks came with the rows (validity and successor), not by a later update.
    assert all(r.replaced_by.published_at > r.published_at for r in imported.exclude(replaced_by=None))
