"""Bulletins (通报): composed from the evaluation (ranking, praise and criticism lists, late items), kept as a
frozen content document, published by a second person of the city bureau (four eyes, with the confidentiality
check and the personal-data screen), rendered in the GB/T 9704-2012 layout (`layout.py`) as DOCX or PDF.

The document number is `<机关代字>〔<year>〕<sequence>号`, numbered per city and year when the draft is made; the
代字 defaults to the city's first character + 应急 (焦应急) and can be given.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.core.confidentiality import clean_confidentiality
from gongkai.screening import pii

from . import evaluation as evaluation_module
from . import layout, schedule, selectors
from .models import Bulletin, BulletinStatus
from .rules import MANAGE, PUBLISH_BULLETIN

CN_NUMBERS = "一二三四五六七八九十"
LATE_KIND_LABELS = {
    "catalog": "目录编制",
    "step": "工作方案或季度进展",
    "record": "主动公开信息",
    "column": "栏目更新",
    "foi": "依申请公开答复",
    "finding": "督查整改",
}


def default_code(city) -> str:
    return f"{city.name[:1]}应急"


def _period(year: int, quarter: int | None) -> str:
    return f"{year}年第{CN_NUMBERS[quarter - 1]}季度" if quarter else f"{year}年度"


def compose(
    city, year: int, *, quarter: int | None = None, sequence: int, code: str | None = None, today: dt.date | None = None
) -> dict:
    """The content of a bulletin from the evaluation of `year` (judged today, or at the year's end)."""
    today = today or timezone.localdate()
    judged = schedule.judgement_day(year, today)
    result = evaluation_module.evaluate(city, year)
    ranking = result.ranking
    period = _period(year, quarter)
    praised = [r.bureau.name for r in result.praised()]
    criticised = [r.bureau.name for r in result.criticised()]
    late = []
    for status in selectors.statuses([r.bureau for r in ranking], year=year, today=judged):
        kinds = sorted(
            {LATE_KIND_LABELS["step"] for _s in status.late_steps}
            | ({LATE_KIND_LABELS["catalog"]} if status.catalog_late else set())
        )
        if kinds:
            late.append(f"{status.bureau.name}（{'、'.join(kinds)}逾期）")
    average = (sum(r.total for r in ranking) / len(ranking)).quantize(evaluation_module.TWO) if ranking else 0
    P = lambda text, level=0: [text, level]  # noqa: E731
    paragraphs = [
        P(
            f"为推进全市应急管理系统政务公开标准化规范化工作，市局办公室依据政务公开工作评估指标，对各县（市）区应急管理局"
            f"{period}政务公开工作进行了评估。现将有关情况通报如下。"
        ),
        P("一、总体情况", 1),
        P(
            f"本次评估共{len(ranking)}个单位，满分{result.maximum}分，平均得分{average}分。评估指标包括目录编制、主动公开时效、"
            "依申请公开按时答复、栏目更新、工作方案、季度进展、领导履职、培训和督查整改等。"
        ),
        P("二、评估排名", 1),
        *[P(f"第{r.rank}名：{r.bureau.name}，{r.total}分。") for r in ranking],
        P("三、通报表扬", 1),
        P(
            f"{'、'.join(praised)}工作扎实、成效明显，予以通报表扬。"
            if praised
            else "本次评估无单位达到通报表扬标准（满分的90%）。"
        ),
        P("四、通报批评", 1),
        P(
            f"{'、'.join(criticised)}得分低于满分的60%，予以通报批评。"
            if criticised
            else "本次评估无单位低于满分的60%。"
        ),
    ]
    if late:
        paragraphs.append(
            P(f"存在逾期未完成事项的单位：{'；'.join(late)}。请于10个工作日内完成整改并书面报告市局办公室。")
        )
    paragraphs += [
        P("五、工作要求", 1),
        P("各单位要对照评估结果，认真查找差距，明确责任人和完成时限，按时报送季度进展，确保政务公开各项工作落实到位。"),
    ]
    code = code or default_code(city)
    return {
        "issuer": f"{city.name}文件",
        "document_number": f"{code}〔{year}〕{sequence}号",
        "title": f"关于{period}全市应急管理系统政务公开工作情况的通报",
        "addressee": "各县（市）区应急管理局",
        "paragraphs": paragraphs,
        "signer": city.name,
        "date_written": today.isoformat(),
        "copy_to": "市人民政府办公室",
        "printed_by": f"{city.name}办公室",
        "praised": praised,
        "criticised": criticised,
        "ranking": [
            {"rank": r.rank, "bureau": r.bureau.code, "name": r.bureau.name, "total": float(r.total)} for r in ranking
        ],
    }


def next_sequence(city, year: int) -> int:
    return (Bulletin.objects.filter(city=city, year=year).aggregate(m=Max("sequence"))["m"] or 0) + 1


@transaction.atomic
def bulletin_draft(
    *,
    city,
    year: int,
    acting_user,
    quarter: int | None = None,
    code: str | None = None,
    today: dt.date | None = None,
    request=None,
) -> Bulletin:
    """Draft the bulletin of (year, quarter) from the evaluation; numbered now."""
    permissions.require(acting_user, MANAGE, city)
    if quarter is not None and quarter not in (1, 2, 3, 4):
        raise ValidationError(_("The quarter is 1 to 4."), code="invalid_quarter")
    sequence = next_sequence(city, year)
    content = compose(city, year, quarter=quarter, sequence=sequence, code=code, today=today)
    bulletin = Bulletin.objects.create(
        city=city,
        year=year,
        quarter=quarter,
        sequence=sequence,
        document_number=content["document_number"],
        title=content["title"],
        content=content,
        created_by=acting_user,
    )
    audit.record(
        "supervision.bulletin.drafted",
        user=acting_user,
        instance=bulletin,
        request=request,
        data={"document_number": bulletin.document_number},
    )
    return bulletin


def screen(content: dict) -> list[str]:
    texts = [content.get("title", ""), *(p[0] for p in content.get("paragraphs", []))]
    return [hit.masked for text in texts for hit in pii.scan(text)]


@transaction.atomic
def bulletin_publish(
    *, bulletin: Bulletin, acting_user, confidentiality_result: str, notes: str = "", request=None
) -> Bulletin:
    """Publish: a reviewer or the leader of the city bureau who did not draft it, with the 保密审查 recorded."""
    bulletin = Bulletin.objects.select_for_update().select_related("city").get(pk=bulletin.pk)
    if bulletin.status != BulletinStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."), code="not_draft")
    permissions.require_four_eyes(acting_user, bulletin, authors=[bulletin.created_by_id])
    permissions.require(acting_user, PUBLISH_BULLETIN, bulletin)
    result, notes = clean_confidentiality(confidentiality_result, notes)
    hits = screen(bulletin.content)
    if hits:
        raise ValidationError(
            _("Personal data was found in the bulletin (%(hits)s)."), code="pii_found", params={"hits": ", ".join(hits)}
        )
    bulletin.status = BulletinStatus.PUBLISHED
    bulletin.published_at, bulletin.approved_by = timezone.now(), acting_user
    bulletin.confidentiality_result, bulletin.confidentiality_notes = result, notes
    bulletin.save()
    audit.record(
        "supervision.bulletin.published",
        user=acting_user,
        instance=bulletin,
        request=request,
        data={
            "document_number": bulletin.document_number,
            "confidentiality_result": result,
            "authors": [bulletin.created_by_id],
        },
    )
    return bulletin


def as_document(content: dict) -> layout.OfficialDocument:
    return layout.OfficialDocument(
        issuer=content["issuer"],
        document_number=content["document_number"],
        title=content["title"],
        addressee=content["addressee"],
        paragraphs=[layout.Paragraph(text, level) for text, level in content["paragraphs"]],
        signer=content["signer"],
        date_written=dt.date.fromisoformat(content["date_written"]),
        copy_to=content.get("copy_to", ""),
        printed_by=content.get("printed_by", ""),
    )


def render(content: dict, fmt: str) -> bytes:
    document = as_document(content)
    if fmt == "docx":
        return layout.to_docx(document)
    if fmt == "pdf":
        return layout.to_pdf(document)
    raise ValueError(f"unknown format {fmt!r}")


def content_for(city, year: int, quarter: int | None = None) -> dict:
    """What `manage.py bulletin` writes: the published bulletin of (year, quarter), else the latest draft, else
    a fresh composition with the next number (not stored)."""
    qs = Bulletin.objects.filter(city=city, year=year, quarter=quarter)
    bulletin = (
        qs.filter(status=BulletinStatus.PUBLISHED).order_by("-sequence").first() or qs.order_by("-sequence").first()
    )
    if bulletin is not None:
        return bulletin.content
    return compose(city, year, quarter=quarter, sequence=next_sequence(city, year))
