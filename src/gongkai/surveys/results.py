"""Counting a survey's answers and drawing them. Pure: no database (questions and answers are passed in).

`tally(questions, answers)` -> one `QuestionResult` per question: counts per choice (single, multiple),
counts per rating 1..5 with the mean (rating), or the number of text answers (text answers are never
shown to the public: they may hold personal data; staff export them). `bar_chart(rows)` draws a
horizontal bar chart as an SVG string (server-rendered, no script), labelled for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape


@dataclass
class QuestionResult:
    question_id: int
    text: str
    kind: str
    answered: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)
    mean: float | None = None


def tally(questions, answers: list[dict], *, rating_max: int = 5) -> list[QuestionResult]:
    """`questions`: objects with pk, text, kind, choices; `answers`: each response's {str(question id): value}."""
    results = []
    for q in questions:
        key = str(q.pk)
        values = [a[key] for a in answers if a.get(key) not in (None, "", [])]
        result = QuestionResult(q.pk, q.text, q.kind, answered=len(values))
        if q.kind in ("single", "multiple"):
            counts = dict.fromkeys(q.choices, 0)
            for value in values:
                for choice in value if isinstance(value, list) else [value]:
                    if choice in counts:
                        counts[choice] += 1
            result.counts = list(counts.items())
        elif q.kind == "rating":
            counts = dict.fromkeys(range(1, rating_max + 1), 0)
            for value in values:
                if value in counts:
                    counts[value] += 1
            result.counts = [(str(k), v) for k, v in counts.items()]
            total = sum(k * v for k, v in counts.items())
            result.mean = round(total / len(values), 2) if values else None
        results.append(result)
    return results


def bar_chart(rows: list[tuple[str, int]], *, title: str, width: int = 560, bar_height: int = 26) -> str:
    """A horizontal bar chart of (label, count) rows as SVG; the counts are written next to the bars."""
    label_width = 200
    gap = 8
    height = len(rows) * (bar_height + gap) + gap
    biggest = max((count for _label, count in rows), default=0) or 1
    room = width - label_width - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title, {chr(34): "&quot;"})}">'
    ]
    for index, (label, count) in enumerate(rows):
        y = gap + index * (bar_height + gap)
        length = round(room * count / biggest) if count else 0
        short = label if len(label) <= 14 else label[:13] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.0f}" text-anchor="end">{escape(short)}</text>'
            f'<rect class="bar" x="{label_width}" y="{y}" width="{length}" height="{bar_height}"></rect>'
            f'<text x="{label_width + length + 6}" y="{y + bar_height * 0.7:.0f}">{count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
