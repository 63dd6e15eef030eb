"""The public read API of participation (no authentication; published content only).

  GET /api/v1/decisions/?bureau=CODE&year=YYYY     published decision catalogs with their matters
  GET /api/v1/consultations/?bureau=CODE&status=open|closed|upcoming
                                                   published consultations; a closed one carries its
                                                   `adoption_summary` (URL and counts) once published
  GET /api/v1/hearings/?bureau=CODE                published hearings, forums and attendance

What a decision catalog lists is the snapshot of its last approval (a change is public once approved).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import generics, serializers
from rest_framework.exceptions import ErrorDetail

from gongkai.organizations.models import Bureau

from . import models, selectors
from .services import comments, consultations


def _absolute(path: str) -> str:
    return settings.GONGKAI["PUBLIC_BASE_URL"].rstrip("/") + path


def _link(name: str, **kwargs) -> str:
    from gongkai.portal.templatetags.portal_tags import link

    return _absolute(link(name, **kwargs))


class MatterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    department = serializers.CharField()
    summary = serializers.CharField()
    planned_on = serializers.DateField(allow_null=True)
    hearing_planned = serializers.BooleanField()
    public_participation = serializers.CharField()
    expert_argument = serializers.CharField()
    risk_assessment = serializers.CharField()
    legality_review = serializers.CharField()
    collective_discussion = serializers.CharField()
    decision_record = serializers.CharField(allow_null=True, help_text="URL of the published decision record")
    consultations = serializers.ListField(child=serializers.URLField())
    hearings = serializers.ListField(child=serializers.URLField())


class DecisionCatalogSerializer(serializers.ModelSerializer):
    bureau = serializers.CharField(source="bureau.code", read_only=True)
    url = serializers.SerializerMethodField()
    matters = serializers.SerializerMethodField()

    class Meta:
        model = models.DecisionCatalog
        fields = ["bureau", "year", "party_agreed_on", "published_at", "last_approved_at", "url", "matters"]

    def get_url(self, catalog) -> str:
        return _link("participation:catalog", code=catalog.bureau.code, year=catalog.year)

    @extend_schema_field(MatterSerializer(many=True))
    def get_matters(self, catalog) -> list[dict]:
        rows = catalog.published_data
        links = selectors.matter_links([row["id"] for row in rows])
        records = selectors.decision_records([r["decision_record"] for r in rows if r.get("decision_record")])
        code = catalog.bureau.code
        out = []
        for row in rows:
            record = records.get(row.get("decision_record") or "")
            found = links.get(row["id"], {})
            out.append(
                {
                    **{
                        k: row.get(k)
                        for k in MatterSerializer().fields
                        if k not in ("consultations", "hearings", "decision_record")
                    },
                    "decision_record": _absolute(record.get_absolute_url()) if record else None,
                    "consultations": [
                        _link("participation:consultation", code=code, uid=c.uid)
                        for c in found.get("consultations", [])
                    ],
                    "hearings": [
                        _link("participation:hearing", code=code, uid=h.uid) for h in found.get("hearings", [])
                    ],
                }
            )
        return out


class ConsultationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    bureau = serializers.CharField(source="bureau.code", read_only=True)
    status = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    draft_url = serializers.SerializerMethodField()
    explanation_url = serializers.SerializerMethodField()
    comments = serializers.SerializerMethodField()
    adoption_summary = serializers.SerializerMethodField()
    summary_due_on = serializers.SerializerMethodField()

    class Meta:
        model = models.Consultation
        fields = [
            "id",
            "bureau",
            "kind",
            "title",
            "status",
            "opens",
            "closes",
            "urgent_reason",
            "moderation",
            "published_at",
            "url",
            "draft_url",
            "explanation_url",
            "comments",
            "summary_due_on",
            "adoption_summary",
        ]

    def get_status(self, c) -> str:
        return consultations.phase(c)

    def get_url(self, c) -> str:
        return _link("participation:consultation", code=c.bureau.code, uid=c.uid)

    def get_draft_url(self, c) -> str | None:
        return _absolute(c.draft.url) if c.draft_id else None

    def get_explanation_url(self, c) -> str | None:
        return _absolute(c.explanation.url) if c.explanation_id else None

    @extend_schema_field(
        inline_serializer(
            "CommentCounts",
            {
                "received": serializers.IntegerField(),
                "published": serializers.IntegerField(),
                "pending": serializers.IntegerField(),
                "held": serializers.IntegerField(),
            },
        )
    )
    def get_comments(self, c) -> dict:
        return comments.counts(c)

    def get_summary_due_on(self, c) -> str:
        return consultations.summary_due_on(c).isoformat()

    @extend_schema_field(
        inline_serializer(
            "AdoptionSummaryRef",
            {
                "url": serializers.URLField(),
                "published_at": serializers.DateTimeField(),
                "received": serializers.IntegerField(),
                "adopted": serializers.IntegerField(),
                "not_adopted": serializers.IntegerField(),
            },
            allow_null=True,
        )
    )
    def get_adoption_summary(self, c) -> dict | None:
        summary = selectors.summary_public(c)
        if summary is None or consultations.phase(c) != "closed":
            return None
        return {
            "url": _link("participation:summary", code=c.bureau.code, uid=c.uid),
            "published_at": serializers.DateTimeField().to_representation(summary.published_at),
            "received": summary.received,
            "adopted": summary.adopted,
            "not_adopted": summary.not_adopted,
        }


class HearingSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    bureau = serializers.CharField(source="bureau.code", read_only=True)
    url = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()
    minutes = serializers.SerializerMethodField()

    class Meta:
        model = models.Hearing
        fields = [
            "id",
            "bureau",
            "kind",
            "title",
            "subject",
            "place",
            "held_at",
            "selection_method",
            "registration_closes",
            "seats",
            "participants_published_at",
            "materials_delivered_on",
            "held",
            "published_at",
            "url",
            "participants",
            "minutes",
        ]

    def get_url(self, h) -> str:
        return _link("participation:hearing", code=h.bureau.code, uid=h.uid)

    @extend_schema_field(
        inline_serializer(
            "HearingParticipant", {"name": serializers.CharField(), "organisation": serializers.CharField()}, many=True
        )
    )
    def get_participants(self, h) -> list[dict]:
        return [{"name": p.name, "organisation": p.organisation} for p in selectors.participants_public(h)]

    def get_minutes(self, h) -> str | None:
        minutes = selectors.minutes_public(h)
        return minutes.body if minutes else None


def _bureau(request):
    code = request.query_params.get("bureau")
    return (Bureau.objects.filter(code=code).first() or Bureau(pk=0)) if code else None


BUREAU = OpenApiParameter("bureau", str, description="Bureau code, e.g. wuzhi")
PHASES = ("upcoming", "open", "closed")


def _invalid(name: str, message, code: str):
    """A 400 answer in the API's error format (api/errors.py) for a query parameter the schema forbids."""
    return serializers.ValidationError({name: [ErrorDetail(message, code=code)]})


