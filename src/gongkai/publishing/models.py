"""The publisher's dependency map: every file it wrote, with its checksum and what the page shows.

`PublishedPage` is one URL in one language as written to the tree (its file, status 200 or 410, the
SHA-256 of the bytes, when); `PageDependency` lists the keys a change must name to re-render it (see
`pages`: `bureau:<code>`, `records:<code>`, `item:<pk>`, `record:<pk>`, ...). The map is what makes a
change re-render only the pages that show it, and what `publish_site --check` compares against.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedPage(models.Model):
    url = models.CharField(_("URL path"), max_length=400, unique=True)
    file = models.CharField(_("file"), max_length=400)
    status = models.PositiveSmallIntegerField(_("HTTP status"), default=200)
    content_type = models.CharField(_("content type"), max_length=120)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    bureau_code = models.CharField(_("bureau"), max_length=64, blank=True, db_index=True)
    rendered_at = models.DateTimeField(_("rendered at"))

    class Meta:
        verbose_name = _("published page")
        verbose_name_plural = _("published pages")

    def __str__(self):
        return self.url


class PageDependency(models.Model):
    page = models.ForeignKey(PublishedPage, on_delete=models.CASCADE, related_name="dependencies")
    key = models.CharField(_("key"), max_length=100, db_index=True)

    class Meta:
        verbose_name = _("page dependency")
        verbose_name_plural = _("page dependencies")
        constraints = [models.UniqueConstraint(fields=["page", "key"], name="publishing_dependency_unique")]

    def __str__(self):
        return f"{self.page_id} → {self.key}"
