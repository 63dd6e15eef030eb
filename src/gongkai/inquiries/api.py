"""The public read API of inquiries (no authentication): answered and published inquiries only, never the
asker's name or contact.

  GET /api/v1/inquiries/?bureau=CODE&topic=TOPIC
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.exceptions import ErrorDetail

from gongkai.organizations.models import Bureau

from . import selectors
from .models import Inquiry, Topic


class InquirySerializer(serializers.ModelSerializer):
    bureau = serializers.CharField(source="bureau.code", read_only=True)
    subject = serializers.CharField(source="public_subject", read_only=True)
    question = serializers.CharField(source="public_body", read_only=True)
    answer = serializers.CharField(source="answer_text", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Inquiry
        fields = ["id", "bureau", "topic", "subject", "question", "answer", "submitted_at", "answered_at", "url"]

    def get_url(self, inquiry) -> str:
        from gongkai.portal.templatetags.portal_tags import link

        base = settings.GONGKAI["PUBLIC_BASE_URL"].rstrip("/")
        return base + link("inquiries:detail", code=inquiry.bureau.code, pk=inquiry.pk)


@extend_schema_view(
    get=extend_schema(
        summary="List answered, published inquiries",
        description="Public inquiries (政务咨询) that were answered and published with the asker's consent, "
        "newest answer first. The asker's name and contact are never included.",
        parameters=[
            OpenApiParameter("bureau", str, description="Bureau code, e.g. wuzhi"),
            OpenApiParameter("topic", str, enum=Topic.values, description="Topic"),
        ],
    )
)
class InquiryList(generics.ListAPIView):
    serializer_class = InquirySerializer
    authentication_classes: list = []

    def get_queryset(self):
        code = self.request.query_params.get("bureau")
        bureau = (Bureau.objects.filter(code=code).first() or Bureau(pk=0)) if code else None
        rows = selectors.published(bureau)
        topic = self.request.query_params.get("topic")
        if topic is not None and topic not in Topic.values:
            raise serializers.ValidationError(
                {
                    "topic": [
                        ErrorDetail(
                            _("Unknown topic; one of: %(topics)s") % {"topics": ", ".join(Topic.values)},
                            code="invalid_choice",
                        )
                    ]
                }
            )
        return rows.filter(topic=topic) if topic else rows
