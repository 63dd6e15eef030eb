"""Demo data of public inquiries, surveys and responses to public concerns, built through the services of
`inquiries`, `surveys` and `concerns` as on the public form and the staff screens: citizens ask (fictitious
askers, no acknowledgement mail), the bureau's editor answers, its reviewer approves (four eyes). Each of
焦作市局, 武陟县 and 修武县 has answered and published inquiries and one unanswered past its limit (late on
the bureau's and the city's admin home), a survey with responses (the city's verified by email, the
counties' by mobile number: one kind per survey) and a concern with its published responses; one inquiry
of 孟州市 stays unanswered for more than 3 months (the website self-inspection's single veto). Idempotent: a bureau that already has demo rows of a kind is left as it is.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.concerns import services as concern_services
from gongkai.concerns.models import Concern
from gongkai.inquiries import services as inquiry_services
from gongkai.inquiries.models import Inquiry
from gongkai.organizations.models import Bureau
from gongkai.surveys import services as survey_services
from gongkai.surveys.models import Survey

from .portal import _staff

# (bureau, topic, subject, question, answer, days ago)
INQUIRIES = [
    (
        "jiaozuo",
        "production_safety",
        "企业安全生产标准化达标申请流程",
        "我公司是一家小型机械加工企业，想申请安全生产标准化三级达标，请问需要向哪个部门提出、需要准备哪些材料？",
        "您好！小微企业安全生产标准化三级达标由所在县（市）区应急管理局组织评审。请登录河南省安全生产标准化信息管理系统提交自评报告，"
        "并准备营业执照复印件、安全生产管理制度清单和自评扣分项整改情况。具体可咨询所在地应急管理局安全生产基础科。",
        30,
    ),
    (
        "jiaozuo",
        "disaster_relief",
        "汛期避险转移安置点在哪里查询",
        "汛期来临，请问我们小区附近的应急避难场所和转移安置点在哪里可以查到？",
        "您好！全市应急避难场所名录已在本平台“法定主动公开内容—防灾减灾救灾”栏目公开，也可关注“焦作应急管理”政务新媒体查询。"
        "汛期如需转移，请听从所在社区和村组的统一安排。",
        20,
    ),
    (
        "wuzhi",
        "services",
        "烟花爆竹零售许可证延续办理时间",
        "烟花爆竹零售经营许可证快到期了，延续需要提前多久申请？",
        "您好！烟花爆竹零售经营许可证有效期届满需要继续经营的，应当在有效期届满前3个月内提出延续申请。"
        "可到县政务服务中心应急管理窗口或网上办理，办事指南见本平台“办事服务”栏目。",
        25,
    ),
    (
        "wuzhi",
        "policy",
        "自然灾害救助标准",
        "今年受灾群众的冬春生活救助标准是多少？",
        "您好！冬春临时生活困难救助标准按照省、市有关文件执行，具体标准和发放情况将在“法定主动公开内容—救灾款物”栏目公开。",
        12,
    ),
    (
        "xiuwu",
        "emergency_rescue",
        "景区应急救援队伍联系方式",
        "云台山景区周边有没有专业的应急救援队伍？遇到紧急情况应该怎么求助？",
        "您好！遇到紧急情况请第一时间拨打119、110或120。景区周边有县消防救援大队和景区专职救援队，均纳入县应急救援力量统一调度。",
        15,
    ),
]
# Left unanswered past the answer limit: late on the bureau's and the city's admin home.
OVERDUE = [
    (
        "wuzhi",
        "production_safety",
        "关于某建材厂夜间违规生产的反映",
        "我们村附近的建材厂经常夜间生产，粉尘很大，担心存在安全隐患，请有关部门核查。",
        40,
    ),
    (
        "jiaozuo",
        "services",
        "危险化学品经营许可证变更办理时限",
        "我公司变更了法定代表人，危险化学品经营许可证变更需要多长时间办结？",
        35,
    ),
    (
        "xiuwu",
        "disaster_relief",
        "村里避险转移演练安排",
        "今年汛前我们村会组织避险转移演练吗？村民需要做哪些准备？",
        30,
    ),
]
OPEN = ("jiaozuo", "other", "应急管理局办公地址咨询", "请问市应急管理局的办公地址和对外办公时间？", 1)
# Left unanswered for more than 3 months: the website self-inspection's single veto (demo/site_inspection.py).
FORGOTTEN = (
    "mengzhou",
    "disaster_relief",
    "关于受灾群众过渡期生活救助发放情况的咨询",
    "去年汛期受灾后申请的过渡期生活救助何时发放？需要补充哪些材料？",
    100,
)

SURVEY_QUESTIONS = [
    {
        "kind": "single",
        "text": "您通过什么渠道了解应急管理政务公开信息？",
        "choices": ["政府网站", "政务新媒体", "政务服务中心", "报刊广播电视", "其他"],
    },
    {
        "kind": "multiple",
        "text": "您最关注哪些公开内容？（可多选）",
        "choices": ["安全生产行政许可", "行政处罚", "防灾减灾救灾", "应急预案", "救灾款物"],
    },
    {"kind": "rating", "text": "您对本局政务公开工作的总体满意度（1—5分）"},
    {"kind": "text", "text": "您对改进政务公开工作有什么建议？", "required": False},
]
# bureau -> (title, respondents, how they are verified: one kind of contact per survey)
SURVEYS = {
    "jiaozuo": ("2026年应急管理政务公开满意度调查", 24, "email"),
    "wuzhi": ("武陟县应急管理政务公开公众需求调查", 16, "phone"),
    "xiuwu": ("修武县防灾减灾宣传效果问卷调查", 12, "phone"),
}

CONCERNS = [
    (
        "xiuwu",
        "other",
        "景区游客反映山路落石隐患",
        "有游客在网上反映云台山景区周边山路有落石隐患，引发关注。",
        6,
        [
            (
                "response",
                "关于景区周边山路落石隐患的回应",
                "县应急管理局已会同交通、文旅部门现场核查，设置警示标志并组织排险，相关路段已恢复通行。",
                30,
            )
        ],
    ),
    (
        "wuzhi",
        "other",
        "网传“某化工企业发生泄漏”不实",
        "网络流传武陟县某化工企业发生有毒气体泄漏的视频，引发群众关注。",
        3,
        [
            (
                "response",
                "关于网传化工企业泄漏视频的情况说明",
                "经核查，网传视频系外省旧视频，我县未发生化工企业泄漏事故。请广大群众不信谣、不传谣。",
                20,
            )
        ],
    ),
    (
        "jiaozuo",
        "major",
        "强降雨引发山洪灾害",
        "受强降雨影响，北部山区发生山洪，部分群众被困，社会高度关注。",
        5,
        [
            (
                "authoritative_release",
                "关于北部山区山洪灾害的情况通报",
                "市防汛抗旱指挥部已启动应急响应，被困群众已全部转移安置，暂无人员伤亡。",
                3,
            ),
            (
                "press_conference",
                "北部山区山洪灾害新闻发布会",
                "市政府新闻办召开新闻发布会，通报抢险救援和转移安置情况，并回答记者提问。",
                20,
            ),
        ],
    ),
]


def _bureaus(codes) -> dict[str, Bureau]:
    return {b.code: b for b in Bureau.objects.filter(code__in=codes)}


def _answer(inquiry, answer, editor, reviewer, at):
    inquiry_services.answer_save(inquiry=inquiry, answer_text=answer, acting_user=editor)
    inquiry_services.answer_submit(inquiry=inquiry, acting_user=editor)
    inquiry_services.answer_approve(inquiry=inquiry, acting_user=reviewer, confidentiality_result="passed", now=at)


def load_inquiries(now) -> int:
    bureaus = _bureaus({row[0] for row in [*INQUIRIES, *OVERDUE, OPEN, FORGOTTEN]})
    done = set(Inquiry.objects.filter(bureau__in=bureaus.values()).values_list("bureau__code", flat=True))
    made = 0
    for code, topic, subject, body, answer, days in INQUIRIES:
        bureau = bureaus.get(code)
        if bureau is None or code in done:
            continue
        editor, reviewer = _staff(bureau, Role.EDITOR), _staff(bureau, Role.REVIEWER)
        asked = now - dt.timedelta(days=days)
        inquiry = inquiry_services.submit_inquiry(
            bureau=bureau,
            name="王示例",
            contact="13800000000",
            subject=subject,
            body=body,
            topic=topic,
            consent_publish=True,
            now=asked,
            acknowledge=False,
        )
        _answer(inquiry, answer, editor, reviewer, asked + dt.timedelta(days=3))
        made += 1
    for code, topic, subject, body, days in (*OVERDUE, OPEN, FORGOTTEN):
        bureau = bureaus.get(code)
        if bureau is None or code in done:
            continue
        inquiry_services.submit_inquiry(
            bureau=bureau,
            name="李示例",
            contact="13900000000",
            subject=subject,
            body=body,
            topic=topic,
            consent_publish=False,
            now=now - dt.timedelta(days=days),
            acknowledge=False,
        )
        made += 1
    return made


def load_surveys(now) -> int:
    bureaus = _bureaus(SURVEYS)
    made = 0
    for code, (title, respondents, verify_by) in SURVEYS.items():
        bureau = bureaus.get(code)
        if bureau is None or Survey.objects.filter(bureau=bureau).exists():
            continue
        editor, reviewer = _staff(bureau, Role.EDITOR), _staff(bureau, Role.REVIEWER)
        today = timezone.localdate(now)
        survey = survey_services.survey_create(
            bureau=bureau,
            title=title,
            description="为进一步做好政务公开工作，了解公众需求，特开展本次问卷调查。",
            opens_on=today - dt.timedelta(days=10),
            closes_on=today + dt.timedelta(days=20),
            questions=SURVEY_QUESTIONS,
            verify_by=verify_by,
            acting_user=editor,
        )
        survey_services.survey_submit(survey=survey, acting_user=editor)
        survey = survey_services.survey_approve(survey=survey, acting_user=reviewer, confidentiality_result="passed")
        questions = list(survey.questions.all())
        for n in range(respondents):
            email = f"respondent{n}@example.invalid" if verify_by == "email" else f"1390000{n:04d}"
            code_ = survey_services.send_code(survey=survey, email=email, send=False)
            single, multiple, rating, text = questions
            answers = {
                str(single.pk): single.choices[(n * 7) % len(single.choices) if n % 3 else 0],
                str(multiple.pk): [c for i, c in enumerate(multiple.choices) if (n + i) % 3 == 0]
                or [multiple.choices[0]],
                str(rating.pk): 5 - (n % 4 == 0) - (n % 7 == 0),
                str(text.pk): "希望及时公开救灾款物发放情况。" if n % 5 == 0 else "",
            }
            survey_services.submit_response(survey=survey, email=email, code=code_, answers=answers)
        made += 1
    return made


def load_concerns(now) -> int:
    bureaus = _bureaus({row[0] for row in CONCERNS})
    made = 0
    for code, level, title, summary, days, responses in CONCERNS:
        bureau = bureaus.get(code)
        if bureau is None or Concern.objects.filter(bureau=bureau).exists():
            continue
        editor, reviewer = _staff(bureau, Role.EDITOR), _staff(bureau, Role.REVIEWER)
        detected = now - dt.timedelta(days=days)
        concern = concern_services.concern_create(
            bureau=bureau, title=title, summary=summary, level=level, detected_at=detected, acting_user=editor
        )
        for kind, r_title, text, hours in responses:
            response = concern_services.response_save(
                concern=concern,
                kind=kind,
                title=r_title,
                text=text,
                occurred_at=detected + dt.timedelta(hours=hours),
                acting_user=editor,
            )
            concern_services.response_submit(response=response, acting_user=editor)
            concern_services.response_approve(
                response=response,
                acting_user=reviewer,
                confidentiality_result="passed",
                now=detected + dt.timedelta(hours=hours),
            )
        made += 1
    return made


def load_demo(stdout=None) -> dict[str, int]:
    now = timezone.now()
    made = {"inquiries": load_inquiries(now), "surveys": load_surveys(now), "concerns": load_concerns(now)}
    if stdout is not None:
        stdout.write("Interaction: " + ", ".join(f"{k} {v}" for k, v in made.items()))
    return made
