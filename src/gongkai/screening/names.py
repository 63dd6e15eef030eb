"""Names of natural persons: where the screen looks for them and what it accepts as a name.

A name is only looked for where a text says it is a person's: right after a label such as
姓名：, 当事人：, 申请人： (rule ``name_after_label``), or right before or after a resident ID
number with only separators, the ID label, gender, ethnicity, age or birth date in between
(rule ``name_beside_id``). A candidate is 2–4 Han characters starting with a known surname
(compound surnames count), not a common word, a title (王局长), a place or body (焦作市,
城关镇) or an already masked name (张某某). Officials named without an ID (局长王刚) are not
hits: their names are published on purpose. Works on normalised text.
"""

from __future__ import annotations

import re

from .masking import COMPOUND_SURNAMES, ID_NUMBER, NAME
from .numbers import Found, Taken

RULE_LABEL = "name_after_label"
RULE_BESIDE_ID = "name_beside_id"

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向"
    "汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚"
    "岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟"
    "邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井"
    "祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹"
    "诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由郗韩鲁储訾别"
)
# Words that follow a label or precede an ID but are not names.
NOT_NAMES = frozenset(
    "本人 其本人 公民 居民 户主 车主 法人 个人 个体 业主 司机 学生 职工 员工 工人 农民 师傅 未成年 不详 暂无 匿名 "
    "见附件 已隐去 未提供 无 某某 同上 如下 详见 申请人 被申请人 当事人 联系人 负责人 经办人 委托人 代理人 举报人 "
    "投诉人 监护人 法定代表人 驾驶人 驾驶员 承办人 持卡人 收款人 开户人 开户名 受害人 死者 伤者 遇难者 "
    "男 女 性别 民族 汉族 出生 住址 住所 地址 户籍 身份证 电话 手机 联系 单位 公司 企业 工程 项目 "
    "公民身份 居民身份 证件 号码 姓名 名称 全称 简称 国籍 中国 中华 华人 信息 内容 情况 "
    "于某 于是 于此 于本 于年 在于 由于 和解 和平 方便 方式 方面 方案 时间 时任 时年 时至 高级 高新 常住 常务 "
    "安全 安排 安装 文件 文书 文号 明确 明细 国家 国务院 全部 全体 全国 原告 原件 原因 原籍 来信 来访 来源 "
    "向本 向其 任职 任务 应当 应急 应对 管理 管辖 连续 车辆 车牌 简易 商户 商业 南方 海关 花费 强制 计划 "
    "相关 相应 初次 容易 都是 信用 信访 展开 智能 富有 由此 由其 宁可 包括 包含 单独 关于 关联 余额 余下 "
    "施工 经营 经查 调查 查明 查实 查处 查封 查询 查看 查验 其他 其中".split()
)
TITLE_SUFFIXES = (
    "先生", "女士", "同志", "师傅", "老师", "局长", "科长", "主任", "经理", "书记", "队长", "所长", "厂长", "站长",
    "县长", "市长", "乡长", "镇长", "村长", "组长", "处长", "部长", "律师", "医生", "会计", "老板", "董事", "监事",
)  # fmt: skip
NAME_LABELS = (
    "姓名", "当事人", "申请人", "被申请人", "被处罚人", "联系人", "法定代表人", "户主", "委托代理人", "代理人",
    "举报人", "投诉人", "监护人", "收款人", "持卡人", "开户名", "开户人", "户名", "救助对象", "受助人", "申报人",
    "被检查人", "受害人", "死者", "伤者", "遇难者", "驾驶人", "权利人",
)  # fmt: skip
_HAN = r"\u4e00-\u9fff"
_NAME_LABEL = re.compile(
    r"(?:" + "|".join(sorted(NAME_LABELS, key=len, reverse=True)) + r")\s*(?:[（(][^）)]{0,8}[）)])?\s*[:：]?\s*"
)
_TERMINATOR = re.compile(
    r"[\s，,；;、。.:：（()）\[\]【】/|\"'“”‘’!！?？]|男|女|身份|公民|性别|出生|住|现住|户籍|电话|手机|联系|\d|$"
)
# What may stand between a name and the ID number after it: separators, the ID label, gender,
# ethnicity and a birth date ("张三，男，汉族，1985年3月12日出生，身份证号：").
_BETWEEN = re.compile(
    r"(?:[\s，,：:（(、；;|｜]"
    r"|(?:公民|居民)?身份(?:证件?)?(?:号码|号|编号)?|证件(?:号码|号|编号)?|身份号码"
    r"|性别[:：]?|[男女]|民族[:：]?|[" + _HAN + r"]{1,3}族"
    r"|出生(?:日期|年月)?[:：]?|\d{4}年\d{1,2}月(?:\d{1,2}日)?(?:出生|生)?|\d{4}[-./]\d{1,2}[-./]\d{1,2}"
    r"|年龄[:：]?|\d{1,3}岁|周岁|为|是|ID|No\.?)+$"
)
_ORG_END_CHARS = frozenset("市县区省镇乡村局厅委办院所站队社厂店部处司校")
_MASKED_GIVEN = re.compile(r"[某Xx＊*×○〇]")


def _surname_len(candidate: str) -> int:
    if candidate[:2] in COMPOUND_SURNAMES:
        return 2
    return 1 if candidate[:1] in SURNAMES else 0


