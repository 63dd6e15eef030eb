"""Public form pages rendered once per process and minute, with the per-visitor parts put in per request.

A public intake form (the FOI request form, the comment form) shows nothing about its visitor except two
hidden values: the CSRF token and the form's `client_token` (the idempotency key, core.intake). For a
first visit — no session cookie and no messages cookie, so anonymous, with no message to show — the page
is rendered once per key (bureau or consultation, language) with a sentinel token, kept for
`GONGKAI["FORM_PAGE_SECONDS"]` (default 60; 0 turns it off), and each visitor gets it with a fresh `client_token` and their own masked CSRF token
(`get_token`, which also sets the CSRF cookie as a rendering would). Everything else — a signed-in
applicant (pre-filled fields), a bound form with errors — renders as before. A change to the page's
content (a bureau renamed, a consultation closed) shows within that time.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token

DEFAULT_SECONDS = 60
_MAX_PAGES = 2000
SENTINEL = uuid.UUID("00000000-0000-4000-8000-00000000f0f0")
_CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_CSRF_MARK = "\x00csrf\x00"
_pages: dict[tuple, tuple[float, str, str | None]] = {}


def first_visit(request) -> bool:
    """No session and no pending message: the page cannot show anything of this visitor."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def form_page(request, key: tuple, render: Callable[[uuid.UUID], HttpResponse]) -> HttpResponse:
    """`render(client_token)` renders the unbound form page; cached per `key` for first visits."""
    ttl = float(settings.GONGKAI.get("FORM_PAGE_SECONDS", DEFAULT_SECONDS))
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


def clear() -> None:
    _pages.clear()
