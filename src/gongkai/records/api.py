"""Records API: the public read API and the business-system API ("embed the catalog in business systems").

Public (no authentication):
  GET /api/v1/records/                 list published records (filters, search, ordering, pagination)
  GET /api/v1/records/{id or uuid}/    one published record
Business systems (`Authorization: Token gk_…`, scope records:write; records:publish to publish):
  POST /api/v1/bureaus/{code}/records/ create a record, idempotent by external_id
  PUT  /api/v1/bureaus/{code}/records/ create or update the record with that external_id

With `publish`, a record goes live at once only in a catalog item the bureau's leader switched to
auto-approved (and with the records:publish scope); otherwise it is submitted for review by a person
(four eyes) and the answer is 202 with code `submitted_for_review` (`change_submitted_for_review` for a
change to a published record).
"""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.catalogs.models import CatalogItem
from gongkai.organizations.models import Bureau

from . import indexing, review, selectors, services
from .authentication import HasSystemToken, SystemTokenAuthentication, SystemTokenThrottle
from .constants import Genre, InterpretationForm, RecordStatus, Subject, Validity
from .models import Attachment, Record
from .screening import PiiFound

# ---- serializers --------------------------------------------------------------------------


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    type = serializers.CharField(source="detected_type")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["name", "type", "size", "url"]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class RecordSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    bureau = serializers.CharField(source="bureau.code")
    catalog_item = serializers.UUIDField(source="catalog_item.key")
    publish_date = serializers.DateField(read_only=True)
    replaced_by = serializers.SerializerMethodField()
    interprets = serializers.SerializerMethodField()
    interpretations = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Record
        fields = [
            "id",
            "uuid",
            "url",
            "bureau",
            "catalog_item",
            "title",
            "summary",
            "body",
            "keywords",
            "index_number",
            "document_number",
            "issuing_body",
            "date_written",
            "publish_date",
            "published_at",
            "subject",
            "genre",
            "validity",
            "replaced_by",
            "art20_item",
            "is_policy",
            "interprets",
            "interpretations",
            "interpretation_form",
            "attachments",
        ]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    def get_replaced_by(self, obj) -> str | None:
        return str(obj.replaced_by.uuid) if obj.replaced_by_id else None

    def get_interprets(self, obj) -> str | None:
        return str(obj.interprets.uuid) if obj.interprets_id else None

    def get_interpretations(self, obj) -> list[str]:
        return [str(r.uuid) for r in obj.interpretations.all() if r.status == RecordStatus.PUBLISHED]

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, obj):
        return AttachmentSerializer([a for a in obj.attachments.all() if a.removed_at is None], many=True).data


class RecordListSerializer(serializers.ModelSerializer):
    """A lighter shape for lists (no body, no attachments)."""

    url = serializers.SerializerMethodField()
    bureau = serializers.CharField(source="bureau.code")
    catalog_item = serializers.UUIDField(source="catalog_item.key")

    class Meta:
        model = Record
        fields = [
            "id",
            "uuid",
            "url",
            "bureau",
            "catalog_item",
            "title",
            "index_number",
            "document_number",
            "published_at",
            "subject",
            "genre",
            "validity",
        ]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class BusinessRecordSerializer(RecordSerializer):
    status = serializers.CharField()
    external_id = serializers.CharField()
    source_system = serializers.CharField()
    pending_change = serializers.SerializerMethodField()

    class Meta(RecordSerializer.Meta):
        fields = [*RecordSerializer.Meta.fields, "status", "external_id", "source_system", "pending_change"]

    def get_pending_change(self, obj) -> bool:
        """True while a change to the published record waits for a reviewer (the fields above are the live ones)."""
        return obj.pending_revision_id is not None


class SubmittedForReviewSerializer(BusinessRecordSerializer):
    code = serializers.ChoiceField(choices=["submitted_for_review", "change_submitted_for_review"])
    message = serializers.CharField()

    class Meta(BusinessRecordSerializer.Meta):
        fields = ["code", "message", *BusinessRecordSerializer.Meta.fields]


class AttachmentInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255, help_text="File name with its extension (pdf, ofd, docx, xlsx, …).")
    content = serializers.CharField(help_text="The file, base64-encoded.")

    def validate_content(self, value):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise serializers.ValidationError(_("Not valid base64."), code="invalid_base64") from exc


