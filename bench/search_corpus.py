"""Deterministic synthetic corpus of emergency-management records for the search benchmark and tests.

document(i) depends only on (seed, i): any record can be regenerated on its own, so ground truth
can be recomputed without storing the corpus. Titles and bodies are assembled from a vocabulary
of domain phrases with Zipf-like weights, so some terms are in most records (安全, 应急) and
others in a few (尾矿库, 粉尘涉爆), and many short queries are substrings of longer words
(尾矿 in 尾矿库, 救援队 in 救援队伍) or cross word boundaries.
"""

import datetime as dt
import random

BUREAUS = [
    (1, "焦作市应急管理局"),
    (2, "修武县应急管理局"),
    (3, "温县应急管理局"),
    (4, "武陟县应急管理局"),
    (5, "博爱县应急管理局"),
    (6, "沁阳市应急管理局"),
    (7, "孟州市应急管理局"),
    (8, "解放区应急管理局"),
    (9, "山阳区应急管理局"),
    (10, "中站区应急管理局"),
    (11, "马村区应急管理局"),
    (12, "城乡一体化示范区应急管理局"),
]
GENRES = [
    ("notice", "通知"),
    ("announcement", "公告"),
    ("opinion", "意见"),
    ("measures", "办法"),
    ("plan", "方案"),
    ("report", "报告"),
    ("bulletin", "通报"),
    ("penalty_decision", "行政处罚决定书"),
    ("statistics", "统计信息"),
    ("work_update", "工作动态"),
    ("interpretation", "政策解读"),
    ("regulation", "规范性文件"),
]
VALIDITIES = ["valid"] * 17 + ["amended"] * 2 + ["repealed"]

# Domain phrases, most frequent first (weight ~ 1 / rank).
TOPICS = [
    "安全生产", "应急管理", "应急预案", "防汛抗旱", "隐患排查", "自然灾害", "森林防火", "危险化学品",
    "救援队伍", "应急演练", "监督检查", "行政执法", "消防安全", "地质灾害", "防灾减灾", "风险评估",
    "预警信息", "值班值守", "安全培训", "事故调查", "非煤矿山", "专项整治", "主体责任", "物资储备",
    "烟花爆竹", "工贸企业", "建筑施工", "城镇燃气", "交通运输", "有限空间", "双重预防机制", "灾情统计",
    "救灾物资", "转移安置", "避难场所", "特种作业", "行政处罚", "安全责任", "网格化管理", "应急广播",
    "尾矿库", "粉尘涉爆", "冶金企业", "危险废物", "地震监测", "防台风", "气象预警", "山洪灾害",
    "堤防巡查", "抢险救援", "综合减灾", "安全文化", "标准化建设", "执法检查", "重大危险源", "溃坝风险",
    "矿山救护", "化工园区", "液氨制冷", "涉氨企业", "金属冶炼", "高处作业", "动火作业", "受限空间",
]  # fmt: skip
# Rare events: each in roughly 0.2-0.4 % of records.
RARE = [
    "尾矿库闭库销号", "液氯泄漏处置", "瓦斯突出防治", "塌方冒顶事故", "龙卷风灾害", "冰雹灾害", "堰塞湖排险",
    "泥石流预警", "氰化物管控", "地下矿山透水",
]  # fmt: skip
VERBS = [
    "加强", "做好", "落实", "推进", "开展", "深化", "规范", "健全", "完善", "强化", "组织", "部署",
    "严格", "压实", "扎实推进", "全面开展", "切实做好", "认真落实", "进一步加强", "统筹推进",
]  # fmt: skip
NOUNS = [
    "工作", "机制", "体系", "能力", "措施", "制度", "责任", "方案", "行动", "工作方案", "实施方案",
    "管理办法", "考核办法", "工作要点", "情况", "专项行动", "三年行动", "攻坚行动",
]  # fmt: skip
SUBJECTS = [
    "各乡镇人民政府", "各街道办事处", "县直有关单位", "各有关部门", "各生产经营单位", "各重点企业",
    "市应急管理局", "县安委会各成员单位", "各级应急管理部门", "有关企业", "各社区", "各村（居）委会",
]  # fmt: skip
CONNECTORS = [
    "根据", "按照", "为了", "结合", "依据", "围绕", "针对", "对照", "通过", "坚持",
]  # fmt: skip
TAILS = [
    "确保人民群众生命财产安全", "坚决遏制重特大事故发生", "切实维护社会大局稳定", "提升应急处置能力",
    "防范化解重大安全风险", "保障经济社会高质量发展", "筑牢安全防线", "守住安全底线",
    "做到早发现、早报告、早处置", "形成工作合力", "推动责任落实落地", "全力做好各项准备",
]  # fmt: skip
EXTRAS = [
    "共检查企业{n}家", "排查隐患{n}处", "整改完成率{p}%", "出动执法人员{n}人次", "组织演练{n}场",
    "受灾人口{n}人", "紧急转移安置{n}人", "直接经济损失{n}万元", "罚款{n}万元", "依据GB 30871-2022",
    "执行AQ 3013标准", "PM2.5浓度", "通过App上报", "拨打12350举报电话", "联系电话0391-{tel}",
    "于{date}前报送", "自{date}起施行", "截至{date}", "第{q}季度", "〔{y}〕{n}号",
]  # fmt: skip
PUNCT_END = ["。", "。", "。", "；", "！"]