@extend_schema_view(
    get=extend_schema(
        summary="List published major decision catalogs",
        parameters=[
            BUREAU,
            OpenApiParameter("year", {"type": "integer", "minimum": 0, "maximum": 9999}, description="Year, e.g. 2026"),
        ],
    )
)
class DecisionCatalogList(generics.ListAPIView):
    serializer_class = DecisionCatalogSerializer
    authentication_classes: list = []

    def get_queryset(self):
        year = self.request.query_params.get("year")
        if year is not None and not (year.isascii() and year.isdigit() and len(year) <= 4):
            raise _invalid("year", _("A year is four digits, e.g. 2026."), "invalid")
        return selectors.catalogs_public(_bureau(self.request), int(year) if year else None)


@extend_schema_view(
    get=extend_schema(
        summary="List published consultations",
        parameters=[
            BUREAU,
            OpenApiParameter("status", str, enum=list(PHASES), description="Phase on today's date"),
        ],
    )
)
class ConsultationList(generics.ListAPIView):
    serializer_class = ConsultationSerializer
    authentication_classes: list = []

    def get_queryset(self):
        qs = selectors.consultations_public(_bureau(self.request))
        status, today = self.request.query_params.get("status"), timezone.localdate()
        if status is not None and status not in PHASES:
            raise _invalid(
                "status", _("Unknown status; one of: %(phases)s") % {"phases": ", ".join(PHASES)}, "invalid_choice"
            )
        if status == "open":
            qs = qs.filter(opens__lte=today, closes__gte=today)
        elif status == "closed":
            qs = qs.filter(closes__lt=today)
        elif status == "upcoming":
            qs = qs.filter(opens__gt=today)
        return qs


@extend_schema_view(get=extend_schema(summary="List published hearings, forums and attendance", parameters=[BUREAU]))
class HearingList(generics.ListAPIView):
    serializer_class = HearingSerializer
    authentication_classes: list = []

    def get_queryset(self):
        return selectors.hearings_public(_bureau(self.request))
