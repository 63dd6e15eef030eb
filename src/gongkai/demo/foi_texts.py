"""Chinese texts and fictitious applicants for the demo FOI requests (demo.py). Data, not UI: not translated.

Every identity number is made up but valid in form: resident IDs carry the region code of the city itself
(410800 焦作市, not a county's) and a computed check character, credit codes a computed check character;
every email address is at example.com, every address says (示例地址).
"""

from __future__ import annotations

import datetime as dt
import random

from gongkai.foi_requests.constants import ApplicantType, DeliveryChannel, DeliveryForm, IdDocumentType, Outcome
from gongkai.organizations.validators import USCC_CHARSET, uscc_check_character
from gongkai.screening.pii import id_check_character

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "建国晓明秀英志强丽华文杰海燕玉兰红梅俊峰雪莲国庆立新春生振华桂芳永刚晓燕德胜美玲子涵浩然雨桐思远嘉怡"
PLACES = ["城关镇", "西虢镇", "谷旦镇", "河雍街道", "槐树乡", "赵和镇", "大定街道", "会昌街道", "化工镇", "南庄镇"]
BRANDS = ["宏达", "鑫源", "恒信", "永安", "昌盛", "金鼎", "瑞丰", "豫通", "怀川", "太行"]
COMPANY_KINDS = ["建材有限公司", "化工有限责任公司", "机械制造有限公司", "物流有限公司", "矿业有限公司", "铸造有限公司"]

ORGANIZATIONS = {
    ApplicantType.ORG_COMMERCIAL: lambda r: f"焦作市{r.choice(BRANDS)}{r.choice(COMPANY_KINDS)}",
    ApplicantType.ORG_RESEARCH: lambda r: f"河南{r.choice(['怀川', '太行', '豫北'])}安全生产技术研究院",
    ApplicantType.ORG_PUBLIC_WELFARE: lambda r: f"焦作市{r.choice(['蓝天', '益行', '同心'])}应急救援志愿服务中心",
    ApplicantType.ORG_LEGAL_SERVICE: lambda r: f"河南{r.choice(['正言', '明德', '衡平', '公信'])}律师事务所",
    ApplicantType.ORG_OTHER: lambda r: f"{r.choice(PLACES)}{r.choice(['东街', '北关', '后河'])}村民委员会",
}
# GB 32100-2015 registration authority and kind: 9 1 enterprise, 1 2 public institution (科研院所),
# 5 2 social organization (民办非企业单位), 3 1 law firm (司法行政), 5 4 villagers' committee (基层群众性自治组织,
# here under 民政 for simplicity).
USCC_PREFIX = {
    ApplicantType.ORG_COMMERCIAL: "91",
    ApplicantType.ORG_RESEARCH: "12",
    ApplicantType.ORG_PUBLIC_WELFARE: "52",
    ApplicantType.ORG_LEGAL_SERVICE: "31",
    ApplicantType.ORG_OTHER: "54",
}
APPLICANT_TYPE_WEIGHTS = {
    ApplicantType.NATURAL_PERSON: 55,
    ApplicantType.ORG_COMMERCIAL: 18,
    ApplicantType.ORG_RESEARCH: 5,
    ApplicantType.ORG_PUBLIC_WELFARE: 6,
    ApplicantType.ORG_LEGAL_SERVICE: 9,
    ApplicantType.ORG_OTHER: 7,
}
# Not resident-ID holders: (document type, number maker)
OTHER_DOCUMENTS = [
    (IdDocumentType.PASSPORT, lambda r: f"E{r.randint(10000000, 99999999)}"),
    (IdDocumentType.HK_MACAO_PERMIT, lambda r: f"H{r.randint(10000000, 99999999)}"),
    (IdDocumentType.TAIWAN_PERMIT, lambda r: f"{r.randint(10000000, 99999999)}"),
    (IdDocumentType.FOREIGN_PERMANENT_RESIDENCE, lambda r: f"USA{r.randint(10**11, 10**12 - 1)}"),
]

SUBJECTS = [
    "{year}年本局对{company}作出的行政处罚决定书",
    "{year}年度安全生产监督检查计划及执行情况",
    "{year}年{place}防汛应急预案",
    "{year}年本辖区自然灾害救助资金的分配和使用明细",
    "{company}生产安全事故调查报告",
    "{company}危险化学品经营许可证的审批材料",
    "{place}尾矿库闭库验收意见",
    "{year}年本局安全生产举报的受理和查处情况统计",
    "{year}年度应急物资储备库物资清单",
    "{place}地震应急避难场所的位置和容量",
    "{year}年烟花爆竹经营（零售）许可证发放名单",
    "{company}安全评价报告的备案情况",
]
PURPOSES = [
    "",
    "",
    "了解本村周边企业的安全生产情况",
    "维护本公司合法权益",
    "学术研究",
    "代理案件需要",
    "自身生产生活需要",
]
DOCUMENT_HINTS = ["", "", "", "{abbr}应急罚〔{year}〕{n}号", "{abbr}应急〔{year}〕{n}号"]

