"""The State Council's inspection thresholds (国办秘函〔2019〕19号; reference §1.2 and §8) as editable rows."""

from django.db import migrations

RULES = [
    # code, label, window days, warn at, veto at
    ("W-V3", "首页不更新：监测时间点前2周内首页无新增信息", 14, 10, 14),
    ("W-V4a", "动态要闻栏目2周、通知公告和政策文件栏目6个月未更新的栏目数", None, 3, 5),
    ("W-V4b", "应更新但长期未更新的栏目数", None, 5, 10),
    ("W-V4c", "空白栏目数", None, 1, 5),
    ("D-1", "政策文件类栏目6个月内未更新（扣5分）", 182, 150, 182),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("supervision", "SelfCheckRule")
    for code, label, window, warn, veto in RULES:
        Rule.objects.get_or_create(
            code=code, defaults={"label": label, "window_days": window, "warn_at": warn, "veto_at": veto}
        )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
