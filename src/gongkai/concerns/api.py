"""The public read API of responses to public concerns (no authentication): concerns with their published
responses only.

  GET /api/v1/concerns/?bureau=CODE
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers

from gongkai.organizations.models import Bureau

from . import selectors
from .models import Concern, ConcernResponse


class ConcernResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConcernResponse
        fields = ["kind", "title", "text", "occurred_at", "published_at"]


class ConcernSerializer(serializers.ModelSerializer):
    bureau = serializers.CharField(source="bureau.code", read_only=True)
    responses = ConcernResponseSerializer(source="published_responses", many=True, read_only=True)

    class Meta:
        model = Concern
        fields = ["id", "bureau", "title", "summary", "level", "detected_at", "responses"]


@extend_schema_view(
    get=extend_schema(
        summary="List responses to public concerns",
        description="Public concerns (政务舆情) with their published responses (authoritative release, press "
        "conference, response), newest concern first.",
        parameters=[OpenApiParameter("bureau", str, description="Bureau code, e.g. wuzhi")],
    )
)
class ConcernList(generics.ListAPIView):
    serializer_class = ConcernSerializer
    authentication_classes: list = []

    def get_queryset(self):
        code = self.request.query_params.get("bureau")
        bureau = (Bureau.objects.filter(code=code).first() or Bureau(pk=0)) if code else None
        return selectors.published(bureau)
