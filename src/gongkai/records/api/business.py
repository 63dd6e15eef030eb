"""The business-system API of records ("embed the catalog in business systems").

Business systems (`Authorization: Token gk_…`, scope records:write; records:publish to publish):
  POST /api/v1/bureaus/{code}/records/ create a record, idempotent by external_id
  PUT  /api/v1/bureaus/{code}/records/ create or update the record with that external_id

A token writes only to its own bureau (code "wrong_bureau"); every write goes through the record
services and is screened at once (422, code "pii_found", with each place). With `publish`, a record goes
live at once only in a catalog item the bureau's leader switched to auto-approved (and with the
records:publish scope); otherwise it is submitted for review by a person (four eyes) and the answer is
202 with code `submitted_for_review` (`change_submitted_for_review` for a change to a published record).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.catalogs.models import CatalogItem
from gongkai.organizations.models import Bureau

from .. import review, services
from ..authentication import HasSystemToken, SystemTokenAuthentication, SystemTokenThrottle
from ..constants import RecordStatus
from ..models import Record
from ..screening import PiiFound
from .serializers import BusinessRecordSerializer, RecordInSerializer, SubmittedForReviewSerializer

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


def bureau_of_token(request, code) -> Bureau:
    """The bureau of the URL, which must be the token's own (code wrong_bureau)."""
    bureau = get_object_or_404(Bureau, code=code)
    if request.user.token.bureau_id != bureau.pk:
        raise WrongBureau(_("This token belongs to another bureau."))
    return bureau


class BureauRecords(APIView):
    authentication_classes = [SystemTokenAuthentication]
    permission_classes = [HasSystemToken]
    throttle_classes = [SystemTokenThrottle]

    def _bureau(self, request, code) -> Bureau:
        return bureau_of_token(request, code)

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
        "once with `publish` in an auto-approved item). The catalog item of a published record cannot change. "
        "`attachments` replace the record's files unless they are the same (names and SHA-256, in order): the "
        "same record sent again changes nothing.",
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
        # Left blank, the issuing body is the bureau, on an update as on creation (`record_create_draft`):
        # the same record sent again is no change.
        data["issuing_body"] = data.get("issuing_body") or bureau.name
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
        files = [(attachment["name"], attachment["content"]) for attachment in attachments or []]
        if attachments is not None and not services.attachments_unchanged(record, files):
            for old in record.attachments.filter(removed_at__isnull=True):
                services.attachment_remove(acting_user=actor, attachment=old, request=request)
            for name, content in files:
                services.attachment_add(acting_user=actor, record=record, name=name, data=content, request=request)
        record.refresh_from_db()
        # Screened like any record, at once: a business system gets the places back in the answer.
        from ..screening import screen_record

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
