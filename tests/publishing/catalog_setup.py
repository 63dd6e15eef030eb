"""A bureau's catalog of two guideline items, published through the workflow (four eyes)."""

from gongkai.catalogs import services
from gongkai.catalogs.guidelines import guidelines_load_shipped
from gongkai.catalogs.models import Catalog, GuidelineItem
from tests.catalogs.factories import catalog_from_guidelines, publisher


def published_two_item_catalog(bureau, editor, gov_reviewer) -> Catalog:
    guidelines_load_shipped()
    ids = list(GuidelineItem.objects.order_by("pk")[:2].values_list("pk", flat=True))
    catalog = catalog_from_guidelines(bureau, editor, ids=ids)
    services.catalog_submit(catalog=catalog, acting_user=editor, comment="提交")
    services.catalog_approve(catalog=catalog, acting_user=gov_reviewer)
    services.catalog_publish(catalog=catalog, acting_user=publisher(bureau), confidentiality_result="passed")
    catalog.refresh_from_db()
    return catalog
