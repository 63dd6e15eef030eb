"""The checks of the self-inspection, one function per rule code: `(bureau, rule, context) -> [Finding]`.

Each check reads the capability apps through their selectors and rendering functions only. What is
checked, and how (see docs/site-inspection.md):

- W-V1 serious errors: published records whose title or summary carries one of the rule's terms (严重表述
  错误), or whose date written (成文日期) is after their publication date (a forged date).
- W-V2 site unreachable: the bureau's published home page — the file in the static tree under
  PUBLISH_ROOT when the site is published as files, else the page rendered by the portal as a request
  would get it. (Uptime seen from outside — 20 probes a day, 15 s — is external monitoring's job.)
- W-V4a / D-STALE columns not updated: catalog items whose periodic duty (their time limit, e.g.
  "每季度更新") is overdue (`records.monitoring.bureau_due`), and items that published before but nothing
  in the rule's `value` days (183: the 6 months of 通知公告/政策文件 columns); from `threshold` columns on a
  veto, below it a deduction per column.
- W-V4c empty columns: catalog items that should hold content (periodic or long-term) with no published
  record, once the catalog has been published `value` days.
- W-V5b messages unanswered: the unanswered-messages provider (`providers.py`).
- N-V2 new media: accounts in operation with no post in `value` days.
- D-LINK broken links: every site-internal link of the bureau's published pages (the static tree) that
  names no page of the site: no URL pattern, a record that is not published (withdrawn: 410), a bureau
  that does not disclose.
- D-META metadata: published records without an index number (索引号) of the bureau's form, or without
  a date written where the genre needs one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.new_media import selectors as new_media_selectors
from gongkai.portal import rendering as portal_rendering
from gongkai.portal import selectors as portal_selectors
from gongkai.records import monitoring
from gongkai.records import selectors as record_selectors
from gongkai.records.catalog_access import latest_published_version, publishable_items
from gongkai.records.rendering import record_url

from . import providers
from .scoring import DEDUCTION, VETO, WARNING, Finding

# Paths the app serves itself (forms, search, API, files): never in the published tree.
APP_PREFIXES = ("/static/", "/media/", "/documents/", "/api/", "/admin/", "/healthz")
MAX_PAGES = 3000
HREF = re.compile(r'href="([^"#?]*)[^"]*"')


@dataclass
class Context:
    now: dt.datetime
    publish_root: Path
    cache: dict = field(default_factory=dict)

    @property
    def tree_published(self) -> bool:
        return (self.publish_root / "index.html").is_file()


def _column_url(bureau, item) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("records:item_records", kwargs={"code": bureau.code, "key": item.key})


def _column_name(item) -> str:
    return item.level2 or item.level1


def check_serious_errors(bureau, rule, ctx: Context) -> list[Finding]:
    findings = []
    terms = [t for t in (rule.terms or []) if t]
    for record in record_selectors.record_list_public(bureau=bureau).only(
        "uuid", "title", "summary", "date_written", "published_at"
    ):
        text = f"{record.title}\n{record.summary}"
        findings.extend(
            Finding(rule.code, VETO, record_url(record), _("Serious wording error: %(term)s") % {"term": term})
            for term in terms
            if term in text
        )
        published_on = timezone.localdate(record.published_at)
        if record.date_written and record.date_written > published_on:
            findings.append(
                Finding(
                    rule.code,
                    VETO,
                    record_url(record),
                    _("Date written %(written)s is after the publication date %(published)s.")
                    % {"written": record.date_written.isoformat(), "published": published_on.isoformat()},
                )
            )
    return findings


def _bureau_home(bureau) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("portal:bureau", kwargs={"code": bureau.code})


def check_unreachable(bureau, rule, ctx: Context) -> list[Finding]:
    home = _bureau_home(bureau)
    if ctx.tree_published:
        page = ctx.publish_root / home.strip("/") / "index.html"
        if not page.is_file() or page.stat().st_size == 0:
            return [Finding(rule.code, VETO, home, _("The published home page of the bureau is missing."))]
        return []
    try:
        html = portal_rendering.render_bureau(bureau, settings.LANGUAGE_CODE)
    except Exception as exc:  # noqa: BLE001 - any failure to render is the site being down
        return [Finding(rule.code, VETO, home, _("The home page cannot be rendered: %(error)s") % {"error": exc})]
    if not html.strip():
        return [Finding(rule.code, VETO, home, _("The home page is empty."))]
    return []


@dataclass(frozen=True)
class StaleColumn:
    item: object
    last_published: dt.date | None
    due_date: dt.date


def stale_columns(bureau, ctx: Context, days: int) -> list[StaleColumn]:
    """Columns past their update limit: a periodic item whose update is overdue (its own time limit), or an
    item that has published before and nothing in the last `days` days (the 6 months of 19号 4(1))."""
    key = ("stale", bureau.pk, days)
    if key in ctx.cache:
        return ctx.cache[key]
    today = timezone.localdate(ctx.now)
    stale = [
        StaleColumn(entry.item, entry.last_published, entry.due_date)
        for entry in monitoring.bureau_due(bureau, today=today)
        if entry.record is None and entry.status == "overdue"
    ]
    periodic = {column.item.pk for column in stale}
    last = record_selectors.last_published_by_item(bureau)
    limit = ctx.now - dt.timedelta(days=days)
    for item in publishable_items(bureau):
        kind = (item.time_limit_rule or {}).get("kind")
        if item.pk in periodic or kind == "periodic" or item.pk not in last or last[item.pk] >= limit:
            continue
        published = timezone.localdate(last[item.pk])
        stale.append(StaleColumn(item, published, published + dt.timedelta(days=days)))
    ctx.cache[key] = stale
    return stale


def _stale_detail(column: StaleColumn) -> str:
    last = column.last_published.isoformat() if column.last_published else "—"
    return _("%(name)s: not updated since %(last)s; an update was due by %(due)s.") % {
        "name": _column_name(column.item),
        "last": last,
        "due": column.due_date.isoformat(),
    }


def check_columns_not_updated(bureau, rule, ctx: Context) -> list[Finding]:
    stale = stale_columns(bureau, ctx, rule.value)
    if len(stale) < rule.threshold:
        return []
    return [Finding(rule.code, VETO, _column_url(bureau, c.item), _stale_detail(c)) for c in stale]


def check_stale_deduction(bureau, rule, ctx: Context, *, veto_rule=None) -> list[Finding]:
    stale = stale_columns(bureau, ctx, rule.value)
    if veto_rule is not None and len(stale_columns(bureau, ctx, veto_rule.value)) >= veto_rule.threshold:
        return []  # the veto reports them
    return [
        Finding(rule.code, DEDUCTION, _column_url(bureau, c.item), _stale_detail(c), Decimal(rule.points))
        for c in stale
    ]


SHOULD_HOLD_CONTENT = ("periodic", "retention", None)


def check_empty_columns(bureau, rule, ctx: Context) -> list[Finding]:
    items = list(publishable_items(bureau))
    if not items:
        return []
    version = latest_published_version(items[0].catalog_id)
    published = version.published_at or version.created_at if version else None
    if published is None or ctx.now - published < dt.timedelta(days=rule.value):
        return []
    counts = record_selectors.records_count_by_item(bureau)
    empty = [
        item
        for item in items
        if not counts.get(item.pk) and (item.time_limit_rule or {}).get("kind") in SHOULD_HOLD_CONTENT
    ]
    if len(empty) < rule.threshold:
        return []
    return [
        Finding(
            rule.code, VETO, _column_url(bureau, i), _("%(name)s: no published record.") % {"name": _column_name(i)}
        )
        for i in empty
    ]


def check_unanswered(bureau, rule, ctx: Context) -> list[Finding]:
    rows = providers.unanswered(bureau, rule.value)
    if not rows or len(rows) < rule.threshold:
        return []
    return [
        Finding(
            rule.code,
            VETO,
            where,
            _("Received %(date)s, unanswered for more than %(days)s days.") % {"date": date, "days": rule.value},
        )
        for where, date in rows
    ]


def check_new_media(bureau, rule, ctx: Context) -> list[Finding]:
    findings = []
    for account in new_media_selectors.silent_accounts(days=rule.value, now=ctx.now, bureau=bureau):
        last = account.last_post_at
        findings.append(
            Finding(
                rule.code,
                VETO,
                f"{account.get_platform_display()} · {account.name}",
                _("No post since %(last)s (limit %(days)s days).")
                % {"last": timezone.localdate(last).isoformat() if last else "—", "days": rule.value},
            )
        )
    return findings


def check_broken_links(bureau, rule, ctx: Context) -> list[Finding]:
    if not ctx.tree_published:
        return [Finding(rule.code, WARNING, "/", _("No published tree under PUBLISH_ROOT: links not checked."))]
    root = ctx.publish_root
    folder = root / "b" / bureau.code
    findings, seen = [], {}
    pages = sorted(folder.rglob("index.html"))[:MAX_PAGES]
    for page in pages:
        where = "/" + str(page.parent.relative_to(root)).replace("\\", "/") + "/"
        for href in set(HREF.findall(page.read_text(encoding="utf-8", errors="replace"))):
            if not href.startswith("/") or href.startswith("//") or href.startswith(APP_PREFIXES):
                continue
            if href not in seen:
                seen[href] = _link_ok(href)
            if not seen[href]:
                findings.append(
                    Finding(
                        rule.code, DEDUCTION, where, _("Broken link: %(href)s") % {"href": href}, Decimal(rule.points)
                    )
                )
    return findings


def _link_ok(href: str) -> bool:
    """Does the site answer this path with a page? It must name a URL of the site; a record's page a
    published record (a withdrawn one answers 410); a bureau's page a disclosing bureau."""
    language = next(
        (code for code, _label in settings.LANGUAGES if href == f"/{code}/" or href.startswith(f"/{code}/")),
        settings.LANGUAGE_CODE,
    )
    try:
        with translation.override(language):  # i18n_patterns resolve the prefix of the active language
            match = resolve(href)
    except Resolver404:
        return False
    if "uuid" in match.kwargs and match.view_name.startswith("records:"):
        return record_selectors.record_list_public().filter(uuid=match.kwargs["uuid"]).exists()
    if "code" in match.kwargs:
        return portal_selectors.bureau_list_public().filter(code=match.kwargs["code"]).exists()
    return True


def check_metadata(bureau, rule, ctx: Context) -> list[Finding]:
    findings = []
    pattern = re.compile(r"^.+/\d{4}-\d{5}$")
    for record in record_selectors.record_list_public(bureau=bureau).only(
        "uuid", "title", "index_number", "published_at", "issuing_body"
    ):
        problems = []
        if not record.index_number:
            problems.append(_("no index number (索引号)"))
        elif not pattern.match(record.index_number):
            problems.append(
                _("index number %(number)s is not of the form code/yyyy-nnnnn") % {"number": record.index_number}
            )
        if record.published_at is None:
            problems.append(_("no publication date"))
        if problems:
            findings.append(
                Finding(rule.code, DEDUCTION, record_url(record), "; ".join(problems), Decimal(rule.points))
            )
    return findings


CHECKS = {
    "W-V1": check_serious_errors,
    "W-V2": check_unreachable,
    "W-V4a": check_columns_not_updated,
    "W-V4c": check_empty_columns,
    "W-V5b": check_unanswered,
    "N-V2": check_new_media,
    "D-STALE": check_stale_deduction,
    "D-LINK": check_broken_links,
    "D-META": check_metadata,
}