class RecordInSerializer(serializers.Serializer):
    """What a business system sends. The index number is never accepted: it is assigned at publication."""

    external_id = serializers.CharField(
        max_length=200, help_text="The record's id in the business system (idempotency key)."
    )
    catalog_item = serializers.UUIDField(help_text="Stable key of a catalog item of this bureau's published catalog.")
    title = serializers.CharField(max_length=300)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    body = serializers.CharField(required=False, allow_blank=True, default="", help_text="HTML; sanitized.")
    keywords = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    document_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    issuing_body = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    date_written = serializers.DateField(required=False, allow_null=True, default=None)
    event_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The day the information was formed; the time limit counts from it.",
    )
    subject = serializers.ChoiceField(choices=Subject.choices, required=False, default=Subject.GENERAL_AFFAIRS)
    genre = serializers.ChoiceField(choices=Genre.choices, required=False, default=Genre.NOTICE)
    validity = serializers.ChoiceField(choices=Validity.choices, required=False, default=Validity.VALID)
    art20_item = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=15)
    is_policy = serializers.BooleanField(required=False, default=False)
    requires_interpretation = serializers.BooleanField(required=False, default=False)
    interprets = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="For an interpretation: the external_id of the policy it interprets.",
    )
    interpretation_form = serializers.ChoiceField(
        choices=InterpretationForm.choices, required=False, allow_blank=True, default=""
    )
    attachments = AttachmentInSerializer(many=True, required=False)
    publish = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Publish: at once in an auto-approved catalog item (records:publish scope), otherwise the record "
        "(or the change to a published record) is submitted for review (202, code submitted_for_review). "
        "Without it, a draft.",
    )

    def to_internal_value(self, data):
        if isinstance(data, dict) and any(k in data for k in ("index_number", "index_sequence")):
            raise exceptions.ValidationError(
                {
                    "index_number": [
                        exceptions.ErrorDetail(
                            _("The index number is assigned at publication."), code="index_number_read_only"
                        )
                    ]
                }
            )
        return super().to_internal_value(data)


# ---- public read API ------------------------------------------------------------------------

ORDERINGS = {
    "-published_at": ("-published_at", "-pk"),
    "published_at": ("published_at", "pk"),
    "title": ("title", "pk"),
}
ORDERING_VALUES = ["relevance", *ORDERINGS]


