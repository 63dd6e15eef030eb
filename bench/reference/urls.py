"""The application's URLs plus `/bench/one-row/<uuid>/`: a plain Django view rendering one row through a
template (the issue's baseline), measured in the same run as the record page. Benchmarks only."""

from django.shortcuts import get_object_or_404, render
from django.urls import path

from gongkai.records.models import Record
from gongkai.urls import urlpatterns as application_urlpatterns


def one_row(request, uuid):
    return render(request, "reference/one_row.html", {"record": get_object_or_404(Record, uuid=uuid)})


urlpatterns = [*application_urlpatterns, path("bench/one-row/<uuid:uuid>/", one_row)]
