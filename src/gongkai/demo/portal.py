"""Demo data of the portal: each disclosing bureau's published disclosure guide, and the site identity
shown in the footer.

Guides go through `portal.services.guide_save`, as on the admin screen: the bureau's editor saves the
draft, its reviewer publishes it (four-eyes). Only blank identity fields are filled, so values an
administrator has set are kept. The filing numbers are visibly fictitious placeholders: a real
deployment enters the numbers it was issued.
"""

from gongkai.accounts.models import Membership
from gongkai.accounts.roles import Role
from gongkai.organizations.models import Bureau, BureauKind
from gongkai.portal import selectors
from gongkai.portal.models import DisclosureGuide
from gongkai.portal.services import guide_save

from . import jiaozuo

DEMO_IDENTITY = {
    "platform_name_en": "Emergency Management Government Affairs Disclosure Platform (demo)",
    "site_code": "0000000000",
    "icp_number": "ICP备00000000号（演示）",
    "public_security_number": "公网安备00000000000000号（演示）",
    "error_report_url": "https://zfwzzc.www.gov.cn/",
}


def load_demo(stdout=None) -> None:
    site = selectors.site_setting()
    city = Bureau.objects.filter(kind=BureauKind.CITY, parent=None).order_by("sort_order", "code").first()
    values = dict(DEMO_IDENTITY)
    if city is not None:
        values.update(organizer=city.name, operator=f"{city.name}办公室", contact_phone=city.phone)
    changed = [field for field, value in values.items() if not getattr(site, field)]
    for field in changed:
        setattr(site, field, values[field])
    if changed:
        site.full_clean()
        site.save()
    if stdout is not None and changed:
        stdout.write("Portal: site identity placeholders filled (" + ", ".join(changed) + ").")


def _staff(bureau, role):
    membership = (
        Membership.objects.filter(bureau=bureau, role=role, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return membership.user if membership else None


def load_guides() -> int:
    """Publish the guide of every disclosing bureau that has none live yet; returns how many."""
    published = 0
    for bureau in Bureau.objects.disclosing():
        if DisclosureGuide.objects.filter(bureau=bureau, live=True).exists():
            continue
        editor = _staff(bureau, Role.EDITOR)
        approver = _staff(bureau, Role.REVIEWER) or _staff(bureau, Role.LEADER)
        if editor is None or approver is None:
            continue
        texts = dict(bureau=bureau, body=jiaozuo.guide_html(bureau), rules_text=jiaozuo.RULES_HTML)
        guide_save(**texts, publish=False, acting_user=editor)
        guide_save(
            **texts,
            publish=True,
            acting_user=approver,
            confidentiality_result="passed",
            notes="演示数据：已做保密审查。",
        )
        published += 1
    return published
