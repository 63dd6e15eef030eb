"""The public read API of records (no authentication).

  GET /api/v1/records/                 list published records (filters, search, ordering, pagination)
  GET /api/v1/records/{id or uuid}/    one published record

Only published records are listed or shown (`selectors`); malformed filters answer 400, a search (`q`)
goes through the search index with its cap, and a withdrawn record answers 410 with its public reason.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.catalogs.models import CatalogItem
from gongkai.organizations.models import Bureau

from .. import indexing, selectors
from ..constants import Genre, RecordStatus, Validity
from ..models import Record
from .serializers import RecordListSerializer, RecordSerializer

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
