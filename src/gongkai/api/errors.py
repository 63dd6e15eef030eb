"""One error format for the whole API: {"code": ..., "message": ..., "fields": {...}}.

DRF's views answer through `exception_handler`; everything else under /api/ (unknown paths, oversized
bodies, server errors) through gongkai.api.middleware with `error_response`. Codes are stable.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

# Stable code and message per status for errors that do not come from a DRF view.
_BY_STATUS = {
    400: ("bad_request", gettext_lazy("The request is not valid.")),
    401: ("not_authenticated", gettext_lazy("Authentication is required.")),
    403: ("permission_denied", gettext_lazy("You may not do this.")),
    404: ("not_found", gettext_lazy("Not found.")),
    405: ("method_not_allowed", gettext_lazy("This method is not allowed here.")),
    406: ("not_acceptable", gettext_lazy("The API answers in JSON only.")),
    413: ("request_too_large", gettext_lazy("The request body is too large.")),
    415: ("unsupported_media_type", gettext_lazy("Send the body as JSON.")),
    429: ("throttled", gettext_lazy("Too many requests; try again later.")),
    500: ("server_error", gettext_lazy("A server error occurred; it has been logged.")),
    503: ("unavailable", gettext_lazy("The service is unavailable just now; try again later.")),
}


def status_code_name(status_code: int) -> str:
    if status_code in _BY_STATUS:
        return _BY_STATUS[status_code][0]
    if 300 <= status_code < 400:
        return "redirect"
    return "server_error" if status_code >= 500 else "error"


def error_response(status_code: int) -> JsonResponse:
    code = status_code_name(status_code)
    if status_code in _BY_STATUS:
        message = str(_BY_STATUS[status_code][1])
    elif 300 <= status_code < 400:
        message = _("Moved: see the Location header.")
    else:
        message = _("The request failed.")
    return JsonResponse(
        {"code": code, "message": message, "fields": {}}, status=status_code, json_dumps_params={"ensure_ascii": False}
    )


def _first_code(detail) -> str:
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_code(value)
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    return getattr(detail, "code", None) or "invalid"


def _detail_code(exc) -> str:
    detail = getattr(exc, "detail", None)
    return getattr(detail, "code", None) or getattr(exc, "default_code", "error")


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        return Response({"code": "request_too_large", "message": str(_BY_STATUS[413][1]), "fields": {}}, status=413)
    if isinstance(exc, UnicodeDecodeError):
        exc = exceptions.ParseError(_("The request is not valid UTF-8."), code="parse_error")
    if isinstance(exc, DjangoValidationError):
        # get_error_detail keeps each error's stable `code` (e.g. "pii_found", "wrong_bureau").
        detail = get_error_detail(exc)
        if not isinstance(detail, dict):
            detail = {"non_field_errors": detail}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None, code=getattr(exc, "code", None) or "permission_denied")
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    if isinstance(exc, exceptions.ValidationError):
        body = {"code": _first_code(exc.detail), "message": _("The data is not valid."), "fields": detail}
    else:
        body = {
            "code": _detail_code(exc),
            "message": str(detail.get("detail", detail)) if isinstance(detail, dict) else str(detail),
            "fields": {},
        }
    return Response(body, status=response.status_code or status.HTTP_400_BAD_REQUEST, headers=response.headers)
