"""Recall and precision of the personal-data screen on the labelled corpus.

    .venv/bin/python bench/pii_eval.py [--corpus tests/screening/corpus] [--errors] [--scan MODULE]

--scan names another importable module with a `scan(text)` to measure (for a before/after
comparison, e.g. a copy of an older `gongkai.screening.pii` put on PYTHONPATH).

Span-level exact match per kind: a detected hit is a true positive when a labelled span has
the same kind, start and end. Also reports snippet-level false alarms on the negatives.
Regenerate the corpus with bench/pii_corpus.py.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "screening" / "corpus"
KINDS = ("id_number", "mobile", "bank_card", "name")


def load(corpus: Path = CORPUS) -> list[dict]:
    rows = []
    for name in ("positive.jsonl", "negative.jsonl"):
        with (corpus / name).open(encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    return rows


def evaluate(rows: list[dict], scan=None) -> dict:
    if scan is None:
        from gongkai.screening.pii import scan
    tp, fp, fn = Counter(), Counter(), Counter()
    errors = []
    false_alarms = 0
    negatives = 0
    for row in rows:
        expected = {(h["kind"], h["start"], h["end"]) for h in row["hits"]}
        found = {(h.kind, h.start, h.end) for h in scan(row["text"])}
        for kind, *_ in found & expected:
            tp[kind] += 1
        for kind, *_ in found - expected:
            fp[kind] += 1
        for kind, *_ in expected - found:
            fn[kind] += 1
        if not row["hits"]:
            negatives += 1
            false_alarms += bool(found)
        if found != expected:
            errors.append({"text": row["text"], "template": row.get("template", ""),
                           "missed": sorted(expected - found), "spurious": sorted(found - expected)})  # fmt: skip
    table = {}
    for kind in (*KINDS, "all"):
        t = sum(tp.values()) if kind == "all" else tp[kind]
        p = sum(fp.values()) if kind == "all" else fp[kind]
        n = sum(fn.values()) if kind == "all" else fn[kind]
        table[kind] = {
            "labelled": t + n,
            "tp": t,
            "fp": p,
            "fn": n,
            "recall": t / (t + n) if t + n else 1.0,
            "precision": t / (t + p) if t + p else 1.0,
        }
    return {
        "table": table,
        "snippets": len(rows),
        "positives": len(rows) - negatives,
        "negatives": negatives,
        "false_alarm_snippets": false_alarms,
        "errors": errors,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--errors", action="store_true", help="print every snippet the screen got wrong")
    parser.add_argument("--scan", default="gongkai.screening.pii", help="module whose scan(text) is measured")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
    import importlib

    result = evaluate(load(Path(args.corpus)), scan=importlib.import_module(args.scan).scan)
    print(f"corpus: {result['positives']} positive + {result['negatives']} negative snippets")
    print(f"{'kind':<10} {'labelled':>8} {'tp':>5} {'fp':>5} {'fn':>5} {'recall':>8} {'precision':>9}")
    for kind, row in result["table"].items():
        print(
            f"{kind:<10} {row['labelled']:>8} {row['tp']:>5} {row['fp']:>5} {row['fn']:>5} "
            f"{row['recall']:>8.4f} {row['precision']:>9.4f}"
        )
    print(f"negative snippets with any hit: {result['false_alarm_snippets']} / {result['negatives']}")
    if args.errors:
        for error in result["errors"]:
            print(json.dumps(error, ensure_ascii=False))


if __name__ == "__main__":
    main()
