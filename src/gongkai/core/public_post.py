"""The anonymous intake POST (FOI form, comment form): same-origin instead of a CSRF token (docs/adr/0003).

A published form page (nginx serves it from the tree, core.form_pages) is the same file for everyone, so
it cannot carry a per-visitor CSRF token. CSRF protects ambient authority (a session, a login); the
anonymous intake POST uses none: `mode()` says which path a POST takes.

- `SESSION`: the POST carries `csrfmiddlewaretoken` (the dynamic form a visitor with a session gets,
  e.g. a signed-in applicant with pre-filled fields). Django's CSRF check runs as for any form
  (`csrf_refusal` answers its 403); the view may then use the session and its user.
- `ANONYMOUS`: no token. The POST must come from this site's own page (`cross_site` refuses an `Origin`
  of another host, or `Sec-Fetch-Site` other than same-origin/none, with a 403 and a Chinese message),
  and the view ignores the session and its user entirely: it files as a first visit would, with the
  idempotency token, the per-address limit and the duplicate checks. A request with neither header
  (not a browser) is accepted: it has no victim's authority to borrow.

Views using this are `csrf_exempt` for the middleware; they call `csrf_refusal` themselves.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseForbidden
from django.http.request import split_domain_port
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.html import escape
from django.utils.translation import gettext as _

SESSION = "session"
ANONYMOUS = "anonymous"
TOKEN_FIELD = "csrfmiddlewaretoken"
_SAME_SITE_FETCH = {"same-origin", "none"}


def mode(request) -> str:
    """`SESSION` when the POST carries a CSRF token (then checked), else `ANONYMOUS` (same-origin only)."""
    return SESSION if TOKEN_FIELD in request.POST else ANONYMOUS


def csrf_refusal(request):
    """Django's CSRF check for a `csrf_exempt` view: None when it passes, else the 403 answer."""
    return CsrfViewMiddleware(lambda r: None).process_view(request, _checked_view, (), {})


def _checked_view(request):  # a callback without `csrf_exempt`, so process_view checks
    return None


def _origin_host(origin: str) -> str:
    try:
        return (urlsplit(origin).hostname or "").lower()
    except ValueError:
        return ""


def cross_site(request) -> bool:
    """Whether a browser says this POST comes from another site's page."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site and fetch_site.lower() not in _SAME_SITE_FETCH:
        return True
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return False
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return False
    host = split_domain_port(request.get_host())[0]
    # the host name only: behind nginx the Host header has no port (proxy_set_header Host $host)
    return not host or _origin_host(origin) != host


def cross_site_refusal(request):
    """None for a same-origin (or non-browser) POST, else a 403 answer in the visitor's language."""
    if not cross_site(request):
        return None
    message = _("This form can only be submitted from this website's own page. Please open the form again.")
    return HttpResponseForbidden(
        f'<!doctype html><meta charset="utf-8"><title>403</title><p>{escape(message)}</p>',
        content_type="text/html; charset=utf-8",
    )


def refusal(request):
    """None when this intake POST may proceed (`mode` says how), else the 403 answer."""
    return csrf_refusal(request) if mode(request) == SESSION else cross_site_refusal(request)
