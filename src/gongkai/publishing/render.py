"""Render one portal URL exactly as an anonymous visitor of the dynamic portal gets it.

The request goes through Django's own handler in-process (the real URLconf and middleware, no network,
no cookies), with the host and scheme of PUBLIC_BASE_URL (feeds and sitemaps print absolute links).
A page that carries per-visitor parts (a CSRF token or cookie, a CSP nonce, a session) is refused:
it must never be written to a file that every visitor gets.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import set_urlconf
from django.utils import translation
from django.utils.translation import get_language_from_path

from gongkai.core.form_pages import PUBLISHING_ATTR
from gongkai.portal import rendering as portal_rendering


class PerVisitorContent(Exception):
    """The page holds something that differs per visitor; it cannot be published as a file."""


@dataclass(frozen=True)
class Rendered:
    status: int
    content: bytes
    content_type: str


_PER_VISITOR = re.compile(rb"csrfmiddlewaretoken|\bnonce=\"[^\"]")


class _QuietFilter(logging.Filter):
    """The app logs every 4xx answer ("Gone: /records/…"); a withdrawn page published is no warning."""

    def filter(self, record):
        return not getattr(getattr(record, "request", None), PUBLISHING_ATTR, False)


logging.getLogger("django.request").addFilter(_QuietFilter())


class _Handler(BaseHandler):
    def __init__(self):
        super().__init__()
        self.load_middleware()


_handler: _Handler | None = None


def _get_handler() -> _Handler:
    global _handler
    if _handler is None:
        _handler = _Handler()
    return _handler


def _factory() -> RequestFactory:
    base = urlsplit(settings.GONGKAI["PUBLIC_BASE_URL"])
    host = base.netloc or "localhost"
    return RequestFactory(headers={"host": host}, secure=base.scheme == "https")


def render(url_path: str) -> Rendered:
    """GET `url_path` (no query string) as an anonymous visitor; the answer's status, bytes and type."""
    request = _factory().get(url_path)
    setattr(request, PUBLISHING_ATTR, True)  # a form page is rendered for the tree (core.form_pages)
    host = request.META["HTTP_HOST"]
    request.get_host = lambda: host  # the public name, whatever ALLOWED_HOSTS of the editing system says
    set_urlconf(settings.ROOT_URLCONF)
    # the locale middleware leaves the page's language active: keep the caller's
    with translation.override(translation.get_language()):
        response = _get_handler().get_response(request)
    try:
        if getattr(response, "streaming", False):
            content = b"".join(response.streaming_content)
        else:
            content = response.content
    finally:
        # as Django's test client does: the response's closing signal would close the database
        # connection after every page (and, inside a transaction, break it)
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)
    if response.status_code in (200, 410):
        _refuse_per_visitor(url_path, response, content)
    return Rendered(response.status_code, content, response.get("Content-Type", ""))


def _refuse_per_visitor(url_path: str, response, content: bytes) -> None:
    if response.cookies:
        raise PerVisitorContent(f"{url_path} sets cookies: {', '.join(response.cookies)}")
    if response.get("Content-Type", "").startswith("text/html") and _PER_VISITOR.search(content):
        raise PerVisitorContent(f"{url_path} contains a CSRF token or a CSP nonce")


def render_not_found(url_path: str) -> Rendered:
    """The portal's 404 page in the language of `url_path`, as `handler404` answers any unknown address.

    Rendered by the function itself: with DEBUG on, Django answers 404s with its technical page instead.
    """
    language = get_language_from_path(url_path) or settings.LANGUAGE_CODE
    content = portal_rendering.render_not_found(language).encode()
    return Rendered(404, content, "text/html; charset=utf-8")
