"""The application-progress API (mounted by `gongkai.api.urls`).

Business systems (`Authorization: Token gk_…`, scope applications:write, their own bureau only):
  POST /api/v1/bureaus/{code}/applications/                  create an application; answers its lookup_code once
  POST /api/v1/bureaus/{code}/applications/{number}/events/  report a status event (pushed to the subscriptions)
Public:
  GET  /api/v1/applications/{number}/?code=LOOKUP_CODE       the events in order; a wrong code answers 404 and is
                                                             counted per address (429 once over the limit)
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.organizations.models import Bureau
from gongkai.records.actors import SystemActor
from gongkai.records.api.business import as_drf_validation_error
from gongkai.records.authentication import SystemTokenAuthentication, SystemTokenThrottle

from . import lookup, selectors, services
from .constants import SCOPE, Status


class HasApplicationsScope(permissions.BasePermission):
    message = _("A business-system token with the applications:write scope is required.")
    code = "scope_missing"

    def has_permission(self, request, view):
        return isinstance(request.user, SystemActor) and request.user.token.has_scope(SCOPE)


class ApplicationInSerializer(serializers.Serializer):
    number = serializers.CharField(
        max_length=64, help_text="The business system's application number (unique per bureau)."
    )
    service_item = serializers.CharField(max_length=64, help_text="The code of a service item of this bureau.")
    applicant_email = serializers.CharField(
        required=False, allow_blank=True, max_length=254, help_text="Subscribed to email pushes."
    )
    applicant_phone = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="Subscribed to SMS pushes."
    )


class ApplicationCreatedSerializer(serializers.Serializer):
    number = serializers.CharField()
    bureau = serializers.CharField(source="bureau.code")
    service_item = serializers.CharField(source="service_item.code")
    lookup_code = serializers.CharField(help_text="Shown once: give it to the applicant; only its hash is kept.")
    subscriptions = serializers.ListField(
        child=serializers.CharField(), help_text="The channels subscribed (email, sms)."
    )
    created_at = serializers.DateTimeField()


class EventInSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="One of: " + ", ".join(Status.values))
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    occurred_at = serializers.DateTimeField(
        help_text="When it happened (ISO 8601 with a time zone); not in the future."
    )


class EventSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    note = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    received_at = serializers.DateTimeField()


class EventCreatedSerializer(EventSerializer):
    number = serializers.CharField(source="application.number")
    pushes = serializers.IntegerField(help_text="Pushes queued for the subscriptions.")


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProgressSerializer(serializers.Serializer):
    """The public answer: no personal data."""

    number = serializers.CharField()
    bureau = CodeNameSerializer()
    service_item = CodeNameSerializer()
    status = serializers.CharField(help_text="The status of the latest event (empty before the first).")
    events = EventSerializer(many=True)


_ERRORS = {
    400: OpenApiResponse(description="Invalid data; `code` is one of the stable codes listed in docs/api-services.md"),
    401: OpenApiResponse(description="No, unknown, revoked or expired token"),
    403: OpenApiResponse(
        description="The token lacks the scope (code scope_missing) or belongs to another bureau (wrong_bureau)"
    ),
    404: OpenApiResponse(description="Unknown bureau (not_found) or application (application_not_found)"),
    429: OpenApiResponse(description="Too many requests for this token"),
}


class _Business(APIView):
    authentication_classes = [SystemTokenAuthentication]
    permission_classes = [HasApplicationsScope]
    throttle_classes = [SystemTokenThrottle]

    def _call(self, fn, **kwargs):
        try:
            return fn(acting_user=self.request.user, request=self.request, **kwargs)
        except DjangoValidationError as exc:
            raise as_drf_validation_error(exc) from exc


class BureauApplications(_Business):
    @extend_schema(
        summary="Create an application (business system)",
        description="Creates an application of the token's bureau for one of its service items and answers its "
        "`lookup_code` (shown once). `applicant_email` and `applicant_phone`, when given, are subscribed to the "
        "pushes of every status event; they never appear in a public answer. Error codes: invalid_number, "
        "duplicate_number, service_item_not_found, service_item_other_bureau, invalid_email, invalid_phone.",
        request=ApplicationInSerializer,
        responses={201: ApplicationCreatedSerializer, **_ERRORS},
        examples=[
            OpenApiExample(
                "An application",
                value={
                    "number": "WZ-2026-000123",
                    "service_item": "410823-XK-001",
                    "applicant_email": "applicant@example.com",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request, code):
        bureau = get_object_or_404(Bureau, code=code)
        data = ApplicationInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application, raw = self._call(services.application_create, bureau=bureau, **data.validated_data)
        body = {
            "number": application.number,
            "bureau": application.bureau,
            "service_item": application.service_item,
            "lookup_code": raw,
            "subscriptions": list(application.subscriptions.order_by("channel").values_list("channel", flat=True)),
            "created_at": application.created_at,
        }
        return Response(ApplicationCreatedSerializer(body).data, status=status.HTTP_201_CREATED)


class ApplicationEvents(_Business):
    @extend_schema(
        summary="Report a status event of an application (business system)",
        description="Records a status event (`received`, `accepted`, `supplement_needed`, `decided`, "
        "`certificate_issued`) of the application `number` of the token's bureau and queues a push to each "
        "subscription (the worker sends them, retries and logs every attempt). Error codes: unknown_status, "
        "occurred_in_future, occurred_too_long_ago, note_too_long, pii_found, application_not_found (404).",
        request=EventInSerializer,
        responses={201: EventCreatedSerializer, **_ERRORS},
        examples=[
            OpenApiExample(
                "Accepted",
                value={
                    "status": "accepted",
                    "note": "材料齐全，予以受理。",
                    "occurred_at": "2026-12-01T09:30:00+08:00",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request, code, number):
        bureau = get_object_or_404(Bureau, code=code)
        data = EventInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            event = self._call(services.event_record, bureau=bureau, number=number, **data.validated_data)
        except services.ApplicationNotFound as exc:
            raise exceptions.NotFound(
                _("The bureau has no application with this number."), code="application_not_found"
            ) from exc
        event.pushes = event.push_count
        return Response(EventCreatedSerializer(event).data, status=status.HTTP_201_CREATED)


class ApplicationProgress(APIView):
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Look up an application's progress (public)",
        description="The application with this number and look-up code, with its status events in order. No "
        "personal data. A wrong or missing code answers 404 (the same as an unknown number); wrong codes are "
        "counted per address and answer 429 (code too_many_attempts) past the hourly limit.",
        parameters=[
            OpenApiParameter("code", str, required=True, description="The look-up code given to the applicant.")
        ],
        responses={
            200: ProgressSerializer,
            404: OpenApiResponse(description="Unknown number or wrong code (code not_found)"),
            429: OpenApiResponse(description="Too many wrong codes from this address (code too_many_attempts)"),
        },
    )
    def get(self, request, number):
        try:
            application = lookup.find(request, number, request.query_params.get("code", ""))
        except lookup.TooManyAttempts as exc:
            raise exceptions.Throttled(detail=str(exc), code="too_many_attempts") from exc
        if application is None:
            raise exceptions.NotFound()
        body = {
            "number": application.number,
            "bureau": application.bureau,
            "service_item": application.service_item,
            "status": application.status,
            "events": selectors.events_in_order(application),
        }
        return Response(ProgressSerializer(body).data)
