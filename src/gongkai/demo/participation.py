"""Demo data of public participation for the city bureau and two counties (武陟县, 修武县), built through
`participation.services` as on the staff screens: the bureau's editor drafts, its reviewer approves (four
eyes). Each bureau gets a published 2026 catalog of major administrative decisions, a consultation that is
open (with comments, one held for moderation) and one that closed (with its published adoption summary), and
a hearing that was held (participants published in advance, materials delivered 7+ days before, signed
record, published minutes). Names and contacts are fictitious. Idempotent: a bureau that has a 2026 catalog
is left as it is.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents.models import Document

from gongkai.accounts.roles import Role
from gongkai.organizations.models import Bureau
from gongkai.participation import models
from gongkai.participation.services import comments, consultations, decisions, hearings, publication
from gongkai.records.models import Record

from .portal import _staff

BUREAUS = ("jiaozuo", "wuzhi", "xiuwu")
YEAR = 2026

MATTERS = [
    {
        "title": "{place}自然灾害应急避难场所专项规划（2026—2035年）",
        "department": "应急管理局规划财务科",
        "summary": "依据《中华人民共和国突发事件应对法》，统筹布局各级应急避难场所。",
        "hearing_planned": True,
        "planned_on": dt.date(2026, 9, 30),
        "public_participation": "done",
        "expert_argument": "done",
        "risk_assessment": "in_progress",
        "legality_review": "planned",
        "collective_discussion": "planned",
    },
    {
        "title": "{place}安全生产举报奖励实施办法",
        "department": "应急管理局政策法规科",
        "summary": "细化举报奖励的范围、标准和发放程序。",
        "hearing_planned": False,
        "planned_on": dt.date(2026, 6, 30),
        "public_participation": "done",
        "expert_argument": "done",
        "risk_assessment": "done",
        "legality_review": "done",
        "collective_discussion": "done",
    },
    {
        "title": "{place}危险化学品道路运输车辆限行区域调整",
        "department": "应急管理局危险化学品安全监督管理科",
        "summary": "调整城区危险化学品运输车辆限行区域和时段。",
        "hearing_planned": True,
        "planned_on": dt.date(2026, 11, 30),
        "public_participation": "planned",
        "expert_argument": "planned",
        "risk_assessment": "planned",
        "legality_review": "not_required",
        "collective_discussion": "planned",
    },
]

OPEN_COMMENTS = [
    "建议在每个行政村至少规划一处室内避难场所，并标明容纳人数。",
    "避难场所应配备无障碍设施，方便老年人和残疾人使用。",
    "建议公布各避难场所的位置地图，详见 http://example.com/map",  # held: a link
    "学校操场作为避难场所时，应明确开放程序和责任人。",
]
CLOSED_COMMENTS = [
    ("奖励标准", "adopted", "", "建议将重大事故隐患举报的奖励上限提高到30万元。"),
    ("奖励标准", "not_adopted", "奖励上限按省级规定执行，本办法不作突破。", "建议对所有举报一律奖励1000元以上。"),
    ("受理方式", "adopted", "", "应当明确匿名举报的受理和奖励领取方式。"),
    ("受理方式", "partly", "", "建议开通微信举报渠道并在3个工作日内答复。"),
    ("保密", "adopted", "", "要严格为举报人保密，泄露举报人信息的要追究责任。"),
]


def _document(title: str, text: str) -> Document:
    return Document.objects.create(title=title, file=ContentFile(text.encode(), name="draft.txt"))


def _publish(obj, editor, reviewer):
    publication.submit(obj, acting_user=editor)
    return publication.approve(obj, acting_user=reviewer, confidentiality_result="passed")


def _catalog(bureau, place, editor, reviewer):
    catalog = decisions.catalog_create(
        bureau=bureau, year=YEAR, acting_user=editor, party_agreed_on=dt.date(2026, 1, 20)
    )
    matters = [
        decisions.matter_save(
            catalog=catalog, fields={**row, "title": row["title"].format(place=place)}, acting_user=editor
        )
        for row in MATTERS
    ]
    record = Record.objects.published().filter(bureau=bureau).order_by("-published_at").first()
    if record is not None:
        decisions.matter_link_record(matter=matters[1], record=record, acting_user=editor)
    return catalog, matters


def _open_consultation(bureau, place, matter, editor, reviewer, today):
    consultation = consultations.consultation_save(
        bureau=bureau,
        fields={
            "kind": "major_decision",
            "title": f"关于《{place}自然灾害应急避难场所专项规划（征求意见稿）》公开征求意见的公告",
            "summary": "为科学布局应急避难场所，现将规划征求意见稿及起草说明全文公布，欢迎社会各界提出意见和建议。",
            "draft": _document("应急避难场所专项规划（征求意见稿）", "第一章 总则 ……"),
            "explanation": _document("起草说明", "一、起草背景 ……"),
            "channels": "电子邮件：yjj@example.gov.cn；信函：寄至本局规划财务科（信封注明“规划意见”）。",
            "opens": today - dt.timedelta(days=5),
            "closes": today + dt.timedelta(days=25),
            "moderation": "post",
            "matter": matter,
        },
        acting_user=editor,
    )
    consultation = _publish(consultation, editor, reviewer)
    for number, body in enumerate(OPEN_COMMENTS):
        comments.comment_submit(
            consultation=consultation, body=body, now=timezone.now() - dt.timedelta(days=4 - number)
        )
    return consultation


def _closed_consultation(bureau, place, matter, editor, reviewer, today):
    opens = today - dt.timedelta(days=80)
    consultation = consultations.consultation_save(
        bureau=bureau,
        fields={
            "kind": "normative",
            "title": f"关于《{place}安全生产举报奖励实施办法（征求意见稿）》公开征求意见的公告",
            "summary": "现将实施办法征求意见稿全文公布，公开征求社会公众意见。",
            "draft": _document("安全生产举报奖励实施办法（征求意见稿）", "第一条 为鼓励社会公众举报安全生产违法行为……"),
            "opens": opens,
            "closes": opens + dt.timedelta(days=30),
            "moderation": "pre",
            "matter": matter,
        },
        acting_user=editor,
    )
    consultation = _publish(consultation, editor, reviewer)
    during = timezone.make_aware(dt.datetime.combine(opens + dt.timedelta(days=3), dt.time(10)))
    for theme, adoption, reason, body in CLOSED_COMMENTS:
        comment, _created = comments.comment_submit(consultation=consultation, body=body, now=during)
        comments.comment_moderate(comment=comment, publish=True, acting_user=editor)
        comments.comment_classify(comment=comment, theme=theme, adoption=adoption, reason=reason, acting_user=editor)
    summary = consultations.summary_prepare(
        consultation=consultation,
        acting_user=editor,
        body="征求意见期间共收到意见建议5条，经认真研究，采纳或部分采纳4条，未采纳1条，现将有关情况说明如下。",
    )
    _publish(summary, editor, reviewer)
    return consultation


def _hearing(bureau, place, matter, editor, reviewer):
    now = timezone.now()
    held_at = (now - dt.timedelta(days=12)).replace(hour=9, minute=30, second=0, microsecond=0)
    hearing = hearings.hearing_save(
        bureau=bureau,
        fields={
            "kind": "hearing",
            "title": f"{place}应急避难场所专项规划听证会",
            "subject": "就规划布局、建设标准和开放管理听取意见。",
            "place": "本局三楼会议室",
            "held_at": held_at,
            "selection_method": "按报名先后顺序，兼顾企业、社区居民、专家和人大代表等各方代表性遴选，公众席位8个。",
            "registration_closes": timezone.localdate(held_at) - dt.timedelta(days=15),
            "seats": 8,
            "matter": matter,
        },
        acting_user=editor,
    )
    hearing = _publish(hearing, editor, reviewer)
    early = timezone.localdate(held_at) - dt.timedelta(days=20)
    people = [("王建国", "某化工有限公司"), ("李秀英", "社区居民代表"), ("张伟", "县人大代表"), ("刘洋", "")]
    registered = [
        hearings.register(
            hearing=hearing, name=name, organisation=org, contact=f"demo{number}@example.com", today=early
        )[0]
        for number, (name, org) in enumerate(people, start=1)
    ]
    hearings.select(hearing=hearing, selected_ids=[r.pk for r in registered[:3]], acting_user=editor)
    hearings.publish_participants(
        hearing=hearing, acting_user=reviewer, confidentiality_result="passed", now=held_at - dt.timedelta(days=10)
    )
    hearings.record_materials(hearing=hearing, delivered_on=hearings.materials_deadline(hearing), acting_user=editor)
    hearings.record_held(
        hearing=hearing, signed_record=_document("听证笔录（签字版）", "听证笔录 ……"), acting_user=editor
    )
    minutes = hearings.minutes_save(
        hearing=hearing,
        body="听证会由本局主持，3名听证参加人到会陈述意见。与会代表普遍赞成规划总体布局，建议增加社区级室内避难场所，"
        "并完善无障碍设施。承办单位对意见逐条作了说明，参加人确认并签署了听证笔录。",
        acting_user=editor,
    )
    _publish(minutes, editor, reviewer)
    return hearing


def load_demo(stdout=None) -> int:
    """Build the demo participation of each bureau that has no 2026 catalog yet; returns how many bureaus."""
    built = 0
    today = timezone.localdate()
    for code in BUREAUS:
        bureau = Bureau.objects.filter(code=code).first()
        if bureau is None or models.DecisionCatalog.objects.filter(bureau=bureau, year=YEAR).exists():
            continue
        editor, reviewer = _staff(bureau, Role.EDITOR), _staff(bureau, Role.REVIEWER)
        if editor is None or reviewer is None:
            continue
        place = (bureau.short_name or bureau.name).removesuffix("应急管理局").removesuffix("局") or "焦作市"
        with transaction.atomic():
            catalog, matters = _catalog(bureau, place, editor, reviewer)
            _open_consultation(bureau, place, matters[0], editor, reviewer, today)
            _closed_consultation(bureau, place, matters[1], editor, reviewer, today)
            _hearing(bureau, place, matters[0], editor, reviewer)
            _publish(catalog, editor, reviewer)
        built += 1
    if stdout is not None and built:
        stdout.write(f"Participation: decision catalogs, consultations and hearings for {built} bureaus.")
    return built
