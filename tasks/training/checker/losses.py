"""The loss curve a retraining printed: lines `MODEL step=N loss=X`, drawn as one SVG panel per model."""
import math
import re
from xml.sax.saxutils import escape

LINE = re.compile(r"^\s*([A-Za-z0-9_-]{1,32})\s+step=(\d+)\s+loss=([-+0-9.eE]+|nan|inf)\s*$")
MAX_POINTS = 2000
PANEL_W, PANEL_H, PAD = 300, 200, 40
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")


def parse(path):
    """{model: [(step, loss), ...]} in the order printed; other lines are ignored."""
    curves = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = LINE.match(line)
                if not m or (m.group(1) not in curves and len(curves) == len(COLOURS)):
                    continue
                loss = float(m.group(3))
                if math.isfinite(loss) and loss > 0:
                    curves.setdefault(m.group(1), []).append((int(m.group(2)), loss))
    except FileNotFoundError:
        return {}
    return {name: thin(points) for name, points in curves.items()}


def thin(points):
    stride = max(1, math.ceil(len(points) / MAX_POINTS))
    return points[::stride]


def panel(index, name, points):
    x0 = index * (PANEL_W + PAD) + PAD
    steps = [s for s, _ in points]
    logs = [math.log10(v) for _, v in points]
    s_lo, s_hi = min(steps), max(steps) if max(steps) > min(steps) else min(steps) + 1
    l_lo, l_hi = math.floor(min(logs)), math.ceil(max(logs)) if math.ceil(max(logs)) > math.floor(min(logs)) else math.floor(min(logs)) + 1

    def xy(step, log):
        return x0 + (step - s_lo) / (s_hi - s_lo) * PANEL_W, PAD + (l_hi - log) / (l_hi - l_lo) * PANEL_H

    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(s, v) for s, v in zip(steps, logs)))
    parts = [f'<rect x="{x0}" y="{PAD}" width="{PANEL_W}" height="{PANEL_H}" fill="none" stroke="#999"/>',
             f'<text x="{x0 + PANEL_W / 2}" y="{PAD - 10}" text-anchor="middle">{escape(name)}</text>',
             f'<text x="{x0}" y="{PAD + PANEL_H + 16}">step {s_lo}</text>',
             f'<text x="{x0 + PANEL_W}" y="{PAD + PANEL_H + 16}" text-anchor="end">{s_hi}</text>']
    for decade in range(l_lo, l_hi + 1):
        _, y = xy(s_lo, decade)
        parts.append(f'<text x="{x0 - 4}" y="{y + 4:.1f}" text-anchor="end">1e{decade}</text>')
    parts.append(f'<polyline fill="none" stroke="{COLOURS[index % len(COLOURS)]}" stroke-width="1.5" points="{path}"/>')
    return parts


def svg(curves):
    width = len(curves) * (PANEL_W + PAD) + PAD
    height = PANEL_H + 2 * PAD + 10
    body = [p for i, (name, points) in enumerate(curves.items()) for p in panel(i, name, points)]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">'
            f'<rect width="100%" height="100%" fill="white"/>' + "".join(body)
            + f'<text x="{PAD}" y="{height - 4}" fill="#555">training loss (log scale) against step, as printed by ./run train</text></svg>\n')
