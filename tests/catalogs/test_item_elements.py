"""The catalog item's elements are named once (catalogs/types.py); the schema and file formats agree with it."""

from gongkai.catalogs.document import catalog_schema
from gongkai.catalogs.interchange.csv_format import CSV_COLUMNS
from gongkai.catalogs.types import (
    COMPARED_FIELDS,
    CONTENT_FIELDS,
    ELEMENT_ORDER,
    ITEM_FIELDS,
    REQUIRED_FIELDS,
    CatalogItemData,
)


def test_the_json_schema_describes_exactly_the_item_elements_in_table_order():
    item = catalog_schema()["properties"]["items"]["items"]
    assert list(item["properties"]) == list(ELEMENT_ORDER)
    assert sorted(item["required"]) == sorted(ITEM_FIELDS)


def test_csv_has_one_column_per_element_with_the_json_columns_last():
    assert sorted(CSV_COLUMNS) == sorted(ITEM_FIELDS)
    assert CSV_COLUMNS[-2:] == ["time_limit_rule", "extra"]


def test_content_is_everything_but_identity_and_extension_data():
    assert set(ITEM_FIELDS) - set(CONTENT_FIELDS) == {"key", "extra"}
    assert set(CONTENT_FIELDS) - set(COMPARED_FIELDS) == {"time_limit_rule"}


def test_a_blank_item_has_the_required_elements_empty():
    item = CatalogItemData.blank(level1="应急管理")
    assert item.level1 == "应急管理" and item.legal_basis == [] and item.time_limit_rule == {}
    assert all(not getattr(item, name) for name in REQUIRED_FIELDS if name != "level1")