SUPPLEMENT_ITEMS = [
    "请明确所需信息的名称、文号或者其他特征性描述，例如行政处罚的当事人名称和大致时间。",
    "申请所指“相关材料”范围不明确，请说明需要公开的具体文件名称或内容。",
    "请补充申请人身份证明的有效证件号码，并说明获取信息的方式。",
]
SUPPLEMENT_ANSWERS = [
    "所需信息为该企业{year}年受到行政处罚的决定书，处罚时间约为{year}年下半年。",
    "需要公开的是{year}年度安全生产监督检查计划正文及其附件。",
    "已补充身份证件号码，选择电子邮件方式获取信息。",
]
CONFIRMATION_NOTES = [
    "已通过电话与申请人确认收到申请。",
    "已通过平台向申请人发送收到确认，申请人已回复。",
    "已电话告知申请人本机关收到其申请。",
]
THIRD_PARTIES = ["焦作市{brand}化工有限责任公司", "{place}{brand}建材有限公司", "焦作市{brand}物流有限公司"]
AGENCIES = ["焦作市生态环境局", "焦作市自然资源和规划局", "焦作市水利局", "焦作市住房和城乡建设局"]
CONSULTATION_SUBJECTS = {
    "third_party": "申请公开的材料含有该企业的商业信息，书面征求其是否同意公开的意见（条例第三十二条）。",
    "agency": "申请公开的文件由本局与该机关联合制作，征求其意见（条例第三十四条）。",
}
CONSULTATION_NOTES = {
    "consented": "第三方书面回复同意公开。",
    "objected": "第三方书面回复不同意公开，理由为涉及商业秘密。",
    "no_reply": "征求意见期限内未收到答复。",
}
EXTENSION_REASONS = [
    "申请内容涉及多个年度的执法案卷，需调阅档案并逐份审查，申请延长答复期限。",
    "申请公开的信息数量较大，需要检索、整理的工作量大，申请延长答复期限。",
    "申请内容涉及多个业务科室，需要会商后答复，申请延长答复期限。",
]
EXTENSION_REJECTION = "现有材料可在法定期限内整理完毕，不予延期。"
MANUAL_DEADLINE_BASIS = (
    "条例第三十五条：申请人在短期内提出的申请数量明显超过合理范围，已说明理由且理由合理，"
    "无法在第三十三条规定的期限内答复，另行确定合理的答复期限并告知申请人。"
)
WITHDRAWAL_REASONS = ["已通过其他途径获取所需信息，申请撤回。", "申请人来电表示不再需要该信息。", ""]
DELIVERY_NOTES = {
    DeliveryChannel.EMAIL: "已通过电子邮件送达申请人。",
    DeliveryChannel.POST: "已通过挂号信邮寄送达。",
    DeliveryChannel.PICKUP: "申请人已到本机关现场领取。",
    DeliveryChannel.ONLINE: "已在平台发布答复，申请人可在线下载。",
}

