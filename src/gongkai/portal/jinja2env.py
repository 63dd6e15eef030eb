"""The Jinja2 environment of every public page (portal, catalogs, records, FOI forms, applicant accounts).

All public pages are Jinja2 templates in the apps' `jinja2/` directories, with one frame
(`portal/jinja2/portal/base.html`); Django templates (`templates/`) are left to Wagtail's admin and the
admin screens. Django templates resolve every variable through a chain of lookups at render time, Jinja2
compiles a template to Python once: templates render 1.3 to 8 times faster (see bench/README.md), which
matters when static publishing renders every page. The filters and globals below give the output of the
Django tags and filters the pages used before (`date`, `url`, `static`, `join`, `linebreaksbr`, …).

Translations: `_("…")` is Django's gettext, marked safe as `{% translate "…" %}` marks the translation of
a template literal (`gettext_in`); a message with placeholders is
`{{ _("Page %(n)s of %(total)s") % {"n": n, "total": total} }}`, whose values are escaped (as
`{% blocktranslate %}` escapes them). `makemessages` extracts `_("…")` from these `.html` files as it does
from Django templates; it does not see `ngettext`, `pgettext` or `{% trans %}` here, so such messages are
made in Python (see `records.views._result_summary`). Use no other translation syntax in templates.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from django.core.signals import setting_changed
from django.template import defaultfilters
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext, trans_real
from jinja2 import Environment
from markupsafe import Markup
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


def date(value, format_string=None) -> str:
    """Django's `date` filter (for formats other than `ymd`, `ymd_hm` and `iso`)."""
    return defaultfilters.date(_local(value), format_string)


def join(value, separator="") -> str:
    """Django's `join`: the items and the separator escaped."""
    return defaultfilters.join(value, separator, autoescape=True)


@cache
def gettext_in(language: str):
    """Django's gettext for `language`, remembered per message: what `render_page` passes as `_`.

    The translation is safe HTML, as `{% translate "…" %}` treats it (a template's own text and its
    translations are the project's, not user input). A record page shows ~40 labels; `gettext` looks up the
    active language on every call. Translations change only with a new process (tests that change the
    translation settings empty this cache through `setting_changed`)."""
    translate = trans_real.translation(language).gettext
    done: dict[str, Markup] = {}

    def gettext_safe(message: str) -> Markup:
        try:
            return done[message]
        except KeyError:
            done[message] = translated = Markup(translate(message))
            return translated

    return gettext_safe


def gettext_active(message: str) -> Markup:
    """`_` in a template rendered without `portal.rendering` (which passes `gettext_in(language)`)."""
    return gettext_in(get_language())(message)


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
    # Django keeps a template's final newline; so do we.
    options.setdefault("keep_trailing_newline", True)
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    # `link` is `{% url %}` (keyword arguments), `asset` is `{% static %}`; both remembered per process.
    env.globals.update(_=gettext_active, link=portal_tags.link, asset=portal_tags.asset)
    env.filters.update(
        ymd=ymd,
        ymd_hm=ymd_hm,
        iso=iso,
        date=date,
        join=join,
        richtext=richtext,
        display=display,
        urlencode=defaultfilters.urlencode,
        truncatechars=defaultfilters.truncatechars,
        filesizeformat=defaultfilters.filesizeformat,
        linebreaksbr=lambda value: defaultfilters.linebreaksbr(value, autoescape=True),
    )
    return env


def instrument_for_tests() -> None:
    """Make Jinja2 templates send `template_rendered`, as Django's test setup makes Django templates do, so
    that the test client's `response.context` and `response.templates` cover the public pages. Called by
    the test suite (tests/conftest.py) only."""
    from django.template.backends import jinja2 as backend
    from django.test.signals import template_rendered

    if getattr(backend.Template.render, "instrumented", False):
        return
    render = backend.Template.render

    def instrumented_render(self, context=None, request=None):
        template_rendered.send(sender=self, template=self, context=context if context is not None else {})
        return render(self, context, request)

    instrumented_render.instrumented = True
    backend.Template.render = instrumented_render
