import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from gongkai.records import indexing
from gongkai.search import service
from gongkai.search.models import SearchDocument
from gongkai.search.text import fts_stream, html_to_text, normalize, pg_tsquery, query_terms

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC)


def add(doc_id, title="", body="", days=0, **fields):
    service.index_document(doc_id=doc_id, title=title, body=body, published_at=T0 + dt.timedelta(days=days), **fields)


@pytest.fixture
def cap(settings):
    """cap(n): count and page search results up to n (the SEARCH_COUNT_CAP setting)."""

    def set_cap(n):
        settings.GONGKAI = {**settings.GONGKAI, "SEARCH_COUNT_CAP": n}

    return set_cap


def ids(query, **kwargs):
    return service.search(query, page_size=100, **kwargs).ids


# --- text ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=False)
def test_normalize_folds_width_case_format_chars_and_whitespace():
    assert normalize("  ＰＭ２．５\u200b浓度\n\t监测  GB ") == "pm2.5浓度 监测 gb"
    assert normalize(None) == ""


def test_query_terms_split_on_whitespace_and_drop_contained_terms():
    assert query_terms(" 安全  安全生产 尾矿 ") == ["安全生产", "尾矿"]
    assert query_terms("   ") == []


def test_fts_stream_breaks_bigram_chains_at_whitespace():
    # "ab" and "bc" are in different segments: no "ab bc" phrase may match "abc".
    assert fts_stream("ab bc").split(" ")[:3] == ["ab", "xsep", "bc"]


def test_tsquery_quotes_every_lexeme():
    assert pg_tsquery(["a'b"]) == "'a''' & '''b'"
    assert pg_tsquery(["\\"]) == "'\\\\'"


def test_html_to_text_separates_blocks_and_drops_scripts():
    text = html_to_text("<p>尾矿</p><p>库<script>alert('安全')</script></p><style>p{}</style>&amp;")
    assert normalize(text) == "尾矿 库 &"


# --- matching -----------------------------------------------------------------------------------


def test_finds_one_to_four_character_chinese_substrings():
    add(1, "关于加强尾矿库安全管理的通知", "各乡镇要做好防汛抗旱工作。")
    add(2, "应急演练通报", "组织救援队伍开展演练。")
    assert ids("矿") == [1]
    assert ids("尾矿") == [1]
    assert ids("矿库") == [1]
    assert ids("尾矿库安") == [1]
    assert ids("救援队") == [2]
    assert ids("汛抗") == [1]
    assert ids("演") == [2]
    assert ids("尾矿坝") == []


def test_does_not_match_across_whitespace_or_between_title_and_body():
    add(1, "尾矿", "库区巡查 尾矿 库")
    assert ids("尾矿库") == []
    assert ids("尾矿 库") == [1]


def test_latin_and_digits_match_case_insensitively_and_full_width():
    add(1, "PM2.5 监测", "依据 GB 30871-2022 执行，Covid-19")
    assert ids("pm2.5") == [1]
    assert ids("ｇｂ") == [1]
    assert ids("COVID") == [1]
    assert ids("0871-20") == [1]
    assert ids("30872") == []


@pytest.mark.parametrize("query", ['"', "'", "\\", "AND", "NOT", "x*", "(a", "{title}:", "^", "NEAR(", "-1", ":"])
def test_query_syntax_characters_are_literal_text(query):
    add(1, "普通标题", f"正文包含{query}这段文字")
    add(2, "另一个标题", "正文不包含那些符号")
    assert ids(query) == [1]


def test_every_term_of_a_multi_term_query_is_required():
    add(1, "防汛工作", "尾矿库巡查")
    add(2, "防汛工作", "森林防火")
    assert ids("防汛 尾矿") == [1]


# --- ranking, order, pagination -----------------------------------------------------------------


def test_title_hits_rank_before_body_hits_then_newest_first():
    add(1, "尾矿库管理", "", days=1)
    add(2, "其他", "尾矿库", days=5)
    add(3, "尾矿库巡查", "尾矿库", days=3)
    add(4, "其他", "尾矿库", days=2)
    assert ids("尾矿库") == [3, 1, 2, 4]
    assert ids("尾矿库", order="newest") == [2, 3, 4, 1]


def test_pages_continue_from_title_hits_into_body_hits():
    for n in range(1, 6):
        add(n, "尾矿库", "", days=n)
    for n in range(6, 11):
        add(n, "其他", "尾矿库", days=n)
    pages = [service.search("尾矿", page=p, page_size=3).ids for p in (1, 2, 3, 4, 5)]
    assert pages == [[5, 4, 3], [2, 1, 10], [9, 8, 7], [6], []]
    assert service.search("尾矿", page=2, page_size=3).total == 10


