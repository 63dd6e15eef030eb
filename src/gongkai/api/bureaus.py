"""Public read API for bureaus and the staff API for a bureau's disclosure guide."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers

from gongkai.accounts import permissions as perms
from gongkai.core.confidentiality import PERSON_RESULTS
from gongkai.organizations.models import Bureau
from gongkai.portal import selectors, services
from gongkai.portal.models import DisclosureGuide


class BureauSerializer(serializers.ModelSerializer):
    parent_code = serializers.SlugRelatedField(source="parent", slug_field="code", read_only=True, allow_null=True)
    review_office_code = serializers.SlugRelatedField(
        source="review_office", slug_field="code", read_only=True, allow_null=True
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Bureau
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "parent_code",
            "review_office_code",
            "division_code",
            "credit_code",
            "address",
            "phone",
            "office_hours",
            "leader_name",
            "leader_title",
            "disclosure_office",
            "disclosure_phone",
            "disclosure_email",
            "url",
        ]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


@extend_schema_view(
    get=extend_schema(
        summary="List bureaus",
        description="Every active bureau with its code and its parent's code (the tree of the city bureau, "
        "county-level bureaus, township units and government review offices).",
    )
)
class BureauList(generics.ListAPIView):
    serializer_class = BureauSerializer
    queryset = (
        Bureau.objects.filter(is_active=True).select_related("parent", "review_office").order_by("sort_order", "code")
    )


@extend_schema_view(get=extend_schema(summary="Get one bureau", description="A bureau by its stable code."))
class BureauDetail(generics.RetrieveAPIView):
    serializer_class = BureauSerializer
    lookup_field = "code"
    queryset = BureauList.queryset


class GuideSerializer(serializers.ModelSerializer):
    bureau_code = serializers.CharField(source="bureau.code", read_only=True)
    publish = serializers.BooleanField(write_only=True, required=False, default=False)
    confidentiality_result = serializers.ChoiceField(
        choices=[c.value for c in PERSON_RESULTS],
        write_only=True,
        required=False,
        allow_blank=True,
        default="",
        help_text="With publish: the result of the confidentiality check (保密审查), required.",
    )
    confidentiality_notes = serializers.CharField(write_only=True, required=False, allow_blank=True, default="")

    class Meta:
        model = DisclosureGuide
        fields = [
            "bureau_code",
            "body",
            "rules_text",
            "live",
            "has_unpublished_changes",
            "last_published_at",
            "publish",
            "confidentiality_result",
            "confidentiality_notes",
        ]
        read_only_fields = ["live", "has_unpublished_changes", "last_published_at"]


@extend_schema_view(
    get=extend_schema(summary="Get the working copy of a bureau's disclosure guide (staff)"),
    put=extend_schema(
        summary="Change a bureau's disclosure guide (staff)",
        description="Saves a new revision when the content changed. With `publish=true` the latest revision is "
        "published by a reviewer or the leader of the bureau who wrote none of the unpublished revisions (four "
        "eyes; 403 with code own_approval or approver_role otherwise), recording the confidentiality check "
        "(`confidentiality_result`, required). Only the bureau's own editors, reviewers and leaders may save.",
    ),
)
class StaffGuide(generics.RetrieveUpdateAPIView):
    serializer_class = GuideSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "put", "head", "options"]

    def get_object(self):
        bureau = get_object_or_404(Bureau, code=self.kwargs["code"])
        # Another bureau's draft is not even acknowledged: 404, not 403.
        if not perms.can(self.request.user, "portal.view_guide", bureau) and not perms.can(
            self.request.user, "portal.change_guide", bureau
        ):
            from django.http import Http404

            raise Http404
        guide = selectors.guide_get_working_copy(bureau)
        return guide

    def perform_update(self, serializer):
        data = serializer.validated_data
        services.guide_save(
            bureau=serializer.instance.bureau,
            body=data.get("body", serializer.instance.body),
            rules_text=data.get("rules_text", serializer.instance.rules_text),
            publish=data.get("publish", False),
            confidentiality_result=data.get("confidentiality_result", ""),
            notes=data.get("confidentiality_notes", ""),
            acting_user=self.request.user,
            request=self.request,
        )
        serializer.instance = selectors.guide_get_working_copy(serializer.instance.bureau)
