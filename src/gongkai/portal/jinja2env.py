"""The Jinja2 environment for the portal's high-volume public pages (the record page).

Django templates resolve every variable through a chain of lookups at render time; Jinja2 compiles a
template to Python once. The record page is the portal's most requested page, so it (with its frame,
`portal/base.html` under `jinja2/`) is a Jinja2 template; the other public pages stay Django templates.
The filters and globals below give the same output as the Django tags and filters the Django templates
use, so both kinds of page share one frame: `tests/portal/test_jinja2_frame.py` renders both and compares.

Translations: `_("…")` is Django's gettext, escaped as `{% translate %}` escapes it (`gettext_in`). `makemessages` extracts `{{ _("…") }}` from these `.html` files as it
does from Django templates; use no other translation syntax here.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from django.core.signals import setting_changed
from django.template import defaultfilters
from django.utils import timezone
from django.utils.translation import gettext, ngettext, trans_real
from jinja2 import Environment
from markupsafe import Markup, escape
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


@cache
def gettext_in(language: str):
    """Django's gettext for `language`, escaped, remembered per message: what `render_page` passes as `_`.

    A record page shows ~40 labels; `gettext` looks up the active language and the result is escaped on
    every call. Translations change only with a new process (tests that change the translation settings
    empty this cache through `setting_changed`)."""
    translate = trans_real.translation(language).gettext
    done: dict[str, Markup] = {}

    def gettext_escaped(message: str) -> Markup:
        try:
            return done[message]
        except KeyError:
            done[message] = translated = escape(translate(message))
            return translated

    return gettext_escaped


def _forget(setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "USE_I18N", "INSTALLED_APPS"}:
        gettext_in.cache_clear()


setting_changed.connect(_forget, dispatch_uid="jinja2env_forget")


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
