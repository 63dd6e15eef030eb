"""Server-rendered SVG charts for the city dashboard (pure: strings in, markup out; no scripts, no style
attributes, so they pass the CSP and need no JavaScript). Every chart is an `<svg role="img">` with a `<title>`
and a `<desc>` listing its figures, and the page shows the same figures in a table for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

STATE_FILL = {"ok": "#2e7d32", "attention": "#b26a00", "late": "#c62828"}  # contrast ≥ 4.5:1 with white text
AXIS = "#555555"
SERIES = "#1565c0"


@dataclass(frozen=True)
class Tile:
    label: str
    state: str  # ok, attention, late
    note: str = ""
    href: str = ""


def _svg(width: int, height: int, title: str, desc: str, body: str, role: str = "img") -> SafeString:
    """`role="img"` for a picture; "group" for one with links (an image may not hold interactive parts)."""
    return mark_safe(  # noqa: S308 - every text below is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="{role}" '
        f'aria-label="{escape(title)}" class="supervision-chart"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def status_map(tiles: list[Tile], *, title: str, columns: int = 4) -> SafeString:
    """One tile per county, coloured by its state, linking to its page."""
    w, h, gap = 200, 64, 8
    rows = (len(tiles) + columns - 1) // columns or 1
    parts = []
    for i, tile in enumerate(tiles):
        x, y = (i % columns) * (w + gap), (i // columns) * (h + gap)
        fill = STATE_FILL.get(tile.state, AXIS)
        inner = (
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" fill="{fill}"/>'
            f'<text x="{x + 10}" y="{y + 26}" fill="#ffffff" font-size="16">{escape(tile.label)}</text>'
            f'<text x="{x + 10}" y="{y + 50}" fill="#ffffff" font-size="13">{escape(tile.note)}</text>'
        )
        if tile.href:
            inner = f'<a href="{escape(tile.href)}" class="county-tile" data-state="{tile.state}">{inner}</a>'
        parts.append(inner)
    desc = "; ".join(f"{t.label}: {t.note}" for t in tiles)
    return _svg(columns * (w + gap), rows * (h + gap), title, desc, "".join(parts), role="group")


def line_chart(
    points: list[tuple[str, float | None]], *, title: str, unit: str = "%", maximum: float = 100
) -> SafeString:
    """A line over labelled points (None: no data, a gap)."""
    w, h, left, bottom, top = 640, 220, 44, 30, 12
    n = max(len(points), 1)
    step = (w - left - 10) / max(n - 1, 1)
    plot_h = h - bottom - top

    def y_of(v):
        return top + plot_h * (1 - min(v, maximum) / maximum)

    parts = [f'<line x1="{left}" y1="{h - bottom}" x2="{w - 10}" y2="{h - bottom}" stroke="{AXIS}"/>']
    for tick in (0, maximum / 2, maximum):
        y = y_of(tick)
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{AXIS}">{tick:g}{unit}</text>'
        )
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{w - 10}" y2="{y:.1f}" stroke="#dddddd"/>')
    segment: list[str] = []
    for i, (label, value) in enumerate(points):
        x = left + i * step
        parts.append(
            f'<text x="{x:.1f}" y="{h - 10}" text-anchor="middle" font-size="11" fill="{AXIS}">{escape(label)}</text>'
        )
        if value is None:
            if len(segment) > 1:
                parts.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{SERIES}" stroke-width="2"/>')
            segment = []
            continue
        segment.append(f"{x:.1f},{y_of(value):.1f}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y_of(value):.1f}" r="3" fill="{SERIES}"/>')
    if len(segment) > 1:
        parts.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{SERIES}" stroke-width="2"/>')
    desc = "; ".join(f"{label}: {'—' if v is None else f'{v:.0f}{unit}'}" for label, v in points)
    return _svg(w, h, title, desc, "".join(parts))


def bar_chart(bars: list[tuple[str, int]], *, title: str) -> SafeString:
    """Vertical bars with their counts."""
    w, h, left, bottom, top = 640, 220, 30, 30, 18
    n = max(len(bars), 1)
    slot = (w - left - 10) / n
    peak = max([v for _l, v in bars] + [1])
    plot_h = h - bottom - top
    parts = [f'<line x1="{left}" y1="{h - bottom}" x2="{w - 10}" y2="{h - bottom}" stroke="{AXIS}"/>']
    for i, (label, value) in enumerate(bars):
        bar_h = plot_h * value / peak
        x = left + i * slot + slot * 0.15
        y = h - bottom - bar_h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{bar_h:.1f}" fill="{SERIES}"/>')
        parts.append(
            f'<text x="{x + slot * 0.35:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="11" fill="#222222">{value}</text>'
        )
        parts.append(
            f'<text x="{x + slot * 0.35:.1f}" y="{h - 10}" text-anchor="middle" font-size="11" fill="{AXIS}">{escape(label)}</text>'
        )
    desc = "; ".join(f"{label}: {value}" for label, value in bars)
    return _svg(w, h, title, desc, "".join(parts))


def hbar_chart(bars: list[tuple[str, int]], *, title: str) -> SafeString:
    """Horizontal bars (request outcomes by reply type)."""
    w, row, left = 640, 28, 170
    h = max(len(bars), 1) * row + 10
    peak = max([v for _l, v in bars] + [1])
    parts = []
    for i, (label, value) in enumerate(bars):
        y = 5 + i * row
        bar_w = (w - left - 50) * value / peak
        parts.append(
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" font-size="12" fill="#222222">{escape(label)}</text>'
        )
        parts.append(f'<rect x="{left}" y="{y + 4}" width="{bar_w:.1f}" height="{row - 10}" fill="{SERIES}"/>')
        parts.append(f'<text x="{left + bar_w + 6:.1f}" y="{y + 17}" font-size="12" fill="#222222">{value}</text>')
    desc = "; ".join(f"{label}: {value}" for label, value in bars)
    return _svg(w, h, title, desc, "".join(parts))
