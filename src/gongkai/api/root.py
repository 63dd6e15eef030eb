"""GET /api/v1/: the API's index, every endpoint with its path template (read from this URL tree)."""

from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

API_PREFIX = "/api/v1/"


def endpoints() -> list[dict]:
    """{name, path} of every endpoint under /api/v1/ (the index itself left out), in the URLconf's order."""
    tree = next(p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "api")
    return [
        {"name": pattern.name, "path": API_PREFIX + str(pattern.pattern)}
        for pattern in tree.url_patterns
        if isinstance(pattern, URLPattern) and pattern.name and pattern.name != "root"
    ]


class ApiRoot(APIView):
    permission_classes = []
    authentication_classes = []

    @extend_schema(
        summary="API index",
        description="Every endpoint of the API with its path template; the OpenAPI document is at `schema`.",
        responses=inline_serializer(
            "ApiIndex",
            fields={
                "version": serializers.CharField(),
                "schema": serializers.CharField(help_text="Path of the OpenAPI document."),
                "endpoints": inline_serializer(
                    "ApiEndpoint",
                    fields={
                        "name": serializers.CharField(help_text="Stable name of the endpoint, e.g. bureau-list."),
                        "path": serializers.CharField(help_text="Path template, e.g. /api/v1/bureaus/<slug:code>/."),
                    },
                    many=True,
                ),
            },
        ),
    )
    def get(self, request):
        return Response({"version": "v1", "schema": API_PREFIX + "schema/", "endpoints": endpoints()})
