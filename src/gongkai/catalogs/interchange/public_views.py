"""Public downloads of published catalogs, and the published JSON Schema of the catalog format."""

from __future__ import annotations

import copy

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors

from .. import selectors
from ..document import SCHEMA_URL_PATH, catalog_schema
from . import service
from .filecheck import EXPORT_FORMATS

CACHE_SECONDS = 24 * 3600  # a published version never changes, so its files never do


def _public_base() -> str:
    return settings.GONGKAI.get("PUBLIC_BASE_URL", "").rstrip("/")


@require_GET
def download(request, code, fmt):
    """/b/<code>/catalog/download.<fmt>[?version=N]: the current (or N-th) published version."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    try:
        bureau = portal_selectors.bureau_get_public(code)
    except Bureau.DoesNotExist as exc:
        raise Http404 from exc
    number = request.GET.get("version")
    if number is not None:
        if not (number.isascii() and number.isdigit()):
            raise Http404
        version = selectors.published_version(bureau, int(number))
    else:
        version = selectors.current_published_version(bureau)
    if version is None:
        raise Http404
    # a version's items never change; the bureau's name (printed in the title) might
    stamp = int(bureau.updated_at.timestamp()) if bureau.updated_at else 0
    key = f"catalog-file:{bureau.code}:{version.pk}:{version.number}:{stamp}:{fmt}"
    content = cache.get(key)
    if content is None:
        content = service.render(service.version_source(version), fmt, bureau=bureau, base_url=_public_base())
        cache.set(key, content, CACHE_SECONDS)
    response = HttpResponse(content, content_type=service.CONTENT_TYPES[fmt])
    filename = f"{bureau.code}-catalog-v{version.number}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "public, max-age=86400" if number is not None else "public, max-age=300"
    return response


@require_GET
def catalog_schema_view(request):
    """/api/v1/schemas/catalog.json with an absolute, stable $id (PUBLIC_BASE_URL + the path)."""
    schema = copy.deepcopy(catalog_schema())
    schema["$id"] = _public_base() + SCHEMA_URL_PATH
    response = JsonResponse(schema, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/schema+json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response