@extend_schema_view(
    get=extend_schema(
        summary="List published records",
        description="Published records of every bureau, newest first. With `q`, a Chinese substring search over "
        "title, body and attachment text (title hits first; the count may be capped, see `capped`).",
        parameters=[
            OpenApiParameter("bureau", str, description="Bureau code, e.g. xiuwu"),
            OpenApiParameter("catalog_item", OpenApiTypes.UUID, description="Stable key of a catalog item"),
            OpenApiParameter("year", {"type": "integer", "minimum": 1}, description="Year of publication"),
            OpenApiParameter("genre", str, enum=Genre.values),
            OpenApiParameter("validity", str, enum=Validity.values),
            OpenApiParameter("q", str, description="Words to find (1 character or more)"),
            OpenApiParameter("ordering", str, enum=["relevance", *ORDERINGS]),
        ],
    )
)
class RecordList(generics.ListAPIView):
    serializer_class = RecordListSerializer
    authentication_classes: list = []

    def _filters(self):
        params = self.request.query_params
        filters = {}
        if params.get("bureau"):
            filters["bureau"] = Bureau.objects.filter(code=params["bureau"]).first() or Bureau(pk=0)
        if "catalog_item" in params:  # present but empty is refused like any malformed value
            try:
                filters["catalog_item"] = CatalogItem.objects.filter(key=params["catalog_item"]).first() or CatalogItem(
                    pk=0
                )
            except DjangoValidationError as exc:
                raise exceptions.ValidationError({"catalog_item": [_("Not a valid key.")]}) from exc
        if "year" in params:
            if not (params["year"].isascii() and params["year"].isdigit()) or int(params["year"]) < 1:
                raise exceptions.ValidationError({"year": [_("Not a valid year.")]})
            filters["year"] = min(int(params["year"]), 9999)  # beyond 9999: no record, and no integer overflow
        for name, choices in (("genre", Genre.values), ("validity", Validity.values), ("ordering", ORDERING_VALUES)):
            if name in params:
                if params[name] not in choices:
                    raise exceptions.ValidationError({name: [_("Not a valid choice.")]})
                if name != "ordering":
                    filters[name] = params[name]
        return filters

    def get_queryset(self):
        filters = self._filters()
        qs = Record.objects.published().select_related("bureau", "catalog_item")
        if "bureau" in filters:
            qs = qs.filter(bureau=filters["bureau"])
        if "catalog_item" in filters:
            qs = qs.filter(catalog_item=filters["catalog_item"])
        if "year" in filters:
            qs = qs.filter(index_year=filters["year"])
        if "genre" in filters:
            qs = qs.filter(genre=filters["genre"])
        if "validity" in filters:
            qs = qs.filter(validity=filters["validity"])
        ordering = self.request.query_params.get("ordering", "-published_at")
        return qs.order_by(*ORDERINGS.get(ordering, ORDERINGS["-published_at"]))

    def list(self, request, *args, **kwargs):
        q = (request.query_params.get("q") or "").strip()
        if not q:
            return super().list(request, *args, **kwargs)
        return self._search(request, q)

    def _search(self, request, q):
        filters = self._filters()
        paginator = self.paginator
        try:
            page = max(int(request.query_params.get("page", 1)), 1)
            size = min(
                max(int(request.query_params.get(paginator.page_size_query_param) or paginator.page_size), 1),
                paginator.max_page_size,
            )
        except ValueError as exc:
            raise exceptions.NotFound() from exc
        result = indexing.search(
            q[:100],
            bureau_id=filters["bureau"].pk if "bureau" in filters else None,
            catalog_item_id=filters["catalog_item"].pk if "catalog_item" in filters else None,
            year=filters.get("year"),
            genre=filters.get("genre"),
            validity=filters.get("validity"),
            page=page,
            page_size=size,
        )
        by_id = Record.objects.published().select_related("bureau", "catalog_item").in_bulk(result.ids)
        records = [by_id[pk] for pk in result.ids if pk in by_id]
        base = request.build_absolute_uri()

        def link(n):
            from rest_framework.utils.urls import replace_query_param

            return replace_query_param(base, "page", n)

        return Response(
            {
                "count": result.total,
                "capped": result.capped,
                "next": link(page + 1) if page * size < result.total else None,
                "previous": link(page - 1) if page > 1 else None,
                "results": self.get_serializer(records, many=True).data,
            }
        )


@extend_schema_view(
    get=extend_schema(
        summary="Get one published record",
        description="By numeric id or UUID. A withdrawn record answers 410 with its public reason.",
        responses={
            200: RecordSerializer,
            404: OpenApiResponse(description="Not found"),
            410: OpenApiResponse(description="Withdrawn"),
        },
    )
)
class RecordDetail(APIView):
    authentication_classes: list = []

    def get(self, request, ref):
        try:
            record = selectors.record_get_public_by_ref(ref)
        except (Record.DoesNotExist, DjangoValidationError) as exc:
            withdrawn = _withdrawn(ref)
            if withdrawn is not None:
                return Response(
                    {
                        "code": "withdrawn",
                        "message": withdrawn.withdrawal_reason,
                        "fields": {},
                        "uuid": str(withdrawn.uuid),
                        "index_number": withdrawn.index_number,
                        "withdrawn_at": withdrawn.withdrawn_at,
                    },
                    status=status.HTTP_410_GONE,
                )
            raise exceptions.NotFound() from exc
        return Response(RecordSerializer(record).data)


def _withdrawn(ref) -> Record | None:
    qs = Record.objects.filter(status=RecordStatus.WITHDRAWN)
    try:
        return qs.filter(**selectors.ref_lookup(ref)).first()
    except DjangoValidationError:
        return None


# ---- business-system API ----------------------------------------------------------------------

