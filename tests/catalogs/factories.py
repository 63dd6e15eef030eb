"""Builders for catalog tests."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from gongkai.catalogs import services
from gongkai.catalogs.constants import Audience, Domain, ItemSource, Level, Mode
from gongkai.catalogs.guidelines import guidelines_load_shipped
from gongkai.catalogs.models import Campaign
from gongkai.catalogs.types import CatalogItemData
from tests.factories import CityBureauFactory


def item_data(**overrides) -> CatalogItemData:
    values = dict(
        domain=Domain.PRODUCTION_SAFETY,
        level1="依法行政",
        level2="行政检查",
        content="安全生产行政检查的依据、对象、结果",
        legal_basis=["《中华人民共和国安全生产法》", "《中华人民共和国政府信息公开条例》"],
        time_limit_text="信息形成或变更之日起20个工作日内",
        time_limit_rule={},
        responsible_body="修武县应急管理局",
        channels=["政府网站", "政务服务中心"],
        audience=[Audience.PUBLIC],
        mode=[Mode.PROACTIVE],
        levels=[Level.COUNTY],
        source=ItemSource.DUTY_LIST,
    )
    values.update(overrides)
    return CatalogItemData(**values)


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"目录编制专项{n}")
    city = factory.LazyFunction(lambda: CityBureauFactory())
    draft_due = datetime.date(2020, 7, 15)
    revision_due = datetime.date(2020, 8, 15)
    approval_due = datetime.date(2020, 9, 15)
    is_active = True


def catalog_from_guidelines(bureau, editor, ids=None):
    guidelines_load_shipped()
    return services.catalog_create_from_guideline(bureau=bureau, acting_user=editor, guideline_item_ids=ids)


def publisher(bureau):
    """A reviewer of `bureau`: the second pair of eyes who publishes what an editor compiled (four eyes)."""
    from gongkai.accounts.models import User
    from gongkai.accounts.roles import Role
    from tests.factories import user_with_role

    existing = User.objects.filter(memberships__role=Role.REVIEWER, memberships__bureau=bureau).first()
    return existing or user_with_role(Role.REVIEWER, bureau)


def published_catalog(bureau, editor, gov_reviewer, comment="首版"):
    catalog = catalog_from_guidelines(bureau, editor)
    services.catalog_submit(catalog=catalog, acting_user=editor, comment=comment)
    services.catalog_approve(catalog=catalog, acting_user=gov_reviewer)
    services.catalog_publish(catalog=catalog, acting_user=publisher(bureau), confidentiality_result="passed")
    catalog.refresh_from_db()
    return catalog
