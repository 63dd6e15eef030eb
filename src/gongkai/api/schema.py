def only_open_api(endpoints):
    """Keep our /api/v1/ endpoints in the OpenAPI schema (not Wagtail's internal admin API)."""
    return [e for e in endpoints if e[0].startswith("/api/v1/")]
