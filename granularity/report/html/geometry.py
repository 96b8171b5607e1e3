"""Plane geometry for the plan picture: where a line leaves a box, curved paths, and
numbers printed so that the same layout always gives the same bytes."""

from __future__ import annotations

import math


def num(value: float) -> str:
    """A coordinate as SVG text: one decimal, no `-0.0`, no trailing `.0`."""
    text = f"{round(value, 1) + 0.0:.1f}"
    return text[:-2] if text.endswith(".0") else text


def exit_point(cx: float, cy: float, w: float, h: float, tx: float, ty: float) -> tuple[float, float]:
    """Where the ray from the centre of a w×h box towards (tx, ty) crosses its border."""
    dx, dy = tx - cx, ty - cy
    if dx == 0 and dy == 0:
        return cx, cy
    scale = min((w / 2) / abs(dx) if dx else math.inf, (h / 2) / abs(dy) if dy else math.inf)
    return cx + dx * scale, cy + dy * scale


def bent_path(a: tuple[float, float, float, float], b: tuple[float, float, float, float],
              bend: float = 0.18, clearance: float = 0.0, gap: float = 3.0) -> tuple[str, tuple[float, float]]:
    """A quadratic curve from box `a` to box `b` (each x, y, w, h), bowed to its left so
    that a→b and b→a do not lie on each other, ending `gap` short of `b` for the arrowhead.
    The bow is `bend` times the distance, and at least `clearance` (to pass boxes between).
    Returns the path and the curve's apex (to keep it inside the picture)."""
    ax, ay = a[0] + a[2] / 2, a[1] + a[3] / 2
    bx, by = b[0] + b[2] / 2, b[1] + b[3] / 2
    length = math.hypot(bx - ax, by - ay) or 1.0
    # the control point sits off the midpoint, perpendicular; the curve's apex is half as far
    offset = max(bend * length, clearance)
    cx = (ax + bx) / 2 + (by - ay) / length * offset
    cy = (ay + by) / 2 - (bx - ax) / length * offset
    sx, sy = exit_point(ax, ay, a[2], a[3], cx, cy)
    ex, ey = exit_point(bx, by, b[2] + 2 * gap, b[3] + 2 * gap, cx, cy)
    apex = (sx + 2 * cx + ex) / 4, (sy + 2 * cy + ey) / 4
    return f"M{num(sx)} {num(sy)} Q{num(cx)} {num(cy)} {num(ex)} {num(ey)}", apex


def drop_path(x1: float, y1: float, x2: float, y2: float) -> str:
    """An S-shaped cubic curve from (x1, y1) down to (x2, y2)."""
    mid = (y2 - y1) / 2
    return f"M{num(x1)} {num(y1)} C{num(x1)} {num(y1 + mid)} {num(x2)} {num(y2 - mid)} {num(x2)} {num(y2)}"


def stroke_width(count: int, base: float = 1.5, step: float = 1.4, cap: float = 7.0) -> str:
    """Thicker for more calls, on a log scale so that 1 and 40 both stay drawable."""
    return num(min(cap, base + step * math.log2(max(1, count))))


def fit_label(text: str, width: float, char_width: float = 7.0) -> str:
    """`text` cut with an ellipsis to fit `width` units at about `char_width` per character."""
    room = max(4, int(width // char_width))
    return text if len(text) <= room else text[: room - 1] + "…"
