"""Per-visitor portal pages (forms, sessions, search): rendered with the request, never cached."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.template import engines
from django.utils.translation import get_language


def render_private_page(
    request,
    template: str,
    context: dict,
    *,
    url_name: str,
    url_kwargs=None,
    status: int = 200,
    cache_control: str = "private, no-store",
):
    """`template` (Jinja2, extending portal/base.html) with the portal shell, `csrf_input` and `messages`.

    The request adds `request`, `csrf_input` and `csrf_token` to the context (Django's Jinja2 backend)."""
    from .rendering import language_alternates, page_context

    full = page_context(
        {"alternates": language_alternates(url_name, url_kwargs), "messages": get_messages(request), **context},
        get_language(),
    )
    response = HttpResponse(engines["jinja2"].get_template(template).render(full, request), status=status)
    response["Cache-Control"] = cache_control
    return response
