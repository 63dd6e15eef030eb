"""RSS 2.0 and Atom feeds of published records, per bureau and per catalog item."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from gongkai.catalogs.models import CatalogItem
from gongkai.organizations.models import Bureau

from . import selectors

FEED_SIZE = 50


class _StableDate:
    """A feed with no entry yet is dated with its bureau's creation, not "now" (Django's default): the same
    feed gives the same bytes, so the static publisher can write it (docs/publishing.md)."""

    def latest_post_date(self):
        if not self.items and self.feed.get("empty_since") is not None:
            return self.feed["empty_since"]
        return super().latest_post_date()


class StableRssFeed(_StableDate, Rss201rev2Feed):
    pass


class StableAtomFeed(_StableDate, Atom1Feed):
    pass


class _RecordFeed(Feed):
    feed_type = StableRssFeed

    def bureau_of(self, obj):
        return obj

    def feed_extra_kwargs(self, obj):
        return {"empty_since": self.bureau_of(obj).created_at}

    def items(self, obj):
        qs = selectors.record_list_public(**self.filter_kwargs(obj)).select_related("bureau")
        return list(
            qs.defer(None).only("uuid", "title", "summary", "body", "published_at", "index_number", "bureau__name")[
                :FEED_SIZE
            ]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        text = item.summary or strip_tags(item.body or "")
        return Truncator(text).chars(300)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"urn:uuid:{item.uuid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.bureau.name

    def item_categories(self, item):
        return [item.index_number] if item.index_number else []


class BureauFeed(_RecordFeed):
    def get_object(self, request, code):
        try:
            return selectors.bureau_get_public(code)
        except Bureau.DoesNotExist as exc:
            raise Http404 from exc

    def filter_kwargs(self, obj):
        return {"bureau": obj}

    def title(self, obj):
        return _("Records published by %(bureau)s") % {"bureau": obj.name}

    def link(self, obj):
        from django.urls import reverse

        return reverse("records:bureau_records", kwargs={"code": obj.code})

    def description(self, obj):
        return _("The latest records proactively disclosed by %(bureau)s.") % {"bureau": obj.name}


class BureauAtomFeed(BureauFeed):
    feed_type = StableAtomFeed
    subtitle = BureauFeed.description


class ItemFeed(_RecordFeed):
    def get_object(self, request, code, key):
        try:
            bureau = selectors.bureau_get_public(code)
            return selectors.catalog_item_get_public(bureau, key)
        except (Bureau.DoesNotExist, CatalogItem.DoesNotExist) as exc:
            raise Http404 from exc

    def filter_kwargs(self, obj):
        return {"catalog_item": obj}

    def bureau_of(self, obj):
        return obj.catalog.bureau

    def title(self, obj):
        return f"{obj.catalog.bureau.name} · {obj}"

    def link(self, obj):
        from django.urls import reverse

        return reverse("records:item_records", kwargs={"code": obj.catalog.bureau.code, "key": obj.key})

    def description(self, obj):
        return _("The latest records published under the catalog item %(item)s.") % {"item": str(obj)}


class ItemAtomFeed(ItemFeed):
    feed_type = StableAtomFeed
    subtitle = ItemFeed.description
