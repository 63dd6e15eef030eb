"""Property test: the index finds exactly what a substring scan finds, in the right order, on the
backend the tests run on (SQLite by default, PostgreSQL with DATABASE_URL)."""

import random

import pytest
from bench.search_corpus import document
from django.db import connection

from gongkai.search import backends, postgresql, service
from gongkai.search.text import document_grams, normalize

CORPUS_SIZE = 2500
SEED = 7


def _corpus():
    docs = [document(i, seed=SEED) for i in range(CORPUS_SIZE)]
    # Some Latin, digits, full-width forms, punctuation and FTS/tsquery syntax characters.
    extras = [
        (
            "ＰＭ２．５浓度监测 Covid-19",
            '依据GB 30871—2022《危险化学品企业特殊作业安全规范》，O\'Brien 说："AND" NOT (x*y)',
        ),
        ("关于C:\\Temp\\路径的通知", "反斜杠 \\ 与单引号 ' 以及 {title}: 和 ^ 符号，NEAR(a b) 不是语法。"),
        ("尾矿 库安全", "这里尾矿和库被空格隔开：尾矿 库。"),
    ]
    for n, (title, body) in enumerate(extras):
        docs[n * 7 + 3] = {**docs[n * 7 + 3], "title": title, "body": body}
    return docs


def _expected(docs_by_id, terms, order="relevance"):
    def key(d):
        return (d["published_at"], d["doc_id"])

    hits = [d for d in docs_by_id.values() if all(t in d["_title"] or t in d["_body"] for t in terms)]
    if order == "newest":
        return [d["doc_id"] for d in sorted(hits, key=key, reverse=True)]
    in_title = [d for d in hits if all(t in d["_title"] for t in terms)]
    rest = [d for d in hits if not all(t in d["_title"] for t in terms)]
    return [d["doc_id"] for d in sorted(in_title, key=key, reverse=True) + sorted(rest, key=key, reverse=True)]


def _all_pages(query, **kwargs):
    ids, page = [], 1
    while True:
        result = service.search(query, page=page, page_size=100, **kwargs)
        ids += result.ids
        if len(result.ids) < 100 or len(ids) >= result.total:
            return ids, result.total
        page += 1


def _queries(docs, rng):
    queries = ["尾矿", "尾矿库", "矿库", "救援队", "救援队伍", "库安", "安", "汛", "防汛抗", "尾矿坝", "应急管理局关于"]
    queries += ["pm2.5", "PM2", "covid", "COVID-19", "30871", "o'brien", '"and"', "(x*y)", "\\temp\\", "'", "\\"]
    queries += ["{title}:", "near(a", "^", "库被空格", "尾矿 库", "安全 尾矿库", "不存在的词"]
    while len(queries) < 260:
        d = rng.choice(docs)
        text = d["_title"] if rng.random() < 0.3 else d["_body"]
        length = rng.randint(1, 6)
        if len(text) <= length:
            continue
        start = rng.randrange(len(text) - length)
        q = text[start : start + length]
        if " " not in q:
            queries.append(q)
    return queries


@pytest.mark.django_db
def test_search_finds_exactly_the_substring_matches_in_ranked_order(monkeypatch, settings):
    if connection.vendor == "postgresql":
        # Spread the documents over ~80 buckets (about 32 per bucket), so that counts and pages
        # read them in several chunks.
        monkeypatch.setattr(service, "SORT_KEY_GAP", 1 << (backends.PG_BUCKET_SHIFT - 5))
    docs = _corpus()
    # Bulk path for most, incremental path for the rest, then re-index some with new text.
    service.bulk_load(docs[:2000])
    service.index_documents(docs[2000:])
    rng = random.Random(SEED)
    for i in rng.sample(range(CORPUS_SIZE), 60):
        docs[i] = document(i + 50_000, seed=SEED) | {"doc_id": docs[i]["doc_id"]}
        service.index_document(**docs[i])
    removed = rng.sample(range(CORPUS_SIZE), 20)
    for i in removed:
        service.remove_document(docs[i]["doc_id"])
    docs_by_id = {}
    for n, d in enumerate(docs):
        if n not in removed:
            docs_by_id[d["doc_id"]] = d | {"_title": normalize(d["title"]), "_body": normalize(d["body"])}

    failures = []
    for n, query in enumerate(_queries(list(docs_by_id.values()), rng)):
        terms = service.query_terms(query)
        order = "newest" if n % 5 == 4 else "relevance"
        cap = 300 if n % 4 == 3 else 10_000
        settings.GONGKAI = {**settings.GONGKAI, "SEARCH_COUNT_CAP": cap}
        if connection.vendor == "postgresql":
            # Cycle through the bucketed GIN path, the ordered walk that stops early and hands over
            # to GIN below it, and the ordered walk that reads everything; chunks of few or many
            # buckets.
            monkeypatch.setattr(postgresql, "ORDERED_MIN_SHARE", 2.0 if n % 3 == 0 else 0.0)
            monkeypatch.setattr(postgresql, "ORDERED_PROBE_ROWS", 40 if n % 3 == 1 else 100_000)
            monkeypatch.setattr(postgresql, "PG_CHUNK_MARGIN", 0.2 if n % 2 else 1.5)
        expected = _expected(docs_by_id, terms, order)
        got, total = _all_pages(query, order=order)
        if got != expected[:cap] or total != min(len(expected), cap):
            failures.append((query, len(expected), total, len(got), len(set(expected) - set(got))))
    assert not failures, failures


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's search_doc_grams() only")
def test_sql_grams_agree_with_python_grams():
    rng = random.Random(3)
    texts = [normalize(document(i)["body"]) for i in range(200)]
    texts += ["", "a", " ", "ab cd", "尾矿 库", "'\\\" x", "𠀀𠀁 ab"]
    texts += ["".join(rng.choice("安全 aB1'\\:&|!()") for _ in range(30)) for _ in range(50)]
    with connection.cursor() as cursor:
        for text in texts:
            text = normalize(text)
            cursor.execute("SELECT tsvector_to_array(search_doc_grams(%s, %s))", [text, 5 << backends.PG_BUCKET_SHIFT])
            assert set(cursor.fetchone()[0]) == {f"5|{g}" for g in document_grams(text)}, text
