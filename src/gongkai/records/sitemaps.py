"""Sitemaps: every published record, and each bureau's record list. Served as an index at /sitemap.xml."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.organizations.models import Bureau

from .models import Record


class RecordSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 10000
    i18n = False

    def items(self):
        return Record.objects.published().only("uuid", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class BureauRecordsSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return list(Bureau.objects.disclosing().order_by("sort_order", "code").values_list("code", flat=True))

    def location(self, item):
        return reverse("records:bureau_records", kwargs={"code": item})


SITEMAPS = {"records": RecordSitemap, "bureaus": BureauRecordsSitemap}
