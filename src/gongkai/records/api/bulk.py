"""The business-system API in bulk: many records in one call, all or nothing.

  POST /api/v1/bureaus/{code}/records/bulk/   {"records": [<record>, …]}  (at most BULK_MAX_RECORDS)

Each record has the shape of the single endpoint (`RecordInSerializer`) and the same rules
(services.bulk): a token of the bureau with records:write; idempotent by external_id (a record
already stored is answered, nothing written); `publish` goes live at once only in an auto-approved
catalog item with records:publish, otherwise the record is submitted for review (the answer is 202).
One invalid item refuses the batch: 400 `bulk_invalid` (422 when every problem is personal data),
with each item's index, external_id, code, message, fields and masked hits.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ..authentication import HasSystemToken, SystemTokenAuthentication, SystemTokenThrottle
from ..services.bulk import EXISTING, SUBMITTED, BulkInvalid, BulkItem, records_create_bulk
from .business import _EXAMPLE_IN, bureau_of_token
from .serializers import RecordInSerializer

BULK_MAX_RECORDS = 500  # one transaction: a bigger batch holds the bureau's index counter too long

_RESULTS = inline_serializer(
    "BulkRecordResult",
    many=True,
    fields={
        "index": serializers.IntegerField(),
        "external_id": serializers.CharField(),
        "outcome": serializers.ChoiceField(
            choices=["draft", "submitted_for_review", "approved", "published", "existing"]
        ),
        "id": serializers.UUIDField(),
        "status": serializers.CharField(),
        "index_number": serializers.CharField(),
        "url": serializers.CharField(),
    },
)
_ANSWER = inline_serializer(
    "BulkRecordsAnswer",
    {"results": _RESULTS, "counts": serializers.DictField(child=serializers.IntegerField())},
)
_ERROR_EXAMPLE = {
    "code": "bulk_invalid",
    "message": "1 of 2 records cannot be saved; nothing was saved.",
    "fields": {},
    "errors": [
        {
            "index": 1,
            "external_id": "ZF-2026-000124",
            "code": "catalog_item_not_found",
            "message": "No catalog item has this key.",
            "fields": {},
            "hits": [],
        }
    ],
}


def _item_error(index: int, data, errors: dict) -> dict:
    fields = {
        name: [{"code": getattr(d, "code", "invalid"), "message": str(d)} for d in (v if isinstance(v, list) else [v])]
        for name, v in errors.items()
    }
    first = next(iter(fields.values()))[0]
    external_id = data.get("external_id", "") if isinstance(data, dict) else ""
    return {
        "index": index,
        "external_id": str(external_id),
        "code": first["code"],
        "message": first["message"],
        "fields": fields,
        "hits": [],
    }


def _refused(errors: list[dict], total: int) -> Response:
    pii_only = all(e["code"] == "pii_found" for e in errors)
    failed = len({e["index"] for e in errors})
    return Response(
        {
            "code": "pii_found" if pii_only else "bulk_invalid",
            "message": _("%(failed)d of %(total)d records cannot be saved; nothing was saved.")
            % {"failed": failed, "total": total},
            "fields": {},
            "errors": errors,
        },
        status=status.HTTP_422_UNPROCESSABLE_ENTITY if pii_only else status.HTTP_400_BAD_REQUEST,
    )


class BureauRecordsBulk(APIView):
    authentication_classes = [SystemTokenAuthentication]
    permission_classes = [HasSystemToken]
    throttle_classes = [SystemTokenThrottle]

    @extend_schema(
        summary="Create many records (business system)",
        description="Creates up to 500 records of the token's bureau in one transaction, all or nothing: one "
        "invalid record refuses the batch (400 bulk_invalid, or 422 pii_found when every problem is personal data), "
        "with each record's problems by index. Each record as in the single endpoint; a record whose external_id "
        "is stored already is answered as `existing` and not changed. With `publish`, a record is published at once "
        "in an auto-approved catalog item (scope records:publish), otherwise submitted for review: the answer is "
        "then 202. Records with attachments, policies and interpretations are sent one at a time.",
        request=inline_serializer("BulkRecordsIn", {"records": RecordInSerializer(many=True)}),
        responses={
            201: _ANSWER,
            200: OpenApiResponse(_ANSWER, description="Every record existed already (nothing written)"),
            202: OpenApiResponse(_ANSWER, description="Saved; at least one record is submitted for review"),
            400: OpenApiResponse(
                description="Refused, nothing saved (code bulk_invalid, too_many_records, records_required)",
                examples=[OpenApiExample("One record refused", value=_ERROR_EXAMPLE, response_only=True)],
            ),
            401: OpenApiResponse(description="No, unknown, revoked or expired token"),
            403: OpenApiResponse(
                description="The token belongs to another bureau (code wrong_bureau) or lacks a scope"
            ),
            422: OpenApiResponse(description="Refused, nothing saved: personal data found (code pii_found)"),
            429: OpenApiResponse(description="Too many requests for this token"),
        },
        examples=[OpenApiExample("Two penalty decisions", value={"records": [_EXAMPLE_IN]}, request_only=True)],
    )
    def post(self, request, code):
        actor = request.user
        bureau = bureau_of_token(request, code)
        raw = request.data.get("records") if isinstance(request.data, dict) else None
        if not isinstance(raw, list) or not raw:
            return Response(
                {"code": "records_required", "message": _("Send a non-empty list `records`."), "fields": {}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if len(raw) > BULK_MAX_RECORDS:
            return Response(
                {
                    "code": "too_many_records",
                    "message": _("At most %(max)d records per call.") % {"max": BULK_MAX_RECORDS},
                    "fields": {},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        serializer = RecordInSerializer(data=raw, many=True)  # one child serializer validates every record
        if not serializer.is_valid():
            found = serializer.errors  # a list per record, or {index: errors} (DRF's ListSerializer keeps either)
            by_index = found.items() if isinstance(found, dict) else enumerate(found)
            errors = [_item_error(int(i), raw[int(i)], e) for i, e in by_index if e]
            return _refused(errors, len(raw))
        items = []
        for validated in serializer.validated_data:
            fields = dict(validated)
            items.append(
                BulkItem(
                    external_id=fields.pop("external_id"),
                    catalog_item=str(fields.pop("catalog_item")),
                    publish=fields.pop("publish", False),
                    fields=fields,
                )
            )
        try:
            results = records_create_bulk(acting_user=actor, bureau=bureau, items=items, request=request)
        except BulkInvalid as exc:
            return _refused(exc.errors, len(raw))
        answer = [
            {
                "index": index,
                "external_id": r.record.external_id,
                "outcome": r.outcome,
                "id": str(r.record.uuid),
                "status": r.record.status,
                "index_number": r.record.index_number,
                "url": request.build_absolute_uri(r.record.get_absolute_url()),
            }
            for index, r in enumerate(results)
        ]
        counts: dict[str, int] = {}
        for r in results:
            counts[r.outcome] = counts.get(r.outcome, 0) + 1
        if counts.get(SUBMITTED):
            code_status = status.HTTP_202_ACCEPTED
        elif set(counts) == {EXISTING}:
            code_status = status.HTTP_200_OK
        else:
            code_status = status.HTTP_201_CREATED
        return Response({"results": answer, "counts": counts}, status=code_status)
