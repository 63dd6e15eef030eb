"""The seam through which apps below the portal show a per-visitor page in the public frame.

The public frame (header, footer, language switch, site identity) belongs to `gongkai.portal`, which
sits above accounts. The applicant account pages (accounts/applicant.py) render through
`render_private_page()` here; `PortalConfig.ready()` registers the portal's renderer
(`portal.responses.render_private_page`), so accounts never imports the portal.
"""

from __future__ import annotations

from collections.abc import Callable

_renderer: Callable | None = None


def register_private_page_renderer(renderer: Callable) -> None:
    global _renderer
    _renderer = renderer


def render_private_page(request, template: str, context: dict, **kwargs):
    """The portal's `render_private_page(request, template, context, *, url_name, url_kwargs=None, status=200)`."""
    if _renderer is None:
        raise RuntimeError("No public frame is registered: is gongkai.portal in INSTALLED_APPS?")
    return _renderer(request, template, context, **kwargs)
