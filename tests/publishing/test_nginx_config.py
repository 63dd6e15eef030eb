"""`manage.py nginx_config`: a real nginx serves the published tree and proxies the rest to the real app.

The app is pytest-django's live server (the whole Django stack on a free port); nginx runs as a child
process in a private prefix under tmp_path. Skipped when nginx is not installed (CI installs nginx-light).
"""

from __future__ import annotations

import gzip
import io
import re
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import include, path, resolve
from django.utils import translation

from gongkai.core import form_pages
from gongkai.core.models import IntakeEntry
from gongkai.publishing import nginx, nginx_routes
from tests.publishing.catalog_setup import published_two_item_catalog

pytestmark = pytest.mark.skipif(
    nginx.nginx_binary() is None, reason="nginx is not installed (apt-get install nginx-light)"
)

RECORD = "records/0b7e3c1e-2f0a-4d7e-9c4b-5b8f6f0d1a23/"
CONSULTATION = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _generate(root: Path, upstream: str, listen: int, *extra: str) -> str:
    out = io.StringIO()
    call_command(
        "nginx_config", "--root", str(root), "--upstream", upstream, "--listen", str(listen), *extra, stdout=out
    )
    return out.getvalue()


def _tree(root: Path) -> None:
    pages = {
        "index.html": "<!doctype html><title>home</title>" + "首页" * 200,
        "b/xiuwu/index.html": "<!doctype html><title>xiuwu</title>",
        "b/xiuwu/records/rss/index.rss": "<rss></rss>",
        "b/xiuwu/records/index.html": "<!doctype html><title>records 1</title>",
        "b/xiuwu/records/index.page-2.html": "<!doctype html><title>records 2</title>",
        "sitemap.xml": "<urlset></urlset>",
        "404.html": "<!doctype html><title>not found</title>",
        "en/404.html": "<!doctype html><title>Page not found</title>",
        "en/b/xiuwu/.tmp-half.html": "half a page",
        f"{RECORD}410.html": "<!doctype html><title>withdrawn</title>已撤回",
        # A stale file at a dynamic path must never be served: the app answers there.
        f"b/xiuwu/participation/consultations/{CONSULTATION}/comment/C1/index.html": "stale",
        # A published intake form (core.form_pages): nginx puts a fresh client_token in with SSI.
        "b/xiuwu/foi/apply/index.html": '<form method="post"><input name="client_token" value="'
        + form_pages.SSI_TOKEN
        + '"></form>',
        "foi/index.html": "stale",
        "records/5d0c1b7e-1f0a-4d7e-9c4b-5b8f6f0d1a24/attachments/3/index.pdf": "%PDF-1.4",
        "b/xiuwu/.tmp-half.html": "half a page",
    }
    for name, text in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "index.html.gz").write_bytes(gzip.compress((root / "index.html").read_bytes()))


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def served(tmp_path, live_server, settings):
    """nginx on a free port in front of the live server, serving a small published tree."""
    settings.STATIC_ROOT = tmp_path / "static"
    (tmp_path / "static" / "portal").mkdir(parents=True)
    (tmp_path / "static" / "portal" / "site.0123456789ab.css").write_text("body{}")
    (tmp_path / "static" / "portal" / "site.css").write_text("body{}")
    root = tmp_path / "site"
    _tree(root)
    port = _free_port()
    upstream = live_server.url.removeprefix("http://").replace("localhost", "127.0.0.1")
    conf = tmp_path / "nginx" / "nginx.conf"
    conf.parent.mkdir()
    conf.write_text(nginx.main_config(_generate(root, upstream, port), conf.parent))
    process = nginx.start(conf, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_generated_configuration_passes_nginx_t_also_with_tls(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    for name, extra in {
        "plain": (),
        "tls": ("--ssl-certificate", str(cert), "--ssl-certificate-key", str(key)),
    }.items():
        prefix = tmp_path / name
        prefix.mkdir()
        conf = prefix / "nginx.conf"
        conf.write_text(nginx.main_config(_generate(tmp_path / "site", "127.0.0.1:9", _free_port(), *extra), prefix))
        checked = subprocess.run(["nginx", "-t", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        assert "[warn]" not in checked.stderr


def test_a_published_page_is_answered_from_the_tree_with_the_apps_security_headers(served):
    status, headers, body = _get(served + "/b/xiuwu/")
    assert (status, body) == (200, b"<!doctype html><title>xiuwu</title>")
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "public, max-age=60"
    _, app_headers, _ = _get(served + "/healthz")  # the app answers this one
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert headers[name] == app_headers[name], name
    assert "nonce" not in headers["Content-Security-Policy"]


def test_the_gzip_copy_is_sent_to_clients_that_accept_it(served):
    status, headers, body = _get(served + "/", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "首页" in gzip.decompress(body).decode()


def test_feeds_and_files_keep_their_content_type(served):
    assert _get(served + "/b/xiuwu/records/rss/")[1]["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert _get(served + "/sitemap.xml")[1]["Content-Type"] == "application/xml"


def test_a_gone_page_answers_410_with_its_notice(served):
    status, headers, body = _get(served + "/" + RECORD)
    assert status == 410
    assert "已撤回" in body.decode()
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db(transaction=True)
def test_dynamic_paths_always_reach_the_app_even_over_a_stale_file(served):
    status, _, body = _get(served + "/foi/")
    assert status == 200 and body != b"stale"
    status, _, body = _get(served + f"/b/xiuwu/participation/consultations/{CONSULTATION}/comment/C1/")
    assert body != b"stale"  # the app answers (404: no such bureau in this database)
    assert _get(served + "/healthz")[0] == 200


@pytest.mark.django_db(transaction=True)
def test_a_published_form_gets_a_fresh_token_per_visit_and_its_post_reaches_the_app(served, xiuwu):
    from tests.foi_requests.test_validation import valid

    url = served + "/b/xiuwu/foi/apply/"
    tokens = []
    for _ in range(2):
        status, headers, body = _get(url)
        assert status == 200 and headers["Cache-Control"] == "private, no-store"
        tokens.append(re.search(rb'value="([0-9a-f]{32})"', body).group(1).decode())
    assert tokens[0] != tokens[1]
    assert b"csrfmiddlewaretoken" in _get(url, Cookie=f"{settings.SESSION_COOKIE_NAME}=x")[2]  # the app's form
    data = urllib.parse.urlencode({**valid(), "client_token": tokens[0]}).encode()
    request = urllib.request.Request(url, data=data, headers={"Origin": served})
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = response.read().decode()
    entry = IntakeEntry.objects.get()
    assert str(entry.client_token).replace("-", "") == tokens[0] and entry.number in answer


@pytest.mark.django_db(transaction=True)
def test_pages_not_in_the_tree_and_query_strings_go_to_the_app(served):
    status, headers, _ = _get(served + "/b/nowhere/")
    assert status == 404 and "public, max-age" not in headers.get("Cache-Control", "")
    # ?page=2 changes the page: the app renders it (here: 404, no such bureau), not the tree's page 1.
    assert _get(served + "/b/xiuwu/?page=2")[0] == 404
    assert _get(served + "/b/xiuwu/records/?page=3")[0] == 404
    assert _get(served + "/b/xiuwu/records/?page=2&year=2024")[0] == 404
    # A link shared on WeChat still gets the published page.
    assert _get(served + "/b/xiuwu/?from=singlemessage&isappinstalled=0")[2] == b"<!doctype html><title>xiuwu</title>"


def test_a_lists_later_page_is_answered_from_its_published_file(served):
    assert _get(served + "/b/xiuwu/records/")[2] == b"<!doctype html><title>records 1</title>"
    status, headers, body = _get(served + "/b/xiuwu/records/?page=2")
    assert (status, body) == (200, b"<!doctype html><title>records 2</title>")
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_a_published_attachment_is_a_download_and_temporary_files_are_never_served(served):
    status, headers, body = _get(served + "/records/5d0c1b7e-1f0a-4d7e-9c4b-5b8f6f0d1a24/attachments/3/")
    assert (status, body) == (200, b"%PDF-1.4")
    assert headers["Content-Type"] == "application/pdf" and headers["Content-Disposition"] == "attachment"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert _get(served + "/b/xiuwu/.tmp-half.html")[0] == 404


def test_nginx_answers_its_own_404_in_the_visitors_language(served):
    assert _get(served + "/b/xiuwu/.tmp-half.html")[2] == b"<!doctype html><title>not found</title>"
    status, _, body = _get(served + "/en/b/xiuwu/.tmp-half.html")
    assert status == 404 and body == b"<!doctype html><title>Page not found</title>"


def test_hashed_static_files_are_cached_for_a_year_others_for_an_hour(served):
    assert _get(served + "/static/portal/site.0123456789ab.css")[1]["Cache-Control"] == nginx.LONG_CACHE
    assert _get(served + "/static/portal/site.css")[1]["Cache-Control"] == "public, max-age=3600"
    status, _, body = _get(served + "/static/portal/missing.css")
    assert status == 404 and b"not found" in body  # the published 404 page


# ---- the dynamic paths come from the URLconf ---------------------------------------------------------


def _participation(request):  # pragma: no cover - never called, only routed
    raise AssertionError


participation_patterns = [path("", _participation, name="index"), path("<int:pk>/", _participation, name="item")]
urlpatterns = [
    path("participation/", include((participation_patterns, "participation"))),
    path("b/<slug:code>/kiosk/", _participation, name="kiosk"),
    path("b/<slug:code>/", _participation, name="bureau"),
]


def test_intake_forms_have_their_own_location_with_ssi_and_no_gzip_copy(tmp_path):
    config = _generate(tmp_path / "site", "127.0.0.1:9", 8080)
    form = config.split(f"location ~ {nginx._quote(nginx_routes.url_regex(*sorted(nginx_routes.FORM_URL_NAMES)))}")[1]
    form = form.split("\n    }")[0]
    assert "ssi on;" in form and "gzip_static off;" in form and "private, no-store" in form
    assert config.count("ssi on;") == 1
    routes = nginx_routes.dynamic_routes()
    assert not {name for _, name in routes.regex_parts} & nginx_routes.FORM_URL_NAMES


def test_a_new_apps_urls_are_proxied_without_touching_the_nginx_code(settings):
    settings.ROOT_URLCONF = __name__
    routes = nginx_routes.dynamic_routes(frozenset({"bureau"}))
    assert sorted(routes.prefixes) == ["/participation/"]
    assert routes.regex() == "^/(?:b/(?:[-a-zA-Z0-9_]+)/kiosk/)$"


def test_the_app_urlconf_puts_forms_search_admin_and_api_behind_the_app():
    routes = nginx_routes.dynamic_routes()
    for prefix in ("/admin/", "/api/v1/records/", "/foi/", "/en/foi/", "/search/", "/account/", "/documents/"):
        assert prefix in routes.prefixes, prefix
    assert "/healthz" in routes.exact
    assert "/b/" not in routes.prefixes and "/api/" not in routes.prefixes  # published pages live there


@pytest.mark.django_db
def test_every_page_the_publisher_writes_is_served_from_the_tree(xiuwu, editor, reviewer, gov_reviewer):
    """PUBLISHED_URL_NAMES and the publisher's page list stay in step: no published page is proxied."""
    from gongkai.publishing import pages
    from tests.records.factories import published_record

    catalog = published_two_item_catalog(xiuwu, editor, gov_reviewer)
    published_record(editor, reviewer, catalog.items.first())
    names = set()
    for spec in pages.all_specs():
        language = next((c for c, _ in settings.LANGUAGES if spec.url.startswith(f"/{c}/")), settings.LANGUAGE_CODE)
        with translation.override(language):
            if spec.status == 200:
                names.add(resolve(spec.url).view_name)
    assert {"records:detail", "catalogs:catalog", "portal:bureau", "records:bureau_feed_rss", "foi:apply"} <= names
    served = nginx_routes.PUBLISHED_URL_NAMES | nginx_routes.FORM_URL_NAMES  # forms: their own location
    assert names <= served, names - served
