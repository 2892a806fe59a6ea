"""Charts drawn on the server as inline SVG: no JavaScript, no CDN, readable on a phone.

Each chart scales to its container (viewBox, width 100 %), carries a <title> and <desc> for screen
readers (role="img", aria-labelledby) and prints every number next to its bar, so it still reads
when printed in black and white.

Sized for a phone first: the drawing is 360 units wide, about what a 390 px screen gives a chart
inside a card (≈ 326 px), so text of 13 units or more renders at 11 px or more there; on wider
screens the stylesheet caps the chart's width (`svg.chart`) so text does not grow past ≈ 16 px.
Labels too long for their room are shortened with "…" (the full label stays in the tooltip and
in the description read by screen readers).
"""

import itertools
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from ocop.core.templatetags.ocop_format import vn_number

WIDTH = 360
# Smallest text size in drawing units (see the module docstring: ≥ 11 px on a 390 px phone).
MIN_TEXT = 13
PALETTE = ("#1d2f4f", "#8b1a1a", "#d9a400", "#1e6b3a", "#5b6470", "#2c4470")
FONT = 'font-family="system-ui, sans-serif"'
_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    note: str = ""  # printed after the value: "(22,2%)"


def _svg(title: str, description: str, height: int, body: list[str]) -> SafeString:
    uid = f"chart-{next(_ids)}"
    head = format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="{}-t {}-d">'
        '<title id="{}-t">{}</title><desc id="{}-d">{}</desc>',
        WIDTH,
        height,
        uid,
        uid,
        uid,
        title,
        uid,
        description,
    )
    return mark_safe(head + "".join(body) + "</svg>")  # every part went through format_html


def _describe(bars: list[Bar]) -> str:
    return "; ".join(
        f"{bar.label}: {vn_number(bar.value)}{(' ' + bar.note) if bar.note else ''}" for bar in bars
    )


def _fit(text: str, room: float, size: int = MIN_TEXT) -> str:
    """`text` shortened with "…" to about `room` units at `size` (average glyph ≈ 0.55 em)."""
    text = str(text)
    most = max(int(room / (size * 0.55)), 3)
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _text(x, y, text, *, anchor="middle", size=MIN_TEXT, weight="normal", fill="#1f2328") -> str:
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" font-size="{}" font-weight="{}" fill="{}" '
        + FONT
        + ">{}</text>",
        round(x, 1),
        round(y, 1),
        anchor,
        size,
        weight,
        fill,
        text,
    )


def _rect(x, y, width, height, fill, label="") -> str:
    tooltip = format_html("<title>{}</title>", label) if label else ""
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">{}</rect>',
        round(x, 1),
        round(y, 1),
        round(max(width, 0), 1),
        round(max(height, 0), 1),
        fill,
        tooltip,
    )


def bar_chart(title: str, bars: list[Bar], *, color: str = PALETTE[0]) -> SafeString:
    """Vertical bars, one per item, value (and note) printed above each bar."""
    height, top, bottom = 220, 34, 30
    plot = height - top - bottom
    peak = max((bar.value for bar in bars), default=0) or 1
    slot = WIDTH / max(len(bars), 1)
    body = []
    for i, bar in enumerate(bars):
        h = plot * bar.value / peak
        x = i * slot + slot * 0.2
        y = top + plot - h
        label = f"{bar.label}: {vn_number(bar.value)}"
        body.append(_rect(x, y, slot * 0.6, h, color, label))
        value = vn_number(bar.value) + (f" {bar.note}" if bar.note else "")
        body.append(_text(x + slot * 0.3, y - 6, value, size=14, weight="bold"))
        body.append(_text(x + slot * 0.3, height - 10, _fit(bar.label, slot - 4)))
    body.append(
        format_html('<line x1="0" y1="{}" x2="{}" y2="{}" stroke="#9aa4b2"/>', top + plot, WIDTH, top + plot)
    )
    return _svg(title, _describe(bars), height, body)


def hbar_chart(title: str, bars: list[Bar], *, color: str = PALETTE[0]) -> SafeString:
    """Horizontal bars: the label above each bar, the value (and note) at its end."""
    row, top = 42, 6
    height = top + row * max(len(bars), 1)
    peak = max((bar.value for bar in bars), default=0) or 1
    room = WIDTH * 0.62  # leave space after the longest bar for its figure and note
    body = []
    for i, bar in enumerate(bars):
        y = top + i * row
        width = room * bar.value / peak
        body.append(_text(0, y + 14, _fit(bar.label, WIDTH), anchor="start"))
        body.append(_rect(0, y + 19, width, 14, color, f"{bar.label}: {vn_number(bar.value)}"))
        value = vn_number(bar.value) + (f" {bar.note}" if bar.note else "")
        body.append(_text(width + 6, y + 31, value, anchor="start", weight="bold"))
    return _svg(title, _describe(bars), height, body)


def stacked_bar_chart(title: str, categories: list[str], series: list[tuple[str, list[float]]]) -> SafeString:
    """One stacked bar per category (a year), one colour per series (a kind), the total on top
    and a legend below; each segment's figure is printed inside it when it fits."""
    legend_rows = len(series)  # one per row: names are long, the drawing narrow
    height, top = 230 + 20 * legend_rows, 28
    bottom = 30 + 20 * legend_rows
    plot = height - top - bottom
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    peak = max(totals, default=0) or 1
    slot = WIDTH / max(len(categories), 1)
    body = []
    for i, category in enumerate(categories):
        x, y = i * slot + slot * 0.18, top + plot
        for (name, values), color in zip(series, PALETTE, strict=False):
            h = plot * values[i] / peak
            if not h:
                continue
            y -= h
            body.append(_rect(x, y, slot * 0.64, h, color, f"{category} — {name}: {vn_number(values[i])}"))
            figure = vn_number(values[i])
            if h >= MIN_TEXT + 4 and len(figure) * MIN_TEXT * 0.55 <= slot * 0.64:
                body.append(_text(x + slot * 0.32, y + h / 2 + 5, figure, fill="#fff"))
        body.append(_text(x + slot * 0.32, y - 6, vn_number(totals[i]), weight="bold"))
        body.append(_text(x + slot * 0.32, top + plot + 18, _fit(category, slot)))
    body.append(
        format_html('<line x1="0" y1="{}" x2="{}" y2="{}" stroke="#9aa4b2"/>', top + plot, WIDTH, top + plot)
    )
    for j, ((name, values), color) in enumerate(zip(series, PALETTE, strict=False)):
        lx, ly = 0, top + plot + 34 + j * 20
        body.append(_rect(lx, ly - 11, 13, 13, color))
        legend = _fit(f"{name} ({vn_number(sum(values))})", WIDTH - 20)
        body.append(_text(lx + 19, ly, legend, anchor="start"))
    description = "; ".join(
        f"{category}: {vn_number(totals[i])} ("
        + ", ".join(f"{name} {vn_number(values[i])}" for name, values in series)
        + ")"
        for i, category in enumerate(categories)
    )
    return _svg(title, description, height, body)
