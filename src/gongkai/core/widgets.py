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
