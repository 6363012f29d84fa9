"""Server-rendered SVG charts: no JavaScript, they print and go into PDFs as they are.

Every chart reads at a glance: the value axis starts at zero and is divided into round steps
(1, 2 or 5 × 10ⁿ) with a gridline and a label at each; every value has a tooltip (``<title>``)
and a printed label (class ``value``: the page's stylesheet may hide it on screen and show it
in print). Numbers are written as the town writes them (``burqin.numbers``).
"""

import math
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .numbers import format_count

PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#6c757d"]
GRID = "#dee2e6"
AXIS = "#6c757d"
TICKS = 4  # about this many steps between zero and the top of the axis


def _number(value) -> float:
    return float(value) if isinstance(value, Decimal) else float(value or 0)


def axis_ticks(largest: float, wanted: int = TICKS) -> list[float]:
    """Round ticks from zero past ``largest``: 0, step, 2·step … with step 1, 2 or 5 × 10ⁿ."""
    if largest <= 0:
        return [0.0, 1.0]
    rough = largest / wanted
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    count = math.ceil(largest / step - 1e-9)
    return [step * i for i in range(count + 1)]


def _format(value) -> str:
    """A chart's number: 122540 → '12.25万'; 2754 → '2 754'; 3.5 → '3.50'."""
    number = _number(value)
    if abs(number) >= 10000:
        return f"{number / 10000:.2f}".rstrip("0").rstrip(".") + "万"
    if number == int(number):
        return format_count(int(number))
    return f"{number:.2f}"


def _open(width: int, height: int, title: str, font_size: int) -> list[str]:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'font-family="Noto Sans CJK SC, sans-serif" font-size="{font_size}">'
    ]
    if title:
        parts.append(f'<text x="0" y="14" font-weight="bold" font-size="12">{escape(title)}</text>')
    return parts


def bar_chart(
    items: list[tuple[str, object]],
    *,
    width: int = 640,
    bar_height: int = 22,
    unit: str = "",
    title: str = "",
    links: list[str] | None = None,
) -> SafeString:
    """Horizontal bars, one per (label, value), from a zero axis with gridlines; labels left,
    values at the bar's end; each bar a link when ``links`` gives its URL."""
    label_width, gap, value_room = 170, 6, 70
    top = 22 if title else 4
    ticks = axis_ticks(max((_number(v) for _, v in items), default=0))
    span = width - label_width - value_room
    rows_height = len(items) * (bar_height + gap)
    height = top + rows_height + 22
    parts = _open(width, height, title, 12)
    for tick in ticks:
        x = label_width + tick / ticks[-1] * span
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + rows_height}" '
            f'stroke="{GRID if tick else AXIS}"/>'
            f'<text x="{x:.1f}" y="{top + rows_height + 14}" text-anchor="middle" '
            f'fill="{AXIS}" font-size="10">{escape(_format(tick))}</text>'
        )
    for i, (label, value) in enumerate(items):
        y = top + i * (bar_height + gap)
        length = max(_number(value) / ticks[-1] * span, 0)
        told = f"{escape(_format(value))}{escape(unit)}"
        bar = (
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{PALETTE[i % len(PALETTE)]}"><title>{escape(str(label))}：{told}</title></rect>'
        )
        if links:
            bar = f'<a href="{escape(links[i])}">{bar}</a>'
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.1f}" text-anchor="end">'
            f"{escape(str(label))}</text>{bar}"
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height * 0.7:.1f}">'
            f"{told}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(
    points: list[tuple[str, object]],
    *,
    width: int = 640,
    height: int = 220,
    unit: str = "",
    title: str = "",
) -> SafeString:
    """A line over labelled points (e.g. 12 months) above a zero axis with round gridlines;
    each point has its value as a tooltip and as a printed label."""
    left, right, top, bottom = 56, 20, 28 if title else 12, 28
    ticks = axis_ticks(max((_number(v) for _, v in points), default=0))
    step = (width - left - right) / max(len(points) - 1, 1)
    plot = height - top - bottom
    coords = [
        (left + i * step, top + plot - _number(v) / ticks[-1] * plot)
        for i, (_, v) in enumerate(points)
    ]
    parts = _open(width, height, title, 11)
    for tick in ticks:
        y = top + plot - tick / ticks[-1] * plot
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{GRID if tick else AXIS}"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="{AXIS}" '
            f'font-size="10">{escape(_format(tick))}</text>'
        )
    if coords:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{PALETTE[0]}" stroke-width="2"/>'
        )
    for (label, value), (x, y) in zip(points, coords, strict=True):
        told = f"{escape(_format(value))}{escape(unit)}"
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{PALETTE[0]}">'
            f"<title>{escape(str(label))}：{told}</title></circle>"
            f'<text class="value" x="{x:.1f}" y="{y - 7:.1f}" text-anchor="middle" '
            f'font-size="9">{escape(_format(value))}</text>'
            f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle">{escape(str(label))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
