"""The OpenAPI schema of /api/v1/: only the open API is documented, with the common error responses."""


def only_open_api(endpoints):
    """Keep our /api/v1/ endpoints in the OpenAPI schema (not Wagtail's internal admin API)."""
    return [e for e in endpoints if e[0].startswith("/api/v1/")]


# The API's error body (gongkai.api.errors) for every error status an operation can answer.
ERROR_SCHEMA = {
    "type": "object",
    "description": "Every API error: a stable `code`, a message for people, and per-field errors.",
    "properties": {
        "code": {"type": "string", "description": "Stable machine-readable code, e.g. not_found, parse_error."},
        "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": True},
    },
    "required": ["code", "message", "fields"],
    "additionalProperties": True,
}
ERROR_STATUSES = {
    "400": "Invalid request (code names the fault, e.g. parse_error, invalid, required)",
    "401": "Authentication required or failed (not_authenticated, authentication_failed)",
    "403": "Not allowed (permission_denied, wrong_bureau, scope_missing)",
    "404": "Not found (not_found)",
    "405": "Method not allowed (method_not_allowed)",
    "406": "Only JSON is answered (not_acceptable)",
    "413": "Request body too large (request_too_large)",
    "415": "Unsupported body type (unsupported_media_type)",
    "429": "Too many requests (throttled)",
}


def error_responses(result, generator, request, public):
    """Postprocessing hook: document the JSON error body on every operation for every error status."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                response = responses.setdefault(status, {"description": description})
                response.setdefault("content", content)
    return result
