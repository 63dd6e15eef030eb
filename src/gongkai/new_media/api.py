"""The public read API of the new-media registry (no authentication; accounts in operation only).

GET /api/v1/new-media-accounts/?bureau=CODE    active accounts: platform, name, account id, bureau, opened on
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers

from gongkai.organizations.models import Bureau

from . import selectors
from .models import NewMediaAccount


class NewMediaAccountSerializer(serializers.ModelSerializer):
    bureau = serializers.CharField(source="bureau.code", read_only=True)
    bureau_name = serializers.CharField(source="bureau.name", read_only=True)
    platform_label = serializers.CharField(source="get_platform_display", read_only=True)
    account_id = serializers.CharField(source="handle", read_only=True)

    class Meta:
        model = NewMediaAccount
        fields = ["platform", "platform_label", "name", "account_id", "url", "bureau", "bureau_name", "opened_on"]


@extend_schema_view(
    get=extend_schema(
        summary="List government new-media accounts in operation",
        description="The public registry (政务新媒体名录): accounts whose opening was approved up the chain and "
        "that are not closed, ordered by bureau, platform and name.",
        parameters=[OpenApiParameter("bureau", str, description="Bureau code, e.g. wuzhi")],
    )
)
class NewMediaAccountList(generics.ListAPIView):
    serializer_class = NewMediaAccountSerializer
    authentication_classes: list = []

    def get_queryset(self):
        code = self.request.query_params.get("bureau")
        bureau = (Bureau.objects.filter(code=code).first() or Bureau(pk=0)) if code else None
        return selectors.accounts_public(bureau)