_TOPIC_WEIGHTS = [1.0 / (rank + 1) ** 0.9 for rank in range(len(TOPICS))]

EPOCH = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
SPAN_SECONDS = int((dt.datetime(2026, 11, 1, tzinfo=dt.UTC) - EPOCH).total_seconds())


def _date(rng: random.Random) -> str:
    return f"{rng.randint(2015, 2026)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"


def _extra(rng: random.Random) -> str:
    return rng.choice(EXTRAS).format(
        n=rng.randint(1, 999),
        p=rng.randint(60, 100),
        tel=rng.randint(2000000, 8999999),
        date=_date(rng),
        q=rng.choice("一二三四"),
        y=rng.randint(2015, 2026),
    )


def _sentence(rng: random.Random) -> str:
    topic = rng.choices(TOPICS, _TOPIC_WEIGHTS)[0]
    kind = rng.random()
    if kind < 0.35:
        s = f"{rng.choice(CONNECTORS)}{rng.choice(TOPICS[:20])}有关要求，{rng.choice(SUBJECTS)}要{rng.choice(VERBS)}{topic}{rng.choice(NOUNS)}"
    elif kind < 0.6:
        s = f"{rng.choice(VERBS)}{topic}{rng.choice(NOUNS)}，{rng.choice(TAILS)}"
    elif kind < 0.8:
        s = f"{_date(rng)}，{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{topic}{rng.choice(NOUNS)}，{_extra(rng)}"
    else:
        other = rng.choices(TOPICS, _TOPIC_WEIGHTS)[0]
        s = f"{topic}和{other}是{rng.choice(TAILS)}的重点，{_extra(rng)}"
    return s + rng.choice(PUNCT_END)


def document(i: int, seed: int = 2026) -> dict:
    """Record i of the corpus: index_document's keyword arguments (doc_id = i + 1)."""
    rng = random.Random(seed * 1_000_003 + i)
    bureau_id, bureau_name = BUREAUS[rng.randrange(len(BUREAUS))]
    genre, genre_word = GENRES[rng.randrange(len(GENRES))]
    topic = rng.choices(TOPICS, _TOPIC_WEIGHTS)[0]
    year = rng.randint(2015, 2026)
    title = f"{bureau_name}关于{rng.choice(VERBS)}{year}年{topic}{rng.choice(NOUNS)}的{genre_word}"
    if rng.random() < 0.15:
        title = f"{year}年{bureau_name.removesuffix('应急管理局')}{topic}{rng.choice(NOUNS)}情况{genre_word}"
    target = rng.randint(200, 500)
    paragraphs, length, sentences = [], 0, []
    while length < target:
        s = _sentence(rng)
        sentences.append(s)
        length += len(s)
        if rng.random() < 0.25:
            paragraphs.append("".join(sentences))
            sentences = []
    if rng.random() < 0.03:
        sentences.append(f"{rng.choice(SUBJECTS)}要{rng.choice(VERBS)}{rng.choice(RARE)}{rng.choice(NOUNS)}。")
    if sentences:
        paragraphs.append("".join(sentences))
    body = "\n".join(paragraphs)[: target + 40]
    # Publication times grow with i (with noise), so record ids and dates are loosely correlated.
    base = EPOCH.timestamp() + SPAN_SECONDS * (i / 1_000_000 % 1.0)
    published_at = dt.datetime.fromtimestamp(int(base + rng.randint(-30 * 86400, 30 * 86400)), tz=dt.UTC)
    return {
        "doc_id": i + 1,
        "title": title,
        "body": body,
        "bureau_id": bureau_id,
        "catalog_item_id": 100 + rng.randrange(40),
        "genre": genre,
        "validity": rng.choice(VALIDITIES),
        "published_at": published_at,
    }


def documents(count: int, seed: int = 2026, start: int = 0):
    for i in range(start, start + count):
        yield document(i, seed)
