"""Records API: the public read API and the business-system API, mounted by `gongkai.api.urls`.

Where each part lives: the shapes in and out in `serializers.py`; the public list and detail of
published records in `public.py`; the business-system writes (token, idempotency by external_id,
publication through the four-eyes rule) in `business.py`; many records in one call in `bulk.py`.
"""

from django.urls import path

from .bulk import BureauRecordsBulk
from .business import BureauRecords
from .public import RecordDetail, RecordList

# Added to gongkai.api.urls (namespace "api").
URLPATTERNS = [
    path("records/", RecordList.as_view(), name="record-list"),
    path("records/<str:ref>/", RecordDetail.as_view(), name="record-detail"),
    path("bureaus/<slug:code>/records/", BureauRecords.as_view(), name="bureau-records"),
    path("bureaus/<slug:code>/records/bulk/", BureauRecordsBulk.as_view(), name="bureau-records-bulk"),
]
