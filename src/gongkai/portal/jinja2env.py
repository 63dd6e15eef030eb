"""The Jinja2 environment for the portal's high-volume public pages (the record page).

Django templates resolve every variable through a chain of lookups at render time; Jinja2 compiles a
template to Python once. The record page is the portal's most requested page, so it (with its frame,
`portal/base.html` under `jinja2/`) is a Jinja2 template; the other public pages stay Django templates.
The filters and globals below give the same output as the Django tags and filters the Django templates
use, so both kinds of page share one frame: `tests/portal/test_jinja2_frame.py` renders both and compares.

Translations: `_("…")` is Django's gettext (old-style callables, so the result is escaped like any other
value, as `{% translate %}` does). `makemessages` extracts `{{ _("…") }}` from these `.html` files as it
does from Django templates; use no other translation syntax here.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from django.template import defaultfilters
from django.utils import timezone
from django.utils.translation import gettext, ngettext, trans_real
from jinja2 import Environment
from wagtail.templatetags.wagtailcore_tags import richtext

from .templatetags import portal_tags


def _local(value):
    """What Django's `expects_localtime` filters receive: aware datetimes in the current time zone."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def ymd(value) -> str:
    return portal_tags.ymd(_local(value))


def ymd_hm(value) -> str:
    return portal_tags.ymd_hm(_local(value))


def iso(value) -> str:
    return portal_tags.iso(_local(value))


def gettext_in(language: str):
    """Django's gettext for `language`, bound to its catalog: what `render_page` passes as `_`, so that
    the page's ~40 labels skip the active-language lookup that `gettext` makes on every call."""
    return trans_real.translation(language).gettext


@cache
def _choices(model, field_name: str) -> dict:
    return dict(model._meta.get_field(field_name).flatchoices)


def display(instance, field_name: str) -> str:
    """`instance.get_<field>_display()` without rebuilding the choices mapping on every call."""
    value = getattr(instance, field_name)
    label = _choices(type(instance), field_name).get(value, value)
    return "" if label is None else str(label)


def environment(**options) -> Environment:
    # Django keeps a template's final newline; so must we, for identical frames.
    options.setdefault("keep_trailing_newline", True)
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    env.globals.update(link=portal_tags.link, asset=portal_tags.asset)
    env.filters.update(
        ymd=ymd,
        ymd_hm=ymd_hm,
        iso=iso,
        richtext=richtext,
        display=display,
        truncatechars=defaultfilters.truncatechars,
        filesizeformat=defaultfilters.filesizeformat,
        linebreaksbr=lambda value: defaultfilters.linebreaksbr(value, autoescape=True),
    )
    return env
