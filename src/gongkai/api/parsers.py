"""The API's JSON parser: every malformed body is a ParseError (a JSON 400 with code parse_error)."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

MAX_DEPTH = 32  # no request of the API nests deeper; a 5,000-deep body must not reach the serializers


def _depth_ok(value, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return True


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:  # json's decoder gives up on deep nesting with RecursionError
            raise _too_deep() from exc
        if not _depth_ok(data, MAX_DEPTH):
            raise _too_deep()
        return data


def _too_deep() -> exceptions.ParseError:
    return exceptions.ParseError(
        _("The JSON is nested more than %(levels)d levels deep.") % {"levels": MAX_DEPTH}, code="parse_error"
    )
