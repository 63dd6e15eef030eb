"""The published tree: the same bytes as the dynamic portal, in both languages, for every kind of page;
atomic writes; `publish_site` with --bureau and --check."""

import gzip
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from gongkai.accounts.roles import Role
from gongkai.publishing import publisher, tree
from gongkai.publishing.models import PageDependency, PublishedPage
from gongkai.records import services
from tests.factories import user_with_role
from tests.records.factories import published_record

from .conftest import real_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(root, editor, reviewer, item, record, wenxian, people):
    """Two catalog versions of 修武县 (so a diff page), a record with an attachment, a withdrawn one,
    and 温县 with a record of its own."""
    gone = published_record(editor, reviewer, item, title="已撤回的通知")
    services.record_withdraw(acting_user=reviewer, record=gone, reason="内容已过时")
    wenxian_editor = people["wenxian_editor"]
    gov_reviewer = user_with_role(Role.GOV_REVIEWER, wenxian.review_office)
    wenxian_item = real_catalog(wenxian, wenxian_editor, gov_reviewer).items.first()
    other = published_record(wenxian_editor, user_with_role(Role.REVIEWER, wenxian), wenxian_item, title="温县通知")
    return {"record": record, "gone": gone, "other": other, "item": item}


def _published(root: Path, url: str) -> bytes:
    relative = url.lstrip("/")
    for candidate in (relative, *(relative + f"index.{ext}" for ext in ("html", "rss", "atom", "txt"))):
        if (root / candidate).is_file():
            return (root / candidate).read_bytes()
    raise AssertionError(f"{url} not published")


def _sample_urls(site) -> list[str]:
    record, item = site["record"], site["item"]
    attachment = record.attachments.get()
    urls = [
        "/",
        "/b/xiuwu/",
        "/b/xiuwu/guide/",
        "/b/xiuwu/rules/",
        "/b/xiuwu/statutory/",
        "/b/xiuwu/annual-reports/",
        "/b/xiuwu/records/",
        "/b/xiuwu/records/rss/",
        "/b/xiuwu/records/atom/",
        f"/b/xiuwu/items/{item.key}/records/",
        f"/b/xiuwu/items/{item.key}/records/rss/",
        "/b/xiuwu/catalog/",
        "/b/xiuwu/catalog/v/1/",
        "/b/xiuwu/catalog/diff/1/2/",
        "/b/xiuwu/catalog/download.csv",
        "/b/xiuwu/catalog/download.json",
        "/b/xiuwu/catalog/download.xlsx",
        "/b/xiuwu/catalog/download.pdf",
        "/b/xiuwu/catalog/download.docx",
        "/catalog-status/",
        "/guidelines/",
        f"/records/{record.uuid}/",
        f"/records/{record.uuid}/attachments/{attachment.pk}/",
        "/sitemap.xml",
        "/sitemap-records.xml",
    ]
    return urls + ["/en" + url for url in urls]


def _public_host(settings) -> str:
    """Feeds and sitemaps print absolute links: a visitor of the public site asks for its host."""
    host = urlsplit(settings.GONGKAI["PUBLIC_BASE_URL"]).netloc
    settings.ALLOWED_HOSTS = [host.split(":")[0]]
    return host


def test_every_kind_of_page_has_the_bytes_of_the_dynamic_portal_in_both_languages(client, site, root, settings):
    publisher.rebuild()
    host = _public_host(settings)
    for url in _sample_urls(site):
        response = client.get(url, headers={"host": host})
        assert response.status_code == 200, url
        dynamic = b"".join(response.streaming_content) if response.streaming else response.content
        assert _published(root, url) == dynamic, url
    schema = client.get("/api/v1/schemas/catalog.json", headers={"host": host}).content
    assert (root / "api/v1/schemas/catalog.json").read_bytes() == schema


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "docx"])
def test_a_catalog_download_gives_the_same_bytes_on_every_render(client, site, settings, fmt):
    from django.core.cache import cache

    host = _public_host(settings)
    renders = []
    for _ in range(2):
        cache.clear()
        renders.append(client.get(f"/b/xiuwu/catalog/download.{fmt}", headers={"host": host}).content)
    assert renders[0] == renders[1]


def test_an_empty_feed_is_published_dated_with_its_bureau_not_now(client, site, root, settings):
    empty = site["item"].catalog.items.exclude(pk=site["item"].pk).filter(records__isnull=True).first()
    urls = [f"/b/xiuwu/items/{empty.key}/records/{kind}/" for kind in ("rss", "atom")]
    publisher.rebuild()
    host = _public_host(settings)
    for url in urls:
        published = _published(root, url)
        assert b"<item>" not in published and b"<entry>" not in published
        assert client.get(url, headers={"host": host}).content == published
    year = str(site["item"].catalog.bureau.created_at.year).encode()
    assert b"<updated>" + year in _published(root, urls[1])


def test_feeds_and_attachments_get_files_named_by_their_content_type(site, root):
    publisher.rebuild()
    attachment = site["record"].attachments.get()
    assert (root / "b/xiuwu/records/rss/index.rss").is_file()
    assert (root / "en/b/xiuwu/records/atom/index.atom").is_file()
    assert (root / f"records/{site['record'].uuid}/attachments/{attachment.pk}/index.txt").read_bytes() == (
        "活动方案".encode()
    )
    row = PublishedPage.objects.get(url="/b/xiuwu/records/rss/")
    assert row.content_type.startswith("application/rss+xml")