def test_count_is_capped(cap):
    cap(5)
    for n in range(1, 9):
        add(n, "安全", "", days=n)
    result = service.search("安全", page_size=3)
    assert (result.ids, result.total, result.capped) == ([8, 7, 6], 5, True)
    assert service.search("安全", page=2, page_size=3).ids == [5, 4]
    assert service.search("安全", page=3, page_size=3).ids == []
    assert service.search("全安").capped is False


def test_filters_restrict_results():
    add(1, "安全", bureau_id=1, catalog_item_id=10, genre="notice", validity="valid")
    add(2, "安全", bureau_id=2, catalog_item_id=11, genre="plan", validity="repealed", days=400)
    add(3, "其他", bureau_id=1, catalog_item_id=10, genre="notice", validity="valid")
    assert ids("安全", bureau_id=1) == [1]
    assert ids("安全", catalog_item_id=11) == [2]
    assert ids("安全", genre="notice") == [1]
    assert ids("安全", validity="repealed") == [2]
    assert ids("安全", year=2025) == [2]
    assert ids("安全", year=2024, bureau_id=2) == []


def test_empty_query_lists_filtered_documents_newest_first():
    add(1, "a", bureau_id=1, days=1)
    add(2, "b", bureau_id=1, days=2)
    add(3, "c", bureau_id=2, days=3)
    assert service.search("", bureau_id=1) == service.SearchResult([2, 1], 2, False)


# --- index maintenance --------------------------------------------------------------------------


def test_reindexing_replaces_the_previous_version():
    add(1, "尾矿库", "防汛", bureau_id=1)
    add(1, "森林防火", "值班", bureau_id=2, days=3)
    assert ids("尾矿") == []
    assert ids("防汛") == []
    assert ids("防火") == [1]
    assert ids("防火", bureau_id=1) == []
    assert ids("防火", bureau_id=2) == [1]
    assert SearchDocument.objects.count() == 1


def test_remove_document_takes_it_out_of_results():
    add(1, "尾矿库")
    add(2, "尾矿库")
    service.remove_document(1)
    service.remove_document(99)
    assert ids("尾矿") == [2]


@pytest.mark.parametrize("gap", [64, 2])
def test_documents_published_in_the_past_slot_in_by_date(monkeypatch, gap):
    # With gap 2 there is soon no room between neighbours and following keys must move.
    monkeypatch.setattr(service, "SORT_KEY_GAP", gap)
    service.bulk_load([{"doc_id": n, "title": "安全", "published_at": T0 + dt.timedelta(days=n)} for n in (1, 9)])
    for n in (2, 8, 3, 7, 4, 6, 5, 10, 0):
        add(n, "安全", f"正文{n}", days=n)
    add(11, "安全", days=5)  # same time as 5: the higher record id is newer
    expected = [10, 9, 8, 7, 6, 11, 5, 4, 3, 2, 1, 0]
    assert ids("安全") == expected
    assert [ids(f"正文{n}") for n in (2, 8, 5, 0)] == [[2], [8], [5], [0]]
    keys = list(SearchDocument.objects.order_by("-sort_key").values_list("doc_id", flat=True))
    assert keys == expected


@pytest.mark.parametrize("gap", [64, 2])
def test_a_batch_lands_in_the_same_order_as_one_document_at_a_time(monkeypatch, gap, django_assert_max_num_queries):
    monkeypatch.setattr(service, "SORT_KEY_GAP", gap)
    add(1, "安全", days=1)
    add(5, "安全", days=5)

    def doc(n, days):
        return {"doc_id": n, "title": "安全", "body": f"正文{n}", "published_at": T0 + dt.timedelta(days=days)}

    # New publications (all after the index, given out of order): a handful of statements, not 3 per document.
    with django_assert_max_num_queries(8):
        service.index_documents([doc(n, n) for n in (9, 6, 8, 7)] + [doc(10, 9)])
    # A batch reaching into the past (and replacing document 6) slots in one document at a time.
    service.index_documents([doc(3, 3), doc(11, 11), doc(6, 2)])
    expected = [11, 10, 9, 8, 7, 5, 3, 6, 1]
    assert ids("安全") == expected
    assert list(SearchDocument.objects.order_by("-sort_key").values_list("doc_id", flat=True)) == expected
    assert [ids(f"正文{n}") for n in (10, 6, 3)] == [[10], [6], [3]]


