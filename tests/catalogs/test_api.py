import pytest
from django.urls import reverse

from gongkai.catalogs import services
from gongkai.catalogs.document import parse_document, validate_document

from .factories import catalog_from_guidelines, published_catalog, publisher

pytestmark = pytest.mark.django_db


def _url(code="xiuwu"):
    return reverse("api:bureau-catalog", kwargs={"code": code})


def test_api_returns_the_published_catalog_valid_against_the_schema(client, xiuwu, editor, gov_reviewer):
    catalog = published_catalog(xiuwu, editor, gov_reviewer)
    response = client.get(_url())
    assert response.status_code == 200
    document = response.json()
    assert validate_document(document) == []
    assert document["bureau"] == {"code": "xiuwu", "name": "修武县应急管理局", "division_code": xiuwu.division_code}
    assert document["version"] == 1 and document["status"] == "published" and document["published_at"]
    meta, items = parse_document(document)
    assert len(items) == 18
    assert {i.key for i in items} == {str(k) for k in catalog.items.values_list("key", flat=True)}
    assert document["$schema"].endswith("/api/v1/schemas/catalog.json")


def test_api_returns_an_older_version_on_request(client, xiuwu, editor, gov_reviewer):
    catalog = published_catalog(xiuwu, editor, gov_reviewer)
    services.catalog_item_remove(item=catalog.items.first(), acting_user=editor)
    services.catalog_submit(catalog=catalog, acting_user=editor)
    services.catalog_approve(catalog=catalog, acting_user=gov_reviewer)
    services.catalog_publish(catalog=catalog, acting_user=publisher(catalog.bureau), confidentiality_result="passed")
    current = client.get(_url()).json()
    older = client.get(_url() + "?version=1").json()
    assert (current["version"], len(current["items"])) == (2, 17)
    assert (older["version"], len(older["items"])) == (1, 18)
    assert validate_document(older) == []


def test_api_404_uses_the_error_format(client, xiuwu, editor):
    catalog = catalog_from_guidelines(xiuwu, editor)
    response = client.get(_url())
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found" and body["message"] and body["fields"] == {}
    services.catalog_submit(catalog=catalog, acting_user=editor)
    assert client.get(_url() + "?version=1").status_code == 404  # in review, not published
    assert client.get(_url("nowhere")).status_code == 404


def test_api_rejects_a_malformed_version(client, xiuwu):
    response = client.get(_url() + "?version=abc")
    assert response.status_code == 400 and response.json()["fields"]["version"]


def test_catalog_endpoint_is_in_the_openapi_schema(client, db):
    schema = client.get(reverse("api:schema") + "?format=json").json()
    operation = schema["paths"]["/api/v1/bureaus/{code}/catalog/"]["get"]
    assert operation["summary"] == "Get a bureau's published standard catalog"
    assert any(p["name"] == "version" for p in operation["parameters"])
