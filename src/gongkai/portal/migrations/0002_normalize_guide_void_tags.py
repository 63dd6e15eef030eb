"""Rewrite `<br>`/`<hr>` as `<br/>`/`<hr/>` in stored guides and their revisions.

Wagtail's Draftail converter cannot open rich text with unclosed void elements, so guides
saved before `DisclosureGuide.normalize_richtext` existed (demo data, API) broke the admin edit view.
"""

import re

from django.db import migrations

VOID_TAG = re.compile(r"<(br|hr)\s*>", re.IGNORECASE)
FIELDS = ("body", "rules_text")


def _fix(html):
    return VOID_TAG.sub(lambda m: f"<{m.group(1).lower()}/>", html or "")


def forward(apps, schema_editor):
    DisclosureGuide = apps.get_model("portal", "DisclosureGuide")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for guide in DisclosureGuide.objects.all():
        changed = [f for f in FIELDS if _fix(getattr(guide, f)) != getattr(guide, f)]
        for field in changed:
            setattr(guide, field, _fix(getattr(guide, field)))
        if changed:
            guide.save(update_fields=changed)
    content_type = ContentType.objects.filter(app_label="portal", model="disclosureguide").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(base_content_type=content_type).only("pk", "content"):
        content = dict(revision.content or {})
        fixed = {f: _fix(content[f]) for f in FIELDS if isinstance(content.get(f), str)}
        if any(fixed[f] != content[f] for f in fixed):
            content.update(fixed)
            Revision.objects.filter(pk=revision.pk).update(content=content)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
