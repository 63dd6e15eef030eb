"""Demo data of the portal: the site identity shown in the footer.

Called by `manage.py load_demo` (see organizations/management/commands/load_demo.py). Only
blank fields are filled, so values an administrator has set are kept. The filing numbers
are visibly fictitious placeholders: a real deployment enters the numbers it was issued.
"""

from gongkai.organizations.models import Bureau, BureauKind

from . import selectors

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
