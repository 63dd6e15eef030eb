"""No /api/ response is ever HTML: errors raised outside DRF's views (unknown paths, a body over
DATA_UPLOAD_MAX_MEMORY_SIZE, CSRF, server errors) become the API's JSON error body with a stable code."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig

from .errors import error_response, status_code_name

API_PREFIX = "/api/"


def _is_json(response) -> bool:
    content_type = (response.get("Content-Type") or "").split(";")[0].strip().lower()
    return content_type == "application/json" or content_type.endswith("+json")


class JsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        if _too_big(request):
            return error_response(413)
        response = self.get_response(request)
        if _is_json(response) or getattr(response, "streaming", False):
            return response
        content_type = (response.get("Content-Type") or "").lower()
        if response.status_code >= 400 or content_type.startswith("text/html"):
            replacement = error_response(response.status_code)
            for header in ("Location", "Allow", "Retry-After", "WWW-Authenticate", "Vary"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response

    def process_exception(self, request, exception):
        if request.path_info.startswith(API_PREFIX) and isinstance(exception, RequestDataTooBig):
            return error_response(413)
        return None  # Django logs it and answers 500, which __call__ turns into JSON


def _too_big(request) -> bool:
    """A body Django would refuse to read (multipart bodies are checked per field by its parser)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or request.content_type == "multipart/form-data":
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > limit


__all__ = ["JsonErrorsMiddleware", "status_code_name"]
