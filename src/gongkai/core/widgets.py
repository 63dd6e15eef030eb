"""Admin form widgets."""

from wagtail.admin.rich_text import DraftailRichTextArea

# Django's CharField refuses values with a NUL character (ProhibitNullCharactersValidator), so an
# unreadable editor value becomes a form error instead of a server error.
UNREADABLE = "\x00"


class SafeDraftailRichTextArea(DraftailRichTextArea):
    """Wagtail's rich-text editor, answering a form error (not a 500) to a value that is not the
    editor's JSON (a tampered or truncated post): Wagtail's converter raises on it."""

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            return UNREADABLE

    def format_value(self, value):
        return super().format_value("" if value == UNREADABLE else value)


# Chooser widgets (snippets, documents, images, pages) that Wagtail initialises with an inline script.
CSP_CHOOSER_CONSTRUCTORS = {"SnippetChooser", "DocumentChooser", "ImageChooser", "PageChooser", "TaskChooser"}


def _csp_safe_chooser_render(self, name, value, attrs=None, renderer=None):
    """BaseChooser.render without an inline <script>: the constructor call's arguments go into a
    non-executable JSON block that gongkai_admin/csp-init.js turns into the call (strict CSP)."""
    import json

    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as exc:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from exc
    value_data = self.get_value_data(value)
    widget_html = self.render_html(name, value_data, attrs)
    options = json.dumps(self.get_js_init_options(id_, name, value_data))
    block = format_html(
        '<script type="application/json" data-gongkai-init="chooser" data-constructor="{}" data-target-id="{}">'
        "{}</script>",
        self.js_constructor,
        id_,
        mark_safe(json.dumps(options).replace("<", "\\u003c")),  # noqa: S308 - JSON, "<" escaped
    )
    return mark_safe(f"{widget_html}{block}")  # noqa: S308 - widget_html is Wagtail's escaped markup


def install_csp_safe_choosers() -> None:
    from wagtail.admin.widgets.chooser import BaseChooser

    BaseChooser.render = _csp_safe_chooser_render