@pytest.mark.parametrize("ordered_share", [2.0, 0.0])
def test_counts_and_pages_read_the_index_newest_first_across_buckets(monkeypatch, ordered_share, cap):
    # On PostgreSQL, with these keys every bucket holds two documents (backends.PG_BUCKET_SHIFT):
    # counts and pages read the buckets newest first in chunks, in GIN only or (share 0) after a
    # walk along the sort_key index that stops early; moved keys change their document's bucket.
    from gongkai.search import backends, postgresql

    monkeypatch.setattr(service, "SORT_KEY_GAP", 1 << (backends.PG_BUCKET_SHIFT - 1))
    monkeypatch.setattr(postgresql, "ORDERED_MIN_SHARE", ordered_share)
    monkeypatch.setattr(postgresql, "ORDERED_PROBE_ROWS", 3)
    monkeypatch.setattr(postgresql, "PG_CHUNK_MARGIN", 0.5)
    service.bulk_load(
        [{"doc_id": n, "title": "尾矿库" if n % 5 == 0 else "通知", "body": "关于尾矿库的通知" if n % 3 == 0 else "安全生产",
          "published_at": T0 + dt.timedelta(days=n)} for n in range(1, 41)]
    )  # fmt: skip
    add(41, "尾矿库", days=0)  # oldest: slots in before every other key
    in_title = [40, 35, 30, 25, 20, 15, 10, 5, 41]
    in_body = [n for n in range(40, 0, -1) if n % 3 == 0 and n % 5]
    assert ids("尾矿库") == in_title + in_body
    assert service.search("尾矿库", page=2, page_size=4).ids == (in_title + in_body)[4:8]
    assert service.search("矿库", page=3, page_size=4).ids == (in_title + in_body)[8:12]
    assert service.search("尾", order="newest", page_size=5).ids == sorted(in_title[:-1] + in_body, reverse=True)[:5]
    assert service.search("安全").total == len([n for n in range(1, 41) if n % 3])
    cap(5)
    result = service.search("尾矿库", page=2, page_size=3)
    assert (result.ids, result.total, result.capped) == ([25, 20], 5, True)


def test_bulk_load_refuses_a_non_empty_index():
    add(1, "安全")
    with pytest.raises(RuntimeError):
        service.bulk_load([{"doc_id": 2, "title": "安全"}])


@pytest.mark.django_db(transaction=True)
def test_table_wide_delete_forgets_the_full_text_rows_too():
    add(1, "尾矿库")
    SearchDocument.objects.all().delete()
    add(2, "防汛")
    assert service.search("尾矿").total == 0
    assert ids("防汛") == [2]


def _fake_record(pk=7, **overrides):
    attachments = [
        SimpleNamespace(extracted_text="附件：尾矿库闭库方案", removed_at=None),
        SimpleNamespace(extracted_text="已替换的旧附件：旧方案", removed_at=T0),
    ]
    fields = {
        "pk": pk,
        "title": "关于尾矿库的通知",
        "body": "<p>各单位：</p><p>请做好<strong>防汛</strong>工作。</p><script>x('溃坝')</script>",
        "summary": "摘要内容",
        "keywords": "尾矿库 防汛",
        "document_number": "焦应急〔2024〕12号",
        "attachments": SimpleNamespace(all=lambda: attachments),
        "bureau_id": 3,
        "catalog_item_id": 40,
        "published_at": dt.datetime(2024, 12, 31, 20, 0, tzinfo=dt.UTC),  # 2025 in Asia/Shanghai
        "genre": "notice",
        "validity": "valid",
    }
    return SimpleNamespace(**(fields | overrides))


def test_a_record_document_holds_its_text_attachments_and_filters():
    service.index_document(**indexing.record_document(_fake_record()))
    assert ids("闭库") == [7]
    assert ids("请做好防汛工作") == [7]
    assert ids("〔2024〕12号") == [7]
    assert ids("摘要") == [7]
    assert ids("溃坝") == []
    assert ids("旧方案") == []
    assert ids("通知", year=2025, bureau_id=3, catalog_item_id=40, genre="notice", validity="valid") == [7]
    service.remove_document(7)
    assert ids("闭库") == []


def test_reindex_all_rebuilds_from_the_given_records():
    add(99, "旧文档")
    count = indexing.reindex_all([_fake_record(pk=1), _fake_record(pk=2, title="森林防火")])
    assert count == 2
    assert ids("旧文档") == []
    assert ids("森林") == [2]


def test_search_reindex_command_indexes_published_records(capsys):
    add(99, "旧文档")
    call_command("search_reindex")
    assert "Indexed 0 documents" in capsys.readouterr().out
    assert ids("旧文档") == []


def test_records_search_answers_with_the_search_result_contract():
    result = indexing.search("无结果")
    assert isinstance(result, service.SearchResult)
    assert (result.ids, result.total, result.capped) == ([], 0, False)
    assert service.count_cap() == service.DEFAULT_COUNT_CAP == 1_000


def test_unknown_order_is_rejected():
    with pytest.raises(ValueError):
        service.search("安全", order="bm25")
