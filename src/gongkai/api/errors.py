"""One error format for the whole API: {"code": ..., "message": ..., "fields": {...}}."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


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