def test_a_withdrawn_record_is_published_as_its_410_notice_without_an_index_file(client, site, root):
    publisher.rebuild()
    directory = root / f"records/{site['gone'].uuid}"
    assert not (directory / "index.html").exists()
    response = client.get(f"/records/{site['gone'].uuid}/")
    assert response.status_code == 410
    assert (directory / "410.html").read_bytes() == response.content
    assert "内容已过时" in response.content.decode()


def test_the_404_page_is_published_in_both_languages(client, site, root, settings):
    settings.DEBUG = False
    publisher.rebuild()
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert (root / "404.html").read_bytes() == response.content
    english = client.get("/en/no/such/page/")
    assert (root / "en/404.html").read_bytes() == english.content
    assert "Page not found" in english.content.decode()


def test_published_pages_hold_no_per_visitor_parts(site, root):
    publisher.rebuild()
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "csrfmiddlewaretoken" not in text, path
        assert "nonce=" not in text, path


def test_every_text_file_has_a_gzip_copy_with_the_same_bytes(site, root):
    publisher.rebuild()
    page = root / "b/xiuwu/index.html"
    assert gzip.decompress((root / "b/xiuwu/index.html.gz").read_bytes()) == page.read_bytes()


def test_a_page_is_replaced_atomically_and_no_temporary_file_is_left(root, monkeypatch):
    tree.write(root, "b/x/index.html", b"<p>old</p>" * 100)
    inode_before = os.stat(root / "b/x/index.html").st_ino
    replaced = []
    real_replace = os.replace

    def spying_replace(src, dst):
        # the new bytes are complete in the temporary file, in the same directory, before the rename
        assert Path(src).parent == Path(dst).parent
        if Path(dst).name == "index.html":
            assert Path(src).read_bytes() == b"<p>new</p>" * 100
            assert (root / "b/x/index.html").read_bytes() == b"<p>old</p>" * 100
        replaced.append(Path(dst).name)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spying_replace)
    tree.write(root, "b/x/index.html", b"<p>new</p>" * 100)
    assert replaced == ["index.html.gz", "index.html"]  # the compressed copy first
    assert os.stat(root / "b/x/index.html").st_ino != inode_before
    assert sorted(p.name for p in (root / "b/x").iterdir()) == ["index.html", "index.html.gz"]


def test_a_failed_write_leaves_the_old_page_and_no_temporary_file(root, monkeypatch):
    tree.write(root, "b/x/index.html", b"old")

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        tree.write(root, "b/x/index.html", b"new")
    assert (root / "b/x/index.html").read_bytes() == b"old"
    assert [p.name for p in (root / "b/x").iterdir()] == ["index.html"]


def test_a_second_rebuild_writes_nothing_and_the_map_lists_what_each_page_shows(site, root):
    call_command("publish_site")
    assert publisher.rebuild().written == 0
    keys = set(PageDependency.objects.filter(page__url="/b/xiuwu/records/").values_list("key", flat=True))
    assert {"bureau:xiuwu", "records:xiuwu"} <= keys


def test_bureau_option_publishes_only_that_bureaus_pages(site, root):
    call_command("publish_site", "--bureau", "wenxian")
    assert (root / "b/wenxian/index.html").is_file()
    assert (root / f"records/{site['other'].uuid}/index.html").is_file()
    assert not (root / "b/xiuwu").exists()
    assert not (root / f"records/{site['record'].uuid}").exists()
    assert not (root / "index.html").exists()


def test_check_passes_on_a_fresh_tree_and_lists_missing_stale_and_orphaned_files(site, root, tmp_path, capsys):
    out = tmp_path / "other"
    call_command("publish_site", "--out", str(out))
    capsys.readouterr()
    call_command("publish_site", "--check", "--out", str(out))
    assert capsys.readouterr().out.startswith("OK")

    (out / "b/xiuwu/rules/index.html").unlink()
    (out / "b/xiuwu/index.html").write_bytes(b"tampered")
    (out / "b/xiuwu/old.html").write_bytes(b"left over")
    with pytest.raises(SystemExit) as exit_status:
        call_command("publish_site", "--check", "--out", str(out))
    assert exit_status.value.code == 1
    printed = capsys.readouterr().out
    assert "missing: b/xiuwu/rules/index.html\n" in printed
    assert "stale: b/xiuwu/index.html\n" in printed
    assert "orphaned: b/xiuwu/old.html\n" in printed
    assert printed.count("missing: ") == 1
    assert printed.count("stale: ") == 1
    assert printed.count("orphaned: ") == 1


def test_a_full_rebuild_removes_pages_that_no_longer_exist(site, root):
    publisher.rebuild()
    stray = root / "b/nowhere/index.html"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"x")
    summary = publisher.rebuild()
    assert not stray.exists()
    assert summary.removed == 1


def test_rendering_leaves_the_callers_language_active(root, xiuwu):
    from django.utils import translation

    from gongkai.publishing.render import render

    with translation.override("zh-hans"):
        render("/en/b/xiuwu/")
        assert translation.get_language() == "zh-hans"
