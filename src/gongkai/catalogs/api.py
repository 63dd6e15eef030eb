"""Public API of the standard catalogs: a bureau's published catalog in the uniform JSON format."""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.organizations.models import Bureau

from . import selectors
from .document import SCHEMA_URL_PATH, build_document


def version_document(version, *, base_url: str = "") -> dict:
    """The uniform catalog document (document.build_document) of one published version."""
    bureau = version.catalog.bureau
    return build_document(
        bureau_code=bureau.code,
        bureau_name=bureau.name,
        division_code=bureau.division_code,
        items=version.item_data(),
        version=version.number,
        status=version.status,
        approved_at=version.approved_at.isoformat() if version.approved_at else None,
        published_at=version.published_at.isoformat() if version.published_at else None,
        base_url=base_url,
    )


class BureauCatalog(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="bureau_catalog_retrieve",
        summary="Get a bureau's published standard catalog",
        description=(
            "The bureau's current published standard disclosure catalog (政务公开事项标准目录) in the uniform "
            f"catalog format, valid against the JSON Schema published at `{SCHEMA_URL_PATH}`. Every item carries "
            "its stable `key`, level-1/level-2 names, content, legal basis, time limit (as published and as a "
            "machine-readable rule), responsible body, mode, channels, audience and level. With `?version=N`, "
            "an older published version. Drafts and versions still in review are never returned. "
            "404 when the bureau is unknown or has no such published version."
        ),
        parameters=[
            OpenApiParameter(
                "version",
                OpenApiTypes.INT,
                OpenApiParameter.QUERY,
                required=False,
                description="Number of a published version (default: the current one).",
            )
        ],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=f"A catalog document (JSON Schema: {SCHEMA_URL_PATH}).",
                examples=[
                    OpenApiExample(
                        "Catalog",
                        value={
                            "$schema": "https://example.gov.cn" + SCHEMA_URL_PATH,
                            "format_version": "1.0",
                            "bureau": {"code": "wenxian", "name": "温县应急管理局", "division_code": "410825"},
                            "version": 2,
                            "status": "published",
                            "approved_at": "2020-09-10T10:00:00+08:00",
                            "published_at": "2020-09-12T09:00:00+08:00",
                            "items": [],
                        },
                    )
                ],
            ),
            404: OpenApiResponse(description="Unknown bureau, or no such published version (API error format)."),
        },
        tags=["catalogs"],
    )
    def get(self, request, code):
        bureau = Bureau.objects.disclosing().filter(code=code).first()
        if bureau is None:
            raise exceptions.NotFound(_("No bureau with this code."))
        raw = request.query_params.get("version")
        if raw in (None, ""):
            version = selectors.current_published_version(bureau)
        else:
            try:
                number = int(raw)
            except ValueError:
                raise exceptions.ValidationError({"version": [_("A version number is a whole number.")]}) from None
            version = selectors.published_version(bureau, number)
        if version is None:
            raise exceptions.NotFound(_("This bureau has no such published catalog."))
        base_url = settings.GONGKAI.get("PUBLIC_BASE_URL", "").rstrip("/")
        return Response(version_document(version, base_url=base_url))
