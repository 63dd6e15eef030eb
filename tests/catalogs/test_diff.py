from gongkai.catalogs.diff import diff_items

from .factories import item_data


def test_identical_lists_have_no_differences():
    items = [item_data(key="k1"), item_data(level2="行政许可", key="k2")]
    result = diff_items(items, items)
    assert result.is_empty and len(result.unchanged) == 2


def test_added_removed_and_changed_element_by_element():
    old = [item_data(key="k1"), item_data(level2="行政许可", key="k2"), item_data(level2="行政处罚", key="k3")]
    new = [
        item_data(key="k1", content="新内容", channels=["政府网站"]),
        item_data(level2="行政处罚", key="k3"),
        item_data(level2="行政强制", key=""),
    ]
    result = diff_items([i.to_dict() for i in old], new)
    assert [i.level2 for i in result.added] == ["行政强制"]
    assert [i.level2 for i in result.removed] == ["行政许可"]
    assert len(result.changed) == 1
    change = result.changed[0]
    assert change.key == "k1"
    assert [(c.element, c.old, c.new) for c in change.changes] == [
        ("content", "安全生产行政检查的依据、对象、结果", "新内容"),
        ("channels", ["政府网站", "政务服务中心"], ["政府网站"]),
    ]
    assert result.summary() == {"added": 1, "removed": 1, "changed": 1, "unchanged": 1}


def test_items_without_keys_match_by_identity():
    old = [item_data(key="k1")]
    new = [item_data(key="", responsible_body="温县应急管理局")]
    result = diff_items(old, new)
    assert not result.added and not result.removed
    assert [c.element for c in result.changed[0].changes] == ["responsible_body"]


def test_a_renamed_item_with_the_same_key_is_a_change_not_a_replacement():
    result = diff_items([item_data(key="k1")], [item_data(key="k1", level2="行政检查（含执法检查）")])
    assert not result.added and not result.removed
    assert result.changed[0].changes[0].element == "level2"


def test_whitespace_only_differences_are_ignored():
    result = diff_items([item_data(key="k1", content="内容")], [item_data(key="k1", content=" 内容 ")])
    assert result.is_empty