_EXAMPLE_IN = {
    "external_id": "ZF-2026-000123",
    "catalog_item": "7c1e2c55-3a8e-4a55-9d5c-0f5d1b7e2a10",
    "title": "修武县应急管理局行政处罚决定书（修应急罚〔2026〕12号）",
    "body": "<p>当事人：修武县某建材有限公司……</p>",
    "document_number": "修应急罚〔2026〕12号",
    "date_written": "2026-03-02",
    "event_date": "2026-03-02",
    "subject": "law_enforcement",
    "genre": "penalty_decision",
    "art20_item": 6,
    "publish": True,
}
_PII_EXAMPLE = {
    "code": "pii_found",
    "message": "Personal data was found in 1 place(s). Mask it or replace the attachment before publishing.",
    "fields": {},
    "hits": [
        {
            "place": "body",
            "kind": "id_number",
            "start": 8,
            "end": 26,
            "masked": "410823********1234",
            "context": "当事人：张某，身份证号：410823********1234，联系电话：138****5678",
            "attachment_id": None,
            "attachment_name": "",
        }
    ],
}
_COMMON_RESPONSES = {
    400: OpenApiResponse(
        description="Invalid data (e.g. code catalog_item_other_bureau, catalog_not_published, "
        "document_number_brackets, index_number_read_only)"
    ),
    401: OpenApiResponse(description="No, unknown, revoked or expired token"),
    202: OpenApiResponse(
        SubmittedForReviewSerializer,
        description="Saved and submitted for review by a person (code submitted_for_review or "
        "change_submitted_for_review): the catalog item is not auto-approved, or the token may not publish",
    ),
    403: OpenApiResponse(description="The token belongs to another bureau (code wrong_bureau) or lacks a scope"),
    422: OpenApiResponse(
        description="Personal data found (code pii_found) with each place",
        examples=[OpenApiExample("Personal data found", value=_PII_EXAMPLE, response_only=True)],
    ),
    429: OpenApiResponse(description="Too many requests for this token"),
}


class WrongBureau(exceptions.PermissionDenied):
    default_code = "wrong_bureau"


class ScopeMissing(exceptions.PermissionDenied):
    default_code = "scope_missing"