REPLY_BODIES = {
    Outcome.R1_GRANTED: "经审查，您申请获取的{subject}属于可以公开的政府信息，现予以提供，详见附件。",
    Outcome.R2_PARTIAL: "经审查，您申请获取的{subject}中的部分内容可以公开，现提供可以公开的部分。",
    Outcome.R3_1_STATE_SECRET: "经审查，您申请获取的{subject}经依法确定为国家秘密，不予公开。",
    Outcome.R3_2_LAW_PROHIBITS: "经审查，您申请获取的{subject}属于法律、行政法规禁止公开的信息，不予公开。",
    Outcome.R3_3_THREE_SECURITY: "经审查，您申请获取的{subject}公开后可能危及国家安全、公共安全、经济安全、社会稳定，不予公开。",
    Outcome.R3_4_THIRD_PARTY: "经审查，您申请获取的{subject}涉及第三方商业秘密，经书面征求意见，第三方不同意公开，不予公开。",
    Outcome.R3_5_INTERNAL_AFFAIRS: "经审查，您申请获取的{subject}属于本机关内部事务信息，不予公开。",
    Outcome.R3_6_PROCESS_INFO: "经审查，您申请获取的{subject}属于本机关在履行行政管理职能过程中形成的讨论记录等过程性信息，不予公开。",
    Outcome.R3_7_ENFORCEMENT_FILE: "经审查，您申请获取的{subject}属于行政执法案卷信息，不予公开。",
    Outcome.R3_8_ADMIN_QUERY: "经审查，您申请获取的{subject}属于法律、行政法规对信息的获取有专门规定的情形，请按照有关规定办理。",
    Outcome.R4_1_NOT_HELD: "经检索，本机关未制作、获取您申请的{subject}，该政府信息不存在。",
    Outcome.R4_2_NEEDS_CREATION: "您申请获取的{subject}需要本机关对现有政府信息进行加工、分析，本机关不予提供。",
    Outcome.R4_3_UNCLEAR_AFTER_FIX: "经补正后，您申请获取的{subject}内容仍不明确，本机关无法提供。",
    Outcome.R5_1_PETITION: "您提出的申请实质为投诉举报，不作为政府信息公开申请处理，请通过信访、投诉举报渠道提出。",
    Outcome.R5_2_REPEAT: "您申请获取的{subject}本机关已于此前答复，您重复申请，本机关不予重复处理。",
    Outcome.R5_3_PUBLICATION: "您申请获取的{subject}属于公开出版物，请通过公开发行渠道获取。",
    Outcome.R5_4_MASS_REPEAT: "您在短期内提出的申请数量明显超过合理范围，经告知后未说明理由，本机关不予处理。",
    Outcome.R5_5_CONFIRM_REISSUE: "您要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。",
}
WITHHELD_REASON = "其中涉及第三方个人信息和商业秘密的内容，依据条例第十五条、第三十七条作区分处理，不予公开。"
REFERRAL = "该信息由焦作市自然资源和规划局负责公开，联系电话：0391-0000000（示例）。"


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def resident_id(rng: random.Random) -> str:
    """A made-up 18-character resident ID with region 410800 and a correct check character."""
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 55))
    first17 = f"410800{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return first17 + id_check_character(first17)


def uscc(rng: random.Random, applicant_type: str, division_code: str) -> str:
    body = "".join(rng.choice(USCC_CHARSET) for _ in range(9))
    first17 = f"{USCC_PREFIX[applicant_type]}{division_code}{body}"
    return first17 + uscc_check_character(first17)


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3579')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"


def applicant(rng: random.Random, applicant_type: str, *, division_code: str, number: int, short_name: str) -> dict:
    """A submission's applicant and delivery fields, as the public form posts them."""
    delivery = rng.choice(
        [
            (DeliveryForm.ELECTRONIC, DeliveryChannel.ONLINE),
            (DeliveryForm.ELECTRONIC, DeliveryChannel.EMAIL),
            (DeliveryForm.ELECTRONIC, DeliveryChannel.EMAIL),
            (DeliveryForm.PAPER, DeliveryChannel.POST),
            (DeliveryForm.PAPER, DeliveryChannel.PICKUP),
        ]
    )
    data = {
        "applicant_type": applicant_type,
        "phone": mobile(rng),
        "email": f"foi-demo-{number:04d}@example.com",
        "postal_address": f"{short_name}{rng.choice(PLACES)}{rng.randint(1, 200)}号（示例地址）",
        "postal_code": f"454{rng.randint(0, 999):03d}",
        "delivery_form": delivery[0],
        "delivery_channel": delivery[1],
        "purpose": rng.choice(PURPOSES),
    }
    if applicant_type == ApplicantType.NATURAL_PERSON:
        data["applicant_name"] = person_name(rng)
        if rng.random() < 0.94:
            data.update(id_document_type=IdDocumentType.RESIDENT_ID, id_document_number=resident_id(rng))
        else:
            doc_type, make = rng.choice(OTHER_DOCUMENTS)
            data.update(id_document_type=doc_type, id_document_number=make(rng))
    else:
        data.update(
            applicant_name=ORGANIZATIONS[applicant_type](rng),
            contact_person=person_name(rng),
            id_document_type=IdDocumentType.USCC,
            id_document_number=uscc(rng, applicant_type, division_code),
        )
    return data


def information_sought(rng: random.Random, *, year: int, short_name: str, abbr: str) -> tuple[str, str]:
    """(description, document number hint)."""
    subject = rng.choice(SUBJECTS).format(
        year=year,
        company=f"{short_name}{rng.choice(BRANDS)}{rng.choice(COMPANY_KINDS)}",
        place=f"{short_name}{rng.choice(PLACES)}",
    )
    hint = rng.choice(DOCUMENT_HINTS).format(abbr=abbr, year=year, n=rng.randint(1, 60))
    return f"请公开{subject}。", hint
