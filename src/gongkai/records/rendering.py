"""Render public record pages to HTML strings, without a request (see gongkai.portal.rendering).

The same HTML can be served by the lean views in views.py or written to files for nginx.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from gongkai.portal import selectors as portal_selectors
from gongkai.portal.rendering import language_alternates, render_page
from gongkai.portal.templatetags.portal_tags import uuid_link

from . import list_pages
from .constants import RecordStatus, Validity


def _published(record):
    return record if record is not None and record.status == RecordStatus.PUBLISHED else None


def _record_context(record) -> dict:
    """Context of the record page; uses the links `selectors.record_get_public` sets, else queries."""
    interpretations = getattr(record, "linked_interpretations", None)
    if interpretations is None:
        interpretations = list(record.interpretations.all())
    replaces = getattr(record, "linked_replaces", None)
    if replaces is None:
        replaces = list(record.replaces.all())
    policy = getattr(record, "linked_policy", None) if hasattr(record, "linked_policy") else record.interprets
    replaced_by = (
        getattr(record, "linked_replaced_by", None) if hasattr(record, "linked_replaced_by") else record.replaced_by
    )
    return {
        "record": record,
        "bureau": record.bureau,
        "parent": record.bureau.parent,
        "item": record.catalog_item,
        "attachments": _attachments(record),
        "interpretations": [r for r in interpretations if r.status == RecordStatus.PUBLISHED],
        "policy": _published(policy),
        "replaces": [r for r in replaces if r.status == RecordStatus.PUBLISHED],
        "replaced_by": _published(replaced_by),
        "show_validity_banner": record.validity in (Validity.AMENDED, Validity.REPEALED),
        "updated_at": record.updated_at,
    }


def _attachments(record) -> list:
    attachments = getattr(record, "public_attachments", None)
    if attachments is None:
        attachments = list(record.attachments.filter(removed_at__isnull=True).order_by("position", "pk"))
    return attachments


def _site(record):
    """The platform settings, without a query when `selectors.record_get_public` read their version."""
    if not hasattr(record, "site_version"):
        return None
    return portal_selectors.site_setting(version=record.site_version)


def record_url(record) -> str:
    """`record.get_absolute_url()`, cheaper (a record page links up to several records)."""
    return uuid_link("records:detail", "uuid", record.uuid)


def render_record(record, language: str = settings.LANGUAGE_CODE) -> str:
    """The public page of a published record, with its standard metadata block."""
    context = _record_context(record)
    context["record_url"] = record_url
    context["alternates"] = language_alternates("records:detail", {"uuid": record.uuid})
    return render_page("records/record.html", context, language, site=_site(record))


def render_withdrawn(record, language: str = settings.LANGUAGE_CODE) -> str:
    """What a withdrawn record's URL answers (HTTP 410): the title, index number and public reason."""
    return render_page(
        "records/withdrawn.html",
        {
            "record": record,
            "bureau": record.bureau,
            "parent": record.bureau.parent,
            "updated_at": record.withdrawn_at,
            "alternates": language_alternates("records:detail", {"uuid": record.uuid}),
        },
        language,
        site=_site(record),
    )


def render_bureau_records(bureau, page: int = 1, language: str = settings.LANGUAGE_CODE) -> str:
    page_obj = list_pages.public_page(bureau=bureau, page=page)
    with translation.override(language):
        title = str(_("Records published by %(bureau)s") % {"bureau": bureau.name})
    return render_page(
        "records/record_list.html",
        {
            "bureau": bureau,
            "parent": bureau.parent,
            "list_title": title,
            "page_obj": page_obj,
            "records": list(page_obj.object_list),
            "record_url": record_url,
            "rss_url": _url("records:bureau_feed_rss", code=bureau.code),
            "atom_url": _url("records:bureau_feed_atom", code=bureau.code),
            "updated_at": page_obj.object_list[0].published_at if page_obj.object_list else None,
            "alternates": language_alternates("records:bureau_records", {"code": bureau.code}),
        },
        language,
    )


DUE_LABELS = {
    "met": _("Published on time"),
    "late": _("Published late"),
    "overdue": _("Overdue"),
    "due_soon": _("Due soon"),
    "open": _("Open"),
    "waiting": _("Waiting for the event"),
    "no_deadline": _("No deadline"),
}


def render_item_records(item, page: int = 1, language: str = settings.LANGUAGE_CODE) -> str:
    from .monitoring import item_due

    bureau = item.catalog.bureau
    page_obj = list_pages.public_page(catalog_item=item, page=page)
    due = item_due(item)
    return render_page(
        "records/item_records.html",
        {
            "bureau": bureau,
            "parent": bureau.parent,
            "item": item,
            "due": due,
            "due_label": DUE_LABELS.get(due.status, ""),
            "list_title": str(item),
            "page_obj": page_obj,
            "records": list(page_obj.object_list),
            "record_url": record_url,
            "rss_url": _url("records:item_feed_rss", code=bureau.code, key=item.key),
            "atom_url": _url("records:item_feed_atom", code=bureau.code, key=item.key),
            "updated_at": page_obj.object_list[0].published_at if page_obj.object_list else None,
            "alternates": language_alternates("records:item_records", {"code": bureau.code, "key": item.key}),
        },
        language,
    )


def _url(name, **kwargs) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs)
