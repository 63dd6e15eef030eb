"""Public form pages rendered once per process and minute, with the per-visitor parts put in per request.

A public intake form (the FOI request form, the comment form) shows nothing about its visitor except two
hidden values: the CSRF token and the form's `client_token` (the idempotency key, core.intake). For a
first visit — no session cookie and no messages cookie, so anonymous, with no message to show — the page
is rendered once per key (bureau or consultation, language) with a sentinel token, kept for
`GONGKAI["FORM_PAGE_SECONDS"]` (default 60; 0 turns it off), and each visitor gets it with a fresh `client_token` and their own masked CSRF token
(`get_token`, which also sets the CSRF cookie as a rendering would). Everything else — a signed-in
applicant (pre-filled fields), a bound form with errors — renders as before. A change to the page's
content (a bureau renamed, a consultation closed) shows within that time.

Published (the static publisher renders the page with `PUBLISHING_ATTR` set on its request): the page is
written to the tree without any CSRF token and with an nginx SSI directive in place of the `client_token`
(`SSI_TOKEN`: nginx's `$request_id`, 32 random hex digits per request, which the form's UUID field takes);
the generated nginx configuration turns `ssi on` for these paths only (publishing.nginx). Its POST is the
anonymous intake POST (core.public_post: same-origin, no CSRF token, no session). A visitor with a
session or a pending message is sent to the app by nginx and gets the dynamic page, as here.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token

DEFAULT_SECONDS = 60
_MAX_PAGES = 2000
SENTINEL = uuid.UUID("00000000-0000-4000-8000-00000000f0f0")
_CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_CSRF_MARK = "\x00csrf\x00"
_CSRF_INPUT_RE = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*"\s*/?>')
PUBLISHING_ATTR = "_publishing"  # set by publishing.render on the request it renders for the tree
SSI_TOKEN = "<!--# echo var='request_id' -->"  # single quotes: the file stays valid HTML
_pages: dict[tuple, tuple[float, str, str | None]] = {}
_answers: dict[tuple, tuple[float, str, str | None]] = {}
_recent: dict[tuple, tuple[float, object]] = {}
SENTINEL_NUMBER = "Q0000SENTINEL0000"
SENTINEL_TIME = dt.datetime(2000, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def _ttl() -> float:
    return float(settings.GONGKAI.get("FORM_PAGE_SECONDS", DEFAULT_SECONDS))


def first_visit(request) -> bool:
    """No session and no pending message: the page cannot show anything of this visitor."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def form_page(request, key: tuple, render: Callable[[uuid.UUID], HttpResponse]) -> HttpResponse:
    """`render(client_token)` renders the unbound form page; cached per `key` for first visits."""
    if publishing(request):
        return _published(request, render)
    ttl = _ttl()
    if request.method not in ("GET", "HEAD") or not ttl or not first_visit(request):
        return render(uuid.uuid4())
    now = time.monotonic()
    hit = _pages.get(key)
    if hit is None or hit[0] < now:
        response = render(SENTINEL)
        html = response.content.decode()
        match = _CSRF_RE.search(html)
        if response.status_code != 200 or match is None or str(SENTINEL) not in html:
            return render(uuid.uuid4())
        if len(_pages) >= _MAX_PAGES:
            _pages.clear()
        hit = (now + ttl, html.replace(match.group(1), _CSRF_MARK), response.get("Content-Language"))
        _pages[key] = hit
    html = hit[1].replace(_CSRF_MARK, get_token(request)).replace(str(SENTINEL), str(uuid.uuid4()))
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-store"
    if hit[2]:
        response["Content-Language"] = hit[2]
    return response


def _published(request, render: Callable[[uuid.UUID], HttpResponse]) -> HttpResponse:
    """The page for the tree: no CSRF token (and no CSRF cookie), nginx's SSI token as `client_token`."""
    response = render(SENTINEL)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False  # the template asked for a token: no cookie for the file
    if response.status_code != 200:
        return response
    html = _CSRF_INPUT_RE.sub("", response.content.decode()).replace(str(SENTINEL), SSI_TOKEN)
    published = HttpResponse(html)
    if response.get("Content-Language"):
        published["Content-Language"] = response["Content-Language"]
    return published


def publishing(request) -> bool:
    """Whether `request` renders a page for the published tree (publishing.render)."""
    return getattr(request, PUBLISHING_ATTR, False)


def recent(request, key: tuple, load: Callable[[], object]):
    """`load()`, kept per process for `FORM_PAGE_SECONDS` like the pages (the bureau or consultation of a
    form and its POST); loaded afresh for the publisher, which must never write a stale page."""
    ttl, now = _ttl(), time.monotonic()
    if not ttl or publishing(request):
        return load()
    hit = _recent.get(key)
    if hit is None or hit[0] < now:
        if len(_recent) >= _MAX_PAGES:
            _recent.clear()
        hit = (now + ttl, load())
        _recent[key] = hit
    return hit[1]


def acknowledgement(
    request,
    key: tuple,
    render: Callable[[str, dt.datetime], HttpResponse],
    *,
    number: str,
    received_at: dt.datetime,
    stamps: Callable[[dt.datetime], Iterable[str]],
) -> HttpResponse:
    """`render(number, received_at)`, the answer of an anonymous intake POST, rendered once per `key` (and
    `FORM_PAGE_SECONDS`) with sentinels, then the number and the time put in: `stamps(t)` are the ways the
    page prints a time (each replaced from the sentinel's to the receipt's). A visitor with a pending message
    gets it rendered."""
    ttl = _ttl()
    if not ttl or "messages" in request.COOKIES:
        return render(number, received_at)
    now = time.monotonic()
    hit = _answers.get(key)
    if hit is None or hit[0] < now:
        response = render(SENTINEL_NUMBER, SENTINEL_TIME)
        html = response.content.decode()
        if response.status_code != 200 or SENTINEL_NUMBER not in html or _CSRF_RE.search(html) or response.cookies:
            return render(number, received_at)
        if len(_answers) >= _MAX_PAGES:
            _answers.clear()
        hit = (now + ttl, html, response.get("Content-Language"))
        _answers[key] = hit
    html = hit[1].replace(SENTINEL_NUMBER, number)
    for sentinel, stamp in zip(stamps(SENTINEL_TIME), stamps(received_at), strict=True):
        html = html.replace(sentinel, stamp)
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-store"
    if hit[2]:
        response["Content-Language"] = hit[2]
    return response


def clear() -> None:
    _pages.clear()
    _answers.clear()
    _recent.clear()
