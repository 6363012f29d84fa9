"""Server-rendered SVG charts: no JavaScript, they print and go into PDFs as they are."""

from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#6c757d"]


def _number(value) -> float:
    return float(value) if isinstance(value, Decimal) else float(value or 0)


def bar_chart(
    items: list[tuple[str, object]],
    *,
    width: int = 640,
    bar_height: int = 22,
    unit: str = "",
    title: str = "",
) -> SafeString:
    """Horizontal bars, one per (label, value); labels left, values at the bar's end."""
    label_width, gap = 170, 6
    height = len(items) * (bar_height + gap) + (24 if title else 4)
    top = 20 if title else 0
    largest = max((_number(v) for _, v in items), default=0) or 1
    span = width - label_width - 90
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'font-family="Noto Sans CJK SC, sans-serif" font-size="12">'
    ]
    if title:
        parts.append(f'<text x="0" y="14" font-weight="bold">{escape(title)}</text>')
    for i, (label, value) in enumerate(items):
        y = top + i * (bar_height + gap)
        length = max(_number(value) / largest * span, 0)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.1f}" text-anchor="end">'
            f"{escape(str(label))}</text>"
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{PALETTE[i % len(PALETTE)]}"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height * 0.7:.1f}">'
            f"{escape(_format(value))}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(
    points: list[tuple[str, object]],
    *,
    width: int = 640,
    height: int = 200,
    unit: str = "",
    title: str = "",
) -> SafeString:
    """A line over labelled points (e.g. 12 months), with the values as dots and labels."""
    left, right, top, bottom = 50, 20, 24 if title else 8, 28
    largest = max((_number(v) for _, v in points), default=0) or 1
    step = (width - left - right) / max(len(points) - 1, 1)
    plot = height - top - bottom
    coords = [
        (left + i * step, top + plot - _number(v) / largest * plot)
        for i, (_, v) in enumerate(points)
    ]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'font-family="Noto Sans CJK SC, sans-serif" font-size="11">'
    ]
    if title:
        parts.append(f'<text x="0" y="14" font-weight="bold" font-size="12">{escape(title)}</text>')
    parts.append(
        f'<line x1="{left}" y1="{top + plot}" x2="{width - right}" y2="{top + plot}" '
        f'stroke="#adb5bd"/>'
    )
    if coords:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{PALETTE[0]}" stroke-width="2"/>'
        )
    for (label, value), (x, y) in zip(points, coords, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{PALETTE[0]}">'
            f"<title>{escape(str(label))}: {escape(_format(value))}{escape(unit)}</title></circle>"
            f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle">{escape(str(label))}</text>'
        )
    parts.append(
        f'<text x="{left - 4}" y="{top + 10}" text-anchor="end">{escape(_format(largest))}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _format(value) -> str:
    number = _number(value)
    if number >= 10000:
        return f"{number / 10000:.2f}万"
    return f"{number:.0f}" if number == int(number) else f"{number:.2f}"
