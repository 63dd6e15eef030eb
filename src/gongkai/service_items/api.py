"""The public read API of service items (no authentication; published guides only).

  GET /api/v1/service-items/?bureau=CODE         published items, each with its guide
  GET /api/v1/bureaus/{code}/service-items/{item_code}/   one published item

Each item carries its published guide (materials with their form template URLs, time limits, fees, office,
FAQ), the catalog items that publish it, and the URLs of its one-time notice (PDF and mobile page).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers

from gongkai.organizations.models import Bureau

from . import notice, selectors
from .models import GUIDE_CONTENT_FIELDS, GuideMaterial, ServiceGuide, ServiceItem


def _absolute(path: str) -> str:
    return settings.GONGKAI["PUBLIC_BASE_URL"].rstrip("/") + path


class ServiceMaterialSerializer(serializers.ModelSerializer):
    template_url = serializers.SerializerMethodField()

    class Meta:
        model = GuideMaterial
        fields = ["name", "form", "count", "required", "condition", "template_url"]

    def get_template_url(self, material) -> str | None:
        return _absolute(material.template.url) if material.template_id else None


class ServiceGuideSerializer(serializers.ModelSerializer):
    materials = ServiceMaterialSerializer(many=True, read_only=True)
    steps = serializers.ListField(source="step_list", child=serializers.CharField(), read_only=True)
    faq = serializers.ListField(child=serializers.DictField(child=serializers.CharField()), read_only=True)

    class Meta:
        model = ServiceGuide
        fields = [
            "number",
            *(f for f in GUIDE_CONTENT_FIELDS if f not in ("name", "item_type", "steps")),
            "steps",
            "materials",
            "faq",
            "approved_at",
        ]


class ServiceItemSerializer(serializers.ModelSerializer):
    bureau = serializers.CharField(source="bureau.code", read_only=True)
    guide = ServiceGuideSerializer(source="live_guide", read_only=True)
    catalog_items = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    notice_url = serializers.SerializerMethodField()
    notice_pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = ServiceItem
        fields = [
            "bureau",
            "code",
            "name",
            "item_type",
            "published_at",
            "url",
            "notice_url",
            "notice_pdf_url",
            "catalog_items",
            "guide",
        ]

    def get_catalog_items(self, item) -> list[str]:
        return [str(ci.key) for ci in item.catalog_items.all() if ci.removed_at is None]

    def get_url(self, item) -> str:
        from gongkai.portal.templatetags.portal_tags import link

        return _absolute(link("service_items:item", code=item.bureau.code, item_code=item.code))

    def get_notice_url(self, item) -> str:
        return notice.notice_page_url(item, absolute=True)

    def get_notice_pdf_url(self, item) -> str:
        return _absolute(notice.notice_pdf_url(item))


def _with_guides(items):
    guides = selectors.guide_with_materials(ServiceGuide.objects.all())
    return items.prefetch_related("catalog_items").prefetch_related(Prefetch("live_guide", queryset=guides))


@extend_schema_view(
    get=extend_schema(
        summary="List published service items",
        description="Published service items with their service guides, in the order of each bureau's list.",
        parameters=[OpenApiParameter("bureau", str, description="Bureau code, e.g. wuzhi")],
    )
)
class ServiceItemList(generics.ListAPIView):
    serializer_class = ServiceItemSerializer
    authentication_classes: list = []

    def get_queryset(self):
        code = self.request.query_params.get("bureau")
        bureau = (Bureau.objects.filter(code=code).first() or Bureau(pk=0)) if code else None
        return _with_guides(selectors.items_public(bureau)).order_by("bureau__code", "position", "code")


@extend_schema_view(get=extend_schema(summary="One published service item"))
class ServiceItemDetail(generics.RetrieveAPIView):
    serializer_class = ServiceItemSerializer
    authentication_classes: list = []

    def get_object(self):
        item = _with_guides(selectors.items_public()).filter(
            bureau__code=self.kwargs["code"], code=self.kwargs["item_code"]
        )
        found = item.first()
        if found is None:
            raise Http404
        return found
