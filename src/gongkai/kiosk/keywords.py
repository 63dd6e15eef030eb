"""Words a kiosk visitor can tap instead of typing Chinese (the on-screen keyboard has no pinyin input).

Common subjects of an emergency-management bureau's disclosure (the catalog's level-1 categories of the
ministry's guideline, and what people ask for most). They are search words in the content language (data,
not interface text), so they are not translated.
"""

KEYWORDS = (
    "安全生产",
    "应急预案",
    "行政许可",
    "行政处罚",
    "行政检查",
    "事故调查",
    "隐患排查",
    "危险化学品",
    "非煤矿山",
    "烟花爆竹",
    "工贸",
    "防汛抗旱",
    "森林防火",
    "地震",
    "救灾",
    "救助",
    "统计",
    "政策解读",
    "年度报告",
    "通知",
    "公告",
    "规划",
)
