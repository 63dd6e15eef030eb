"""Seed the inspection rules from the reference (site_inspection/seed.py, frozen here as data)."""

from django.db import migrations

from gongkai.site_inspection.seed import RULES


def seed(apps, schema_editor):
    Rule = apps.get_model("site_inspection", "InspectionRule")
    for position, row in enumerate(RULES):
        Rule.objects.get_or_create(code=row["code"], defaults={**row, "position": position})


class Migration(migrations.Migration):
    dependencies = [("site_inspection", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
