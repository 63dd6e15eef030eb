import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.catalogs.models import Catalog, CatalogItem
from gongkai.records.constants import Genre, InterpretationForm, Validity
from gongkai.records.validators import validate_document_number

from .factories import CatalogItemFactory, RecordFactory, published_item


@pytest.mark.parametrize("value", ["应急〔2020〕62号", "焦应急〔2024〕1号", "修应急办〔2026〕105号", "AQ〔2021〕3号"])
def test_document_number_accepts_standard_form(value):
    validate_document_number(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("应急[2020]62号", "document_number_brackets"),
        ("应急(2020)62号", "document_number_brackets"),
        ("应急（2020）62号", "document_number_brackets"),
        ("应急【2020】62号", "document_number_brackets"),
        ("应急〔20〕62号", "document_number_year"),
        ("应急〔2020〕第62号", "document_number_di"),
        ("应急〔2020〕062号", "document_number_leading_zero"),
        ("〔2020〕62号", "document_number_code"),
        ("应急2020年62号", "document_number_format"),
        ("应急〔2020〕62", "document_number_format"),
    ],
)
def test_document_number_rejects_malformed_with_a_clear_code(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_document_number(value)
    assert exc.value.code == code
    assert "应急〔2020〕62号" in exc.value.messages[0]


def test_record_requires_item_of_own_bureau(xiuwu, wenxian):
    item = published_item(wenxian)
    record = RecordFactory.build(catalog_item=item, bureau=xiuwu)
    with pytest.raises(ValidationError) as exc:
        record.full_clean()
    assert exc.value.error_dict["catalog_item"][0].code == "catalog_item_other_bureau"


def test_record_refused_under_unpublished_catalog(xiuwu):
    catalog = Catalog.objects.create(bureau=xiuwu)
    item = CatalogItemFactory(catalog=catalog)
    record = RecordFactory.build(catalog_item=item, bureau=xiuwu)
    with pytest.raises(ValidationError) as exc:
        record.full_clean()
    assert exc.value.error_dict["catalog_item"][0].code == "catalog_not_published"


def test_record_refused_under_item_added_after_publication(xiuwu):
    published_item(xiuwu)
    late = CatalogItemFactory(catalog=Catalog.objects.get(bureau=xiuwu))
    record = RecordFactory.build(catalog_item=late, bureau=xiuwu)
    with pytest.raises(ValidationError) as exc:
        record.full_clean()
    assert exc.value.error_dict["catalog_item"][0].code == "catalog_item_not_published"


def test_body_is_sanitized_on_save(xiuwu):
    record = RecordFactory(
        catalog_item=published_item(xiuwu),
        body='<p onclick="steal()">正文<script>alert(1)</script><a href="javascript:x()">链接</a></p>',
    )
    record.refresh_from_db()
    assert "script" not in record.body
    assert "onclick" not in record.body
    assert "javascript" not in record.body
    assert "正文" in record.body


def test_interpretation_needs_a_form_and_a_policy_of_same_bureau(xiuwu, wenxian):
    policy = RecordFactory(catalog_item=published_item(wenxian), is_policy=True)
    interpretation = RecordFactory.build(
        catalog_item=published_item(xiuwu), genre=Genre.INTERPRETATION, interprets=policy
    )
    with pytest.raises(ValidationError) as exc:
        interpretation.full_clean()
    assert {e.code for e in exc.value.error_dict["interprets"]} == {"interprets_other_bureau"}
    assert exc.value.error_dict["interpretation_form"][0].code == "interpretation_form_required"


def test_only_a_policy_can_require_an_interpretation(xiuwu):
    record = RecordFactory.build(catalog_item=published_item(xiuwu), requires_interpretation=True)
    with pytest.raises(ValidationError) as exc:
        record.full_clean()
    assert exc.value.error_dict["requires_interpretation"][0].code == "not_a_policy"


def test_replaced_by_requires_amended_or_repealed(xiuwu):
    item = published_item(xiuwu)
    newer = RecordFactory(catalog_item=item)
    record = RecordFactory.build(catalog_item=item, replaced_by=newer, validity=Validity.VALID)
    with pytest.raises(ValidationError) as exc:
        record.full_clean()
    assert exc.value.error_dict["replaced_by"][0].code == "replaced_but_valid"
    record.validity = Validity.REPEALED
    record.full_clean()


def test_valid_interpretation_passes(xiuwu):
    item = published_item(xiuwu)
    policy = RecordFactory(catalog_item=item, is_policy=True, requires_interpretation=True)
    interpretation = RecordFactory.build(
        catalog_item=item, genre=Genre.INTERPRETATION, interprets=policy, interpretation_form=InterpretationForm.CHART
    )
    interpretation.full_clean()


def test_index_number_unique_per_bureau_in_database(xiuwu):
    item = published_item(xiuwu)
    RecordFactory(catalog_item=item, index_number="X/2026-00001")
    with pytest.raises(IntegrityError), transaction.atomic():
        RecordFactory(catalog_item=item, index_number="X/2026-00001")


def test_catalog_item_cannot_be_deleted_while_records_exist(xiuwu):
    from django.db.models import ProtectedError

    item = published_item(xiuwu)
    RecordFactory(catalog_item=item)
    with pytest.raises(ProtectedError):
        CatalogItem.objects.filter(pk=item.pk).delete()


def test_published_record_stays_valid_when_a_catalog_revision_drops_its_item(xiuwu, people):
    from django.utils import timezone

    from gongkai.accounts.roles import Role
    from gongkai.records import review, services

    from .factories import published_record

    item = published_item(xiuwu)
    record = published_record(people[Role.EDITOR], people[Role.REVIEWER], item)
    CatalogItem.objects.filter(pk=item.pk).update(removed_at=timezone.now())
    record = services.record_update(acting_user=people[Role.EDITOR], record=record, title="更正标题")
    review.record_change_approve(acting_user=people[Role.REVIEWER], record=record, confidentiality_result="passed")
    record.refresh_from_db()
    assert record.title == "更正标题"
    item.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.record_create_draft(acting_user=people[Role.EDITOR], bureau=xiuwu, catalog_item=item, title="新")
    assert exc.value.error_dict["catalog_item"][0].code == "catalog_item_removed"
