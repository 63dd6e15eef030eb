"""The one-time notice (一次告知单) of a service item: everything an applicant needs, on one sheet.

Regulation: 国务院《关于在线政务服务的若干规定》 and 《优化营商环境条例》 第三十五条 (政务服务事项 … 一次性告知
办理条件、所需材料 …): the notice lists the conditions, every material (original or copy, copies, when
required, the form template), the steps, the time limits, the fees, where and when, and how to ask. Its
sections are built once (`notice_sections`) for the PDF (`pdf.render_notice`) and the mobile page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from gongkai.portal.templatetags.portal_tags import link


@dataclass(frozen=True)
class Section:
    title: str
    lines: list[str] = field(default_factory=list)
    numbered: bool = False


def _days(days) -> str:
    return _("%(days)s working days") % {"days": days} if days is not None else "—"


def material_line(material) -> str:
    parts = [material.name, material.get_form_display(), _("%(n)s copies") % {"n": material.count}]
    parts.append(_("required") if material.required else _("when %(condition)s") % {"condition": material.condition})
    if material.template_id:
        parts.append(_("form template on the item page"))
    return "；".join(str(p) for p in parts)


def notice_sections(guide) -> list[Section]:
    """The sections of the notice for the published `guide`, in the language active."""
    fees = _("Free of charge") if guide.is_free else f"{guide.fees}（{_('Basis')}：{guide.fee_basis}）"
    sections = [
        Section(_("Conditions"), [guide.conditions]),
        Section(
            _("Materials"), [material_line(m) for m in guide.materials.all()] or [_("No materials are needed.")], True
        ),
        Section(_("Steps"), guide.step_list, True),
        Section(
            _("Time limits and fees"),
            [
                f"{_('Statutory time limit')}：{_days(guide.statutory_limit_days)}",
                f"{_('Promised time limit')}：{_days(guide.promised_limit_days)}",
                f"{_('Fees')}：{fees}",
            ],
        ),
        Section(
            _("Where and when"),
            [
                f"{_('Handling office')}：{guide.office_name}",
                f"{_('Office address')}：{guide.office_address}",
                f"{_('Office hours')}：{guide.office_hours}",
                f"{_('Phone')}：{guide.phone}",
            ]
            + ([f"{_('Apply online')}：{guide.online_url}"] if guide.online_url else []),
        ),
        Section(_("Legal basis"), [guide.legal_basis]),
    ]
    if guide.faq:
        sections.append(
            Section(_("Frequently asked questions"), [f"{e['question']} {e['answer']}" for e in guide.faq], True)
        )
    return sections


def notice_page_url(item, *, absolute: bool = False) -> str:
    url = link("service_items:notice", code=item.bureau.code, item_code=item.code)
    return settings.GONGKAI["PUBLIC_BASE_URL"].rstrip("/") + url if absolute else url


def notice_pdf_url(item) -> str:
    return link("service_items:notice_pdf", code=item.bureau.code, item_code=item.code)


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG (segno), with a title for screen readers."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=4, title=url, dark="#000", light="#fff")
