"""Static publishing: the public portal rendered to files, kept current, served by nginx (issue 13).

The publisher renders every page that shows no per-visitor data into a tree whose paths are the
portal's URLs; the worker re-renders exactly the pages a change touches; targets copy the tree to
the internet-facing web servers. See docs/publishing.md.
"""

from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = _("Static publishing")

    def ready(self):
        from gongkai.core.models import AuditLogEntry

        from .tasks import on_audit_saved, schedule_after_migrate

        post_save.connect(on_audit_saved, sender=AuditLogEntry, dispatch_uid="publishing.on_audit_saved")
        # The daily re-rendering of the pages that follow the calendar (dated.py): first run after migrate.
        post_migrate.connect(schedule_after_migrate, sender=self, dispatch_uid="publishing.daily")
