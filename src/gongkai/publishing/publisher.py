"""Write pages to the published tree and keep the dependency map: full rebuilds, changes, the check.

`publish(specs)` renders each page through the app (`render`), writes the files that changed (under the
page's named lock, atomically), removes what no longer exists and records every page in the map;
`rebuild()` does that for the whole portal (or one bureau) and deletes orphaned files; `check()` renders
without writing and lists missing, stale and orphaned files. After every batch the targets are told
which files changed (`targets.sync`), after a full rebuild the whole tree (`targets.sync_all`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.core.locks import named_lock
from gongkai.records import list_pages

from . import pages, targets, tree
from .models import PageDependency, PublishedPage
from .pages import PageSpec
from .render import render, render_not_found

logger = logging.getLogger(__name__)

BATCH = 200


@dataclass
class Summary:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    seconds: float = 0.0
    changed_files: list[str] = field(default_factory=list)
    removed_files: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return self.written + self.unchanged


@dataclass(frozen=True)
class _Result:
    spec: PageSpec
    file: str | None  # None: the page does not exist (any more)
    status: int = 0
    content_type: str = ""
    sha256: str = ""
    content: bytes = b""


def _render(spec: PageSpec) -> _Result | None:
    """The page as the app answers it now; None when the app fails on it (logged, left as it was)."""
    rendered = render_not_found(spec.url) if spec.status == 404 else render(spec.url)
    if rendered.status == spec.status:
        file = pages.file_of(spec, rendered.content_type)
    elif rendered.status == 410:
        file = tree.gone_file_for(spec.url)  # withdrawn: the notice, answered with 410 (docs/publishing.md)
    elif rendered.status == 404:
        return _Result(spec, None)
    else:
        logger.error("Not published: %s answered %s", spec.url, rendered.status)
        return None
    return _Result(spec, file, rendered.status, rendered.content_type, tree.sha256(rendered.content), rendered.content)


def _write(root: Path, result: _Result, previous: PublishedPage | None, summary: Summary) -> None:
    with named_lock(f"publish:{result.spec.url}"):
        if previous is not None and previous.file != result.file:
            summary.removed_files += tree.remove(root, previous.file)
        if result.file is None:
            if previous is not None:
                summary.removed += 1
            return
        on_disk = tree.read(root, result.file)
        if on_disk is not None and tree.sha256(on_disk) == result.sha256:
            summary.unchanged += 1
            return
        summary.changed_files += tree.write(root, result.file, result.content)
        summary.written += 1


def _record(results: list[_Result]) -> None:
    """Bring the map in line with `results` (one batch, one transaction)."""
    now = timezone.now()
    urls = [r.spec.url for r in results]
    with transaction.atomic():
        existing = PublishedPage.objects.in_bulk(urls, field_name="url")
        gone = [existing[r.spec.url].pk for r in results if r.file is None and r.spec.url in existing]
        PublishedPage.objects.filter(pk__in=gone).delete()
        kept = [r for r in results if r.file is not None]
        rows = []
        for result in kept:
            row = existing.get(result.spec.url) or PublishedPage(url=result.spec.url)
            row.file, row.status, row.content_type = result.file, result.status, result.content_type
            row.sha256, row.bureau_code, row.rendered_at = result.sha256, result.spec.bureau, now
            rows.append(row)
        PublishedPage.objects.bulk_update([r for r in rows if r.pk], _FIELDS)
        PublishedPage.objects.bulk_create([r for r in rows if not r.pk])
        ids = dict(PublishedPage.objects.filter(url__in=[r.spec.url for r in kept]).values_list("url", "pk"))
        PageDependency.objects.filter(page_id__in=ids.values()).delete()
        PageDependency.objects.bulk_create(
            PageDependency(page_id=ids[r.spec.url], key=key) for r in kept for key in set(r.spec.deps)
        )


_FIELDS = ["file", "status", "content_type", "sha256", "bureau_code", "rendered_at"]


def _batches(specs: Iterable[PageSpec], size: int = BATCH):
    batch: list[PageSpec] = []
    seen: set[str] = set()
    for spec in specs:
        if spec.url in seen:
            continue
        seen.add(spec.url)
        batch.append(spec)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def publish(
    specs: Iterable[PageSpec],
    *,
    root: Path | None = None,
    progress: Callable[[int], None] | None = None,
    sync: bool = True,
) -> Summary:
    """Render and write `specs`; returns what changed. Each batch is synced to the targets."""
    root = Path(root or tree.publish_root())
    summary = Summary()
    started = time.monotonic()
    with list_pages.in_order():  # a list's pages rendered in order: its count once, its rows once
        _publish(specs, root, summary, progress, sync)
    summary.seconds = time.monotonic() - started
    return summary


def _publish(specs: Iterable[PageSpec], root: Path, summary: Summary, progress, sync: bool) -> None:
    for batch in _batches(specs):
        existing = PublishedPage.objects.in_bulk([spec.url for spec in batch], field_name="url")
        changed_before, removed_before = len(summary.changed_files), len(summary.removed_files)
        results = []
        for spec in batch:  # each page is written as soon as it is rendered (the first ones are visible first)
            result = _render(spec)
            if result is None:
                summary.failed += 1
                continue
            _write(root, result, existing.get(spec.url), summary)
            results.append(result)
        _record(results)
        if sync:
            targets.sync(
                root,
                changed=summary.changed_files[changed_before:],
                removed=summary.removed_files[removed_before:],
            )
        if progress is not None:
            progress(len(batch))


def rebuild(
    *, root: Path | None = None, bureau_code: str | None = None, progress: Callable[[int], None] | None = None
) -> Summary:
    """Publish every page (of one bureau's scope with `bureau_code`) and remove what is no longer a page."""
    root = Path(root or tree.publish_root())
    started, started_at = time.monotonic(), timezone.now()
    specs = pages.all_specs(bureau_code)
    summary = publish(specs, root=root, progress=progress, sync=bureau_code is not None)
    # every page rendered now was stamped in the map: the older rows are pages that no longer exist
    stale = PublishedPage.objects.filter(rendered_at__lt=started_at)
    if bureau_code is not None:
        stale = stale.filter(bureau_code=bureau_code)
    removed = []
    for row in stale:
        removed += tree.remove(root, row.file)
    summary.removed += stale.count()
    stale.delete()
    if bureau_code is None:
        written = {row.file for row in PublishedPage.objects.only("file")}
        for orphan in tree.walk(root) - written:
            removed += tree.remove(root, orphan)
            summary.removed += 1
    summary.removed_files += removed
    if bureau_code is None:
        targets.sync_all(root)
    else:
        targets.sync(root, removed=removed)
    summary.seconds = time.monotonic() - started
    return summary


@dataclass
class CheckReport:
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    pages: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.orphaned)


def check(*, root: Path | None = None, progress: Callable[[int], None] | None = None) -> CheckReport:
    """Render every page as the database has it now and compare with the files under `root`."""
    root = Path(root or tree.publish_root())
    report = CheckReport()
    expected: set[str] = set()
    with list_pages.in_order():
        for batch in _batches(pages.all_specs()):
            for result in filter(None, map(_render, batch)):
                if result.file is None:
                    continue
                report.pages += 1
                expected.add(result.file)
                on_disk = tree.read(root, result.file)
                if on_disk is None:
                    report.missing.append(result.file)
                elif tree.sha256(on_disk) != result.sha256:
                    report.stale.append(result.file)
            if progress is not None:
                progress(len(batch))
    report.orphaned = sorted(tree.walk(root) - expected)
    return report