def as_drf_validation_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A Django ValidationError as DRF's, keeping each message's code (the shared handler reports the first)."""

    def details(errors):
        return [
            exceptions.ErrorDetail(message, code=error.code or "invalid")
            for error in errors
            for message in error.messages
        ]

    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError({field: details(errors) for field, errors in exc.error_dict.items()})
    return exceptions.ValidationError({"non_field_errors": details(exc.error_list)})


class BureauRecords(APIView):
    authentication_classes = [SystemTokenAuthentication]
    permission_classes = [HasSystemToken]
    throttle_classes = [SystemTokenThrottle]

    def _bureau(self, request, code) -> Bureau:
        bureau = get_object_or_404(Bureau, code=code)
        if request.user.token.bureau_id != bureau.pk:
            raise WrongBureau(_("This token belongs to another bureau."))
        return bureau

    def _existing(self, bureau, actor, external_id) -> Record | None:
        return Record.objects.filter(bureau=bureau, source_system=actor.token.name, external_id=external_id).first()

    @extend_schema(
        summary="Create a record (business system)",
        description="Creates a record under a catalog item of the token's bureau. Idempotent by `external_id`: "
        "the same call again creates nothing and answers 200 with the existing record. The record is validated "
        "and screened for personal data like any record; with `publish` it is published at once (index number "
        "assigned) in a catalog item the bureau's leader switched to auto-approved (scope records:publish), "
        "otherwise submitted for review (202).",
        request=RecordInSerializer,
        responses={201: BusinessRecordSerializer, 200: BusinessRecordSerializer, **_COMMON_RESPONSES},
        examples=[OpenApiExample("A penalty decision", value=_EXAMPLE_IN, request_only=True)],
    )
    def post(self, request, code):
        return self._save(request, code, update=False)

    @extend_schema(
        summary="Create or update a record (business system)",
        description="Updates the record with this `external_id` (a new revision), or creates it. A change to a "
        "published record is a pending change: the published content stays until a reviewer approves it (or at "
        "once with `publish` in an auto-approved item). The catalog item of a published record cannot change.",
        request=RecordInSerializer,
        responses={201: BusinessRecordSerializer, 200: BusinessRecordSerializer, **_COMMON_RESPONSES},
        examples=[OpenApiExample("A penalty decision", value=_EXAMPLE_IN, request_only=True)],
    )
    def put(self, request, code):
        return self._save(request, code, update=True)

    def _save(self, request, code, *, update: bool):
        actor = request.user
        bureau = self._bureau(request, code)
        serializer = RecordInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            with transaction.atomic():
                record, created, submitted = self._apply(bureau, actor, data, update=update, request=request)
        except PiiFound as exc:
            return Response(
                {
                    "code": "pii_found",
                    "message": exc.messages[0],
                    "fields": {},
                    "hits": [
                        {k: v for k, v in hit.to_dict().items() if k != "record_id"}  # all masked
                        for hit in exc.hits
                    ],
                },
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        except DjangoValidationError as exc:
            raise as_drf_validation_error(exc) from exc
        record = Record.objects.select_related("bureau", "catalog_item", "interprets", "replaced_by").get(pk=record.pk)
        if submitted:
            record.code = submitted
            record.message = (
                _("Saved and submitted for review: a reviewer of the bureau publishes it.")
                if submitted == "submitted_for_review"
                else _("The change is submitted for review; the published content stays until a reviewer approves it.")
            )
            return Response(SubmittedForReviewSerializer(record).data, status=status.HTTP_202_ACCEPTED)
        return Response(
            BusinessRecordSerializer(record).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    def _item(self, key) -> CatalogItem:
        item = CatalogItem.objects.select_related("catalog").filter(key=key).first()
        if item is None:
            raise exceptions.ValidationError(
                {
                    "catalog_item": [
                        exceptions.ErrorDetail(_("No catalog item has this key."), code="catalog_item_not_found")
                    ]
                }
            )
        return item

    def _apply(self, bureau, actor, data, *, update: bool, request):
        external_id = data.pop("external_id")
        attachments = data.pop("attachments", None)
        publish = data.pop("publish", False)
        existing = self._existing(bureau, actor, external_id)
        if existing is not None and not update:
            return existing, False, None  # idempotent: nothing new
        data["catalog_item"] = self._item(data["catalog_item"])
        interprets = data.pop("interprets", "")
        if interprets:
            policy = self._existing(bureau, actor, interprets)
            if policy is None:
                raise exceptions.ValidationError(
                    {
                        "interprets": [
                            exceptions.ErrorDetail(
                                _("No record of this system has that external_id."), code="policy_not_found"
                            )
                        ]
                    }
                )
            data["interprets"] = policy
        else:
            data["interprets"] = None
        if existing is None:
            title = data.pop("title")
            record = services.record_create_draft(
                acting_user=actor,
                bureau=bureau,
                catalog_item=data.pop("catalog_item"),
                title=title,
                source_system=actor.token.name,
                external_id=external_id,
                request=request,
                **data,
            )
            created = True
        else:
            if existing.status == RecordStatus.PUBLISHED and existing.catalog_item_id == data["catalog_item"].pk:
                data.pop("catalog_item")
            record = services.record_update(acting_user=actor, record=existing, request=request, **data)
            created = False
        if attachments is not None:
            for old in record.attachments.filter(removed_at__isnull=True):
                services.attachment_remove(acting_user=actor, attachment=old, request=request)
            for attachment in attachments:
                services.attachment_add(
                    acting_user=actor,
                    record=record,
                    name=attachment["name"],
                    data=attachment["content"],
                    request=request,
                )
        record.refresh_from_db()
        # Screened like any record, at once: a business system gets the places back in the answer.
        from .screening import screen_record

        hits = screen_record(review.pending_copy(record) if record.pending_revision_id else record)
        if hits:
            raise PiiFound(hits)
        if publish:
            return record, created, self._publish(record, actor, request)
        return record, created, "change_submitted_for_review" if record.pending_revision_id else None

    def _publish(self, record, actor, request) -> str | None:
        """Publish through the four-eyes rule: directly only in an auto-approved item; else submit for review."""
        auto = review.may_approve(actor, record)
        if record.status == RecordStatus.PUBLISHED:
            if record.pending_revision_id is None:
                return None
            if not auto:
                return "change_submitted_for_review"
            review.record_change_approve(acting_user=actor, record=record, request=request)
            return None
        if record.status == RecordStatus.DRAFT:
            record = services.record_submit(acting_user=actor, record=record, request=request)
        if record.status == RecordStatus.IN_REVIEW:
            if not auto:
                return "submitted_for_review"
            services.record_approve(acting_user=actor, record=record, confidentiality_result="", request=request)
            record.refresh_from_db()
        if record.status == RecordStatus.APPROVED and actor.can("records.publish_record", record):
            services.record_publish(acting_user=actor, record=record, request=request)
        return None


# Added to gongkai.api.urls (namespace "api").
URLPATTERNS = [
    path("records/", RecordList.as_view(), name="record-list"),
    path("records/<str:ref>/", RecordDetail.as_view(), name="record-detail"),
    path("bureaus/<slug:code>/records/", BureauRecords.as_view(), name="bureau-records"),
]
