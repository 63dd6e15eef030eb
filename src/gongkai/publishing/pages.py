"""Which pages the published portal has, and what each one shows (its dependency keys).

A page is a URL name with arguments, rendered in every language (the `/en/` tree too). Its keys say
which changes re-render it: `bureau:<code>` (anything of the bureau: name, catalog, column),
`guide:<code>` (the live disclosure guide), `records:<code>` (the bureau's published records: lists,
feeds, item counts), `item:<pk>` (one catalog item's records), `bureaus` (the list of bureaus) and
`records` (every published record: sitemaps); a record's page keeps `in-item:<pk>`, the list it was on.
Service pages: a bureau's list of service items shows `services:<code>` (its published items) and
`handbook:<scope>` (the handbook links); an item's page, its one-time notice and the notice's PDF show
`service:<pk>` and are found from the item itself (`service_item_specs`), like record pages. The service
handbook files stay with the app (built by the worker after the publication, kept in the media storage).
The bureau's lists (`/b/<code>/powers/`) show `lists:<code>`. The registry of new-media accounts: the city's page
shows `new_media` (every account in operation), a bureau's page `new_media:<code>`.
The FOI request form of a bureau (`/b/<code>/foi/apply/`, `bureau:<code>`) and a consultation's comment
form are published for first visitors with an SSI placeholder as their `client_token` (core.form_pages,
served with `ssi on` by nginx_routes.FORM_URL_NAMES' location). Record pages are found from the record itself
(`record_pages`), not through keys. The only query string published is a records list's later page
(`?page=2`, file `index.page-2.html`); the others (`?version=3`, filters) stay with the app.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from gongkai.annual_reports import selectors as annual_report_selectors
from gongkai.catalogs import selectors as catalog_selectors
from gongkai.catalogs.interchange.filecheck import EXPORT_FORMATS
from gongkai.catalogs.models import CatalogItem
from gongkai.organizations.models import Bureau, BureauKind
from gongkai.portal import selectors as portal_selectors
from gongkai.portal.rendering import SECTIONS
from gongkai.records import selectors as record_selectors
from gongkai.records.catalog_access import publishable_items
from gongkai.records.constants import PUBLIC_STATUSES
from gongkai.records.models import Attachment, Record
from gongkai.service_items import selectors as service_selectors
from gongkai.service_items.models import CITY_SCOPE

from . import participation_pages, tree

# Catalog downloads published as files: every format gives the same bytes on every render of a version (the
# office files are dated with its publication, the PDF is invariant; catalogs.interchange.service.render).
DOWNLOAD_FORMATS = EXPORT_FORMATS


FOI_FORM = "foi:apply"


@dataclass(frozen=True)
class PageSpec:
    """One page in one language: its URL path and what it shows."""

    url: str
    deps: tuple[str, ...] = ()
    bureau: str = ""  # the bureau whose scope the page belongs to ("" for site-wide pages)
    extension: str = ""  # index file extension when the content type does not name it (attachments)
    status: int = 200  # the status the page is published with (404 for the not-found page)


@dataclass(frozen=True)
class _Page:
    name: str
    kwargs: dict = field(default_factory=dict)
    deps: tuple[str, ...] = ()
    bureau: str = ""
    extension: str = ""
    localized: bool = True
    query: str = ""  # `page=N` for a list's later pages, the only query string published


def _localize(pages: Iterable[_Page]) -> Iterator[PageSpec]:
    languages = [code for code, _label in settings.LANGUAGES]
    for page in pages:
        for language in languages if page.localized else languages[:1]:
            with translation.override(language):
                url = reverse(page.name, kwargs=page.kwargs)
            yield PageSpec(f"{url}?{page.query}" if page.query else url, page.deps, page.bureau, page.extension)


def _later_pages(name: str, kwargs: dict, deps: tuple[str, ...], code: str, count: int) -> Iterator[_Page]:
    """Pages 2 to `count` of a records list (page 1 is the list's own URL)."""
    for number in range(2, count + 1):
        yield _Page(name, kwargs, deps, code, query=f"page={number}")


def _publishable_items(item_ids: Iterable[int]) -> list:
    wanted = set(item_ids)
    by_bureau: dict[int, Bureau] = {}
    for item in CatalogItem.objects.filter(pk__in=wanted).select_related("catalog__bureau"):
        by_bureau.setdefault(item.catalog.bureau_id, item.catalog.bureau)
    found = []
    for bureau in by_bureau.values():
        if Bureau.objects.disclosing().filter(pk=bureau.pk).exists():
            found += publishable_items(bureau).filter(pk__in=wanted).select_related("catalog__bureau")
    return found


def is_later_list_page(spec: PageSpec) -> bool:
    return "?page=" in spec.url


def list_page_specs(*, bureau_codes: Iterable[str] = (), item_ids: Iterable[int] = ()) -> list[PageSpec]:
    """The later pages of these bureaus' and catalog items' records lists as they are now (a publication
    adds a page at the end; a list that shrank loses its last ones: those answer 404 and are removed)."""
    found: list[_Page] = []
    for bureau in Bureau.objects.disclosing().filter(code__in=list(bureau_codes)):
        count = record_selectors.list_page_count(bureau=bureau)
        lists = (f"bureau:{bureau.code}", f"records:{bureau.code}")
        found += _later_pages("records:bureau_records", {"code": bureau.code}, lists, bureau.code, count)
    for item in _publishable_items(item_ids):
        code = item.catalog.bureau.code
        count = record_selectors.list_page_count(catalog_item=item)
        deps = (f"bureau:{code}", f"item:{item.pk}")
        found += _later_pages("records:item_records", {"code": code, "key": item.key}, deps, code, count)
    return list(_localize(found))


NOT_FOUND_PATH = "/404.html"


def not_found_specs() -> list[PageSpec]:
    """The portal's 404 page, rendered from a URL that exists nowhere (`404.html`, `en/404.html`)."""
    specs = []
    for code, _label in settings.LANGUAGES:
        prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
        specs.append(PageSpec(f"{prefix}{NOT_FOUND_PATH}", ("bureaus",), status=404))
    return specs


def _site_pages() -> Iterator[_Page]:
    yield _Page("portal:home", deps=("bureaus", "guides", "records"))  # latest records across bureaus
    yield _Page("catalogs:status", deps=("bureaus", "catalogs"))
    yield _Page("catalogs:guidelines", deps=("bureaus", "catalogs"))
    yield _Page("records:sitemap", deps=("records", "bureaus"))
    yield _Page("records:sitemap_section", {"section": "bureaus"}, deps=("bureaus",))
    yield _Page("records:sitemap_section", {"section": "records"}, deps=("records",))
    yield _Page("api:catalog-schema", deps=("catalogs",), localized=False)
    yield _Page("new_media:city", deps=("new_media", "bureaus"))


def _bureau_pages(bureau: Bureau) -> Iterator[_Page]:
    code = bureau.code
    own = (f"bureau:{code}",)
    column = (*own, f"guide:{code}", f"records:{code}", "bureaus")
    yield _Page("portal:bureau", {"code": code}, column, code)
    for section in SECTIONS:
        yield _Page(f"portal:{section}", {"code": code}, column, code)
    lists = (*own, f"records:{code}")
    for name in ("records:bureau_records", "records:bureau_feed_rss", "records:bureau_feed_atom"):
        yield _Page(name, {"code": code}, lists, code)
    count = record_selectors.list_page_count(bureau=bureau)
    yield from _later_pages("records:bureau_records", {"code": code}, lists, code, count)
    versions = list(catalog_selectors.published_versions(bureau).defer("items").order_by("number"))
    if versions:
        yield _Page("catalogs:catalog", {"code": code}, lists, code)
        for fmt in DOWNLOAD_FORMATS:
            yield _Page("catalogs:download", {"code": code, "fmt": fmt}, own, code)
    for older, newer in zip([None, *versions], versions, strict=False):
        yield _Page("catalogs:version", {"code": code, "number": newer.number}, lists, code)
        if older is not None:
            yield _Page("catalogs:diff", {"code": code, "a": older.number, "b": newer.number}, own, code)
    counts = record_selectors.list_page_counts_by_item(bureau)
    for item_pk, key in publishable_items(bureau).values_list("pk", "key"):
        deps = (*own, f"item:{item_pk}")
        kwargs = {"code": code, "key": key}
        for name in ("records:item_records", "records:item_feed_rss", "records:item_feed_atom"):
            yield _Page(name, kwargs, deps, code)
        yield from _later_pages("records:item_records", kwargs, deps, code, counts.get(item_pk, 1))
    yield from _service_pages(bureau)
    # The bureau's 权责清单 and 公共服务事项清单 (a new version, a changed mapping, or the catalog's publication).
    yield _Page("powerlists:lists", {"code": code}, (*own, f"lists:{code}"), code)
    if bureau.kind == BureauKind.CITY:  # the bulletins (通报) of a city bureau; their DOCX/PDF come from the app
        yield _Page("supervision:bulletins", {"code": code}, (f"bureau:{code}", f"bulletins:{code}"), code)
    yield _Page("new_media:bureau", {"code": code}, (*own, f"new_media:{code}"), code)
    yield from _annual_report_pages(bureau)
    if bureau.kind != BureauKind.REVIEW_OFFICE:  # the FOI form for first visitors (core.form_pages, SSI token)
        yield _Page(FOI_FORM, {"code": code}, own, code)
    yield from (_Page(*row) for row in participation_pages.bureau_pages(bureau))


# A published annual report's page and its PDF and DOCX downloads.
def _annual_report_pages(bureau: Bureau) -> Iterator[_Page]:
    code = bureau.code
    for year in annual_report_selectors.published_for_bureau(bureau).values_list("year", flat=True):
        yield _Page("annual_reports:report", {"code": code, "year": year}, (f"bureau:{code}",), code)
        for fmt in ("pdf", "docx"):  # the PDF invariant, the DOCX dated with the publication: the same bytes
            yield _Page("annual_reports:download", {"code": code, "year": year, "fmt": fmt}, (f"bureau:{code}",), code)


# An item's pages; its notice PDF is deterministic (`service_items.pdf` writes it invariant).
SERVICE_ITEM_PAGES = ("service_items:item", "service_items:notice", "service_items:notice_pdf")


def _service_pages(bureau: Bureau) -> Iterator[_Page]:
    code = bureau.code
    deps = (f"bureau:{code}", f"services:{code}", f"handbook:{code}", f"handbook:{CITY_SCOPE}")
    yield _Page("service_items:list", {"code": code}, deps, code)
    items = service_selectors.items_public(bureau).order_by("pk").values_list("pk", "code")
    yield from _service_item_pages((code, pk, item_code) for pk, item_code in items)


def _service_item_pages(items: Iterable[tuple[str, int, str]]) -> Iterator[_Page]:
    for code, pk, item_code in items:
        kwargs = {"code": code, "item_code": item_code}
        for name in SERVICE_ITEM_PAGES:
            yield _Page(name, kwargs, (f"bureau:{code}", f"service:{pk}"), code)


def service_item_specs(item_ids: Iterable[int]) -> list[PageSpec]:
    """The pages of these service items, when published (a newly published item gets its pages here)."""
    items = service_selectors.items_public().filter(pk__in=list(item_ids), bureau__in=Bureau.objects.disclosing())
    rows = items.order_by("pk").values_list("bureau__code", "pk", "code")
    return list(_localize(_service_item_pages(rows)))


def _record_pages(records) -> Iterator[_Page]:
    """A published or withdrawn record's page (410 when withdrawn) and its published attachments."""
    attachments: dict[int, list[tuple[int, str]]] = {}
    published = [r.pk for r in records if r.status == "published"]
    for record_id, pk, name in (
        Attachment.objects.filter(record_id__in=published, removed_at__isnull=True)
        .order_by("position", "pk")
        .values_list("record_id", "pk", "original_name")
    ):
        attachments.setdefault(record_id, []).append((pk, name))
    for record in records:
        code = record.bureau.code
        # `in-item:` names the record's list (found again when the record moves), re-renders nothing itself
        deps = (f"record:{record.pk}", f"bureau:{code}", f"in-item:{record.catalog_item_id}")
        yield _Page("records:detail", {"uuid": record.uuid}, deps, code)
        for pk, name in attachments.get(record.pk, ()):
            kwargs = {"uuid": record.uuid, "pk": pk}
            yield _Page("records:attachment", kwargs, deps, code, extension=_extension(name))


def _extension(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return extension if extension in tree.ATTACHMENT_EXTENSIONS else "bin"


def _public_records():
    return (
        Record.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("bureau")
        .only("pk", "uuid", "status", "catalog_item_id", "bureau__code")
    )


RECORD_BATCH = 500


def _records_in_batches(qs) -> Iterator[_Page]:
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last).order_by("pk")[:RECORD_BATCH])
        if not batch:
            return
        yield from _record_pages(batch)
        last = batch[-1].pk


