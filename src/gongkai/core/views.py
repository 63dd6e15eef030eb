"""/healthz: liveness and database status for load balancers and monitoring."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Liveness and database status, for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception as exc:  # noqa: BLE001 - any database error means "not healthy"
        database = f"error: {exc.__class__.__name__}"
    ok = database == "ok"
    return JsonResponse(
        {"status": "ok" if ok else "error", "database": database, "vendor": connection.vendor},
        status=200 if ok else 503,
    )
