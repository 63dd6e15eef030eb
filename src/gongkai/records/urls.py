"""Public record URLs (inside i18n_patterns; the default language has no prefix)."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import feeds, views
from .sitemaps import SITEMAPS

app_name = "records"

urlpatterns = [
    path("records/<uuid:uuid>/", views.record_detail, name="detail"),
    path("records/<uuid:uuid>/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("b/<slug:code>/records/", views.bureau_records, name="bureau_records"),
    path("b/<slug:code>/records/rss/", feeds.BureauFeed(), name="bureau_feed_rss"),
    path("b/<slug:code>/records/atom/", feeds.BureauAtomFeed(), name="bureau_feed_atom"),
    path("b/<slug:code>/items/<uuid:key>/records/", views.item_records, name="item_records"),
    path("b/<slug:code>/items/<uuid:key>/records/rss/", feeds.ItemFeed(), name="item_feed_rss"),
    path("b/<slug:code>/items/<uuid:key>/records/atom/", feeds.ItemAtomFeed(), name="item_feed_atom"),
    path("search/", views.search, name="search"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "records:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]
