"""Links, static file names and dates for pages rendered on every request: the globals and filters of the
public pages' Jinja2 environment (`portal.jinja2env`), also loadable in Django templates (`{% load portal_tags %}`).
They give the output of Django's `date` filter (with fixed formats), `{% url %}` and `{% static %}` at a
fraction of their cost: `date` resolves localized formats on every call (~30 µs, and a record list shows
dozens of dates); a URL or a static file's hashed name does not change while a process runs, so `link`
and `asset` compute each once per process (and language) instead of on every page.
"""

import datetime
from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=4096)
def _link(language, script_prefix, name, kwargs):
    return reverse(name, kwargs=dict(kwargs))


@register.simple_tag
def link(name, **kwargs) -> str:
    """`{% url name key=value … %}` with keyword arguments only, remembered per process."""
    return _link(get_language(), get_script_prefix(), name, tuple(sorted(kwargs.items())))


# A UUID that no object has, standing for the UUID in a URL template (see uuid_link).
_UUID_MARK = "00000000-0000-4000-8000-00000000f00d"


@lru_cache(maxsize=64)
def _uuid_link_template(language, script_prefix, name, param):
    return reverse(name, kwargs={param: _UUID_MARK})


def uuid_link(name: str, param: str, value) -> str:
    """`reverse(name, kwargs={param: value})` for a UUID `value`: the URL with a stand-in UUID is computed
    once per process and language, then the UUID is put in (a page links several records by UUID)."""
    return _uuid_link_template(get_language(), get_script_prefix(), name, param).replace(_UUID_MARK, str(value))


@lru_cache(maxsize=256)
def _asset(path):
    return static(path)


@register.simple_tag
def asset(path) -> str:
    """`{% static path %}`, remembered per process (the static files manifest is read once at start)."""
    return _asset(path)


def _forget(**kwargs):
    _link.cache_clear()
    _uuid_link_template.cache_clear()
    _asset.cache_clear()


setting_changed.connect(_forget, dispatch_uid="portal_tags_forget")


@register.filter(expects_localtime=True)
def ymd(value) -> str:
    """`date:"Y-m-d"`."""
    if value in (None, ""):
        return ""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


@register.filter(expects_localtime=True)
def ymd_hm(value) -> str:
    """`date:"Y-m-d H:i"`."""
    if value in (None, ""):
        return ""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:{value.minute:02d}"


@register.filter(expects_localtime=True)
def iso(value) -> str:
    """ISO 8601 for `<time datetime>`: whole seconds (HTML allows at most three decimals)."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = value.replace(microsecond=0)
    return value.isoformat()