def all_specs(bureau_code: str | None = None) -> Iterator[PageSpec]:
    """Every page of the portal, or (with `bureau_code`) every page of that bureau's scope."""
    bureaus = list(portal_selectors.bureau_list_public())
    if bureau_code is None:
        yield from not_found_specs()
        yield from _localize(_site_pages())
    for bureau in bureaus:
        if bureau_code is None or bureau.code == bureau_code:
            yield from _localize(_bureau_pages(bureau))
    records = _public_records().filter(bureau__in=[b for b in bureaus if bureau_code in (None, b.code)])
    yield from _localize(_records_in_batches(records))


def participation_specs(keys: Iterable[str]) -> list[PageSpec]:
    """The participation pages of these keys as they are now (a newly published one included)."""
    return list(_localize(_Page(*row) for row in participation_pages.pages_for_keys(keys)))


def bureau_specs(code: str) -> list[PageSpec]:
    return list(all_specs(code)) if Bureau.objects.disclosing().filter(code=code).exists() else []


def record_specs(record_ids: Iterable[int]) -> list[PageSpec]:
    """The pages of these records and of the records linked to them (a policy shows its interpretations,
    a record the one replacing it, and back)."""
    ids = set(record_ids)
    rows = Record.objects.filter(pk__in=ids).values_list("interprets_id", "replaced_by_id")
    linked = {pk for pair in rows for pk in pair if pk}
    linked |= set(
        Record.objects.filter(Q(interprets_id__in=ids) | Q(replaced_by_id__in=ids)).values_list("pk", flat=True)
    )
    records = list(_public_records().filter(pk__in=ids | linked, bureau__in=Bureau.objects.disclosing()))
    return list(_localize(_record_pages(records)))


def bureau_of_records(record_ids: Iterable[int]) -> dict[int, tuple[str, int | None]]:
    """{record id: (bureau code, catalog item id)} as the database has them now."""
    rows = Record.objects.filter(pk__in=list(record_ids)).values_list("pk", "bureau__code", "catalog_item_id")
    return {pk: (code, item) for pk, code, item in rows}


def file_of(spec: PageSpec, content_type: str) -> str:
    return tree.file_for(spec.url, content_type, spec.extension)