def _acceptable_name(candidate: str) -> bool:
    if not (2 <= len(candidate) <= 4) or not re.fullmatch(f"[{_HAN}]+", candidate):
        return False
    surname = _surname_len(candidate)
    if not surname or len(candidate) - surname < 1 or len(candidate) - surname > 2:
        return False
    if _MASKED_GIVEN.search(candidate[surname:]):
        return False  # already masked: 张某某
    if candidate in NOT_NAMES or candidate.endswith(TITLE_SUFFIXES):
        return False
    if candidate[-1] in _ORG_END_CHARS:
        return False  # 焦作市, 修武县, 城关镇: a place or a body, not a person
    return not any(word in candidate for word in ("公司", "单位", "政府", "管理", "委员", "中心"))


def _name_after(text: str, pos: int) -> tuple[int, int] | None:
    """A name starting at `pos` and followed by a terminator (shortest that fits)."""
    for length in (2, 3, 4):
        candidate = text[pos : pos + length]
        if len(candidate) < length or not re.fullmatch(f"[{_HAN}]+", candidate):
            return None
        if _TERMINATOR.match(text, pos + length) and _acceptable_name(candidate):
            # a compound surname with a 1-character given name is 3 long, not 2
            if length == 2 and candidate[:2] in COMPOUND_SURNAMES:
                continue
            return pos, pos + length
    return None


_FUNCTION_CHARS = frozenset("由和向与及对将经系为是即称查于被给让把在同跟")
# Common words whose last character is also a surname: in "造成王五" the 成 belongs to 造成.
_WORDS_ENDING_IN_SURNAME = frozenset(
    "造成 完成 组成 形成 促成 达成 变成 构成 生成 赞成 其余 剩余 业余 同时 及时 当时 按时 届时 随时 有关 相关 "
    "无关 机关 海关 老师 律师 厨师 部门 全国 各国 中国 公平 和平 水平 主任 责任 担任 信任 办公 开展 发展 进展 "
    "安全 完全 健全 平安 公安 治安 内容 原来 未来 将来 单位 岗位 方向 面向 意向 中华 首都".split()
)
_ROLE_END_CHARS = frozenset("人者主名村镇乡县市区省组")  # role words and place names end here


def _name_before(text: str, end: int) -> tuple[int, int] | None:
    """A name ending at `end` (just before an ID number and its label).

    Candidates are the 2-, 3- and 4-character runs of Han characters ending at `end` that
    start with a surname. The best is the one that follows a boundary (punctuation, a label
    or role word such as 申请人, or a function word such as 由/经查) and does not itself start
    with a function word; ties go to 3 characters, then 2, then 4.
    """
    options = []
    for length in (4, 3, 2):
        start = end - length
        if start < 0:
            continue
        candidate = text[start:end]
        if not _acceptable_name(candidate) or (length == 2 and candidate in COMPOUND_SURNAMES):
            continue
        before = text[start - 1] if start > 0 else ""
        score = {3: 0.5, 2: 0.3, 4: 0.1}[length]
        if not before or not re.match(f"[{_HAN}]", before) or before in _ROLE_END_CHARS:
            score += 2  # after punctuation, the start, or a role word (申请人|张三)
        else:
            if before in _FUNCTION_CHARS:
                score += 1  # 由|王五, 经查|王五
            if text[max(0, start - 2) : start] in _WORDS_ENDING_IN_SURNAME:
                score += 1  # 造成|王五, 造成|向雨
            elif candidate[0] in _FUNCTION_CHARS or (before + candidate[0]) in _WORDS_ENDING_IN_SURNAME:
                score -= 2  # 由王五, 造|成王五: the first character belongs to the word before
        if candidate[:2] in COMPOUND_SURNAMES:
            score += 1
        options.append((score, start))
    if not options:
        return None
    _score, start = max(options)
    return start, end


def name_hits(text: str, ids: list[Found]) -> list[Found]:
    """Names after a name label or beside an ID number in `ids`, longest first, not overlapping."""
    spans: dict[tuple[int, int], tuple[str, str]] = {}
    for m in _NAME_LABEL.finditer(text):
        span = _name_after(text, m.end())
        if span:
            spans[span] = (RULE_LABEL, m.group().strip(" :：("))
    for hit in ids:
        if hit.kind != ID_NUMBER:
            continue
        prefix = text[max(0, hit.start - 40) : hit.start]
        between = _BETWEEN.search(prefix)
        name_end = hit.start - (len(between.group()) if between else 0)
        span = _name_before(text, name_end)
        if span:
            spans.setdefault(span, (RULE_BESIDE_ID, ""))
        after = re.match(r"[\s]*[（(，,、]?\s*", text[hit.end : hit.end + 4])
        span = _name_after(text, hit.end + after.end()) if after else None
        if span:
            spans.setdefault(span, (RULE_BESIDE_ID, ""))
    kept = Taken()
    for s, e in sorted(spans, key=lambda span: (span[0] - span[1], span[0])):  # longest first
        if kept.free(s, e):
            kept.add(s, e)
    return [Found(NAME, s, e, *spans[(s, e)]) for s, e in zip(kept.starts, kept.ends, strict=True)]
