"""The public read API of surveys (no authentication): published surveys with their questions and the
counted results (choices and ratings; written answers are counted, never shown).

  GET /api/v1/surveys/?bureau=CODE
  GET /api/v1/surveys/{id}/
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers

from gongkai.organizations.models import Bureau

from . import selectors, services
from .models import Question, Survey


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "position", "kind", "text", "required", "choices"]


class ResultSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question_id")
    answered = serializers.IntegerField()
    counts = serializers.SerializerMethodField()
    mean = serializers.FloatField(allow_null=True)

    def get_counts(self, result) -> dict[str, int]:
        return dict(result.counts)


class SurveySerializer(serializers.ModelSerializer):
    bureau = serializers.CharField(source="bureau.code", read_only=True)
    responses = serializers.IntegerField(source="response_count", read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)
    results = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Survey
        fields = [
            "id",
            "bureau",
            "title",
            "description",
            "opens_on",
            "closes_on",
            "verify_by",
            "published_at",
            "responses",
            "url",
            "questions",
            "results",
        ]

    def get_results(self, survey) -> list[dict]:
        return ResultSerializer(services.results(survey), many=True).data

    def get_url(self, survey) -> str:
        from gongkai.portal.templatetags.portal_tags import link

        base = settings.GONGKAI["PUBLIC_BASE_URL"].rstrip("/")
        return base + link("surveys:answer", code=survey.bureau.code, pk=survey.pk)


@extend_schema_view(
    get=extend_schema(
        summary="List published surveys",
        description="Published surveys (问卷调查) with their questions and counted results.",
        parameters=[OpenApiParameter("bureau", str, description="Bureau code, e.g. wuzhi")],
    )
)
class SurveyList(generics.ListAPIView):
    serializer_class = SurveySerializer
    authentication_classes: list = []

    def get_queryset(self):
        code = self.request.query_params.get("bureau")
        bureau = (Bureau.objects.filter(code=code).first() or Bureau(pk=0)) if code else None
        return selectors.published(bureau).prefetch_related("questions")


@extend_schema_view(get=extend_schema(summary="One published survey with its results"))
class SurveyDetail(generics.RetrieveAPIView):
    serializer_class = SurveySerializer
    authentication_classes: list = []

    def get_queryset(self):
        return selectors.published().prefetch_related("questions")
