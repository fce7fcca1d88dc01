"""A horizontal bar chart as inline SVG, drawn on the server with no script.

The chart has role="img" with an aria-label and a <title> that give its name. A <desc>
(aria-describedby) reads every bar as "label: value". Each bar carries a text label and
its value, and all text is escaped. Pure: reads and writes nothing.
"""
from html import escape

ROW = 26
LABEL_WIDTH = 300
VALUE_WIDTH = 56
WIDTH = 760
MAX_LABEL = 42
COLOUR = "#b3121f"          # --red of portal.css
TEXT = "#1d1d1f"


def _short(label):
    return label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1].rstrip() + "…"


def bar_chart(bars, title, chart_id="chart", width=WIDTH):
    """``bars`` is ``[(label, value)]`` with values >= 0. Returns the SVG markup as a
    str (every label and the title escaped), or "" when there are no bars."""
    if not bars:
        return ""
    chart_id = escape(chart_id, quote=True)
    top = max(value for _label, value in bars) or 1
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    height = ROW * len(bars) + 8
    summary = "; ".join("%s: %s" % (label, value) for label, value in bars)
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
        'viewBox="0 0 %d %d" width="100%%" style="max-width:%dpx" aria-label="%s" '
        'aria-describedby="%s-desc">' % (width, height, width, escape(title, quote=True),
                                         chart_id),
        "<title>%s</title>" % escape(title),
        '<desc id="%s-desc">%s</desc>' % (chart_id, escape(summary)),
    ]
    for index, (label, value) in enumerate(bars):
        middle = index * ROW + 4 + ROW // 2
        length = round(plot * value / top)
        parts.append(
            '<g><title>%(full)s: %(value)s</title>'
            '<text x="%(lx)d" y="%(y)d" text-anchor="end" dominant-baseline="middle" '
            'font-size="13" fill="%(text)s">%(short)s</text>'
            '<rect x="%(bx)d" y="%(ry)d" width="%(len)d" height="%(h)d" fill="%(bar)s"/>'
            '<text x="%(vx)d" y="%(y)d" dominant-baseline="middle" font-size="13" '
            'fill="%(text)s">%(value)s</text></g>' % {
                "full": escape(str(label)), "short": escape(_short(str(label))),
                "value": int(value), "lx": LABEL_WIDTH - 8, "bx": LABEL_WIDTH,
                "y": middle, "ry": middle - (ROW - 8) // 2, "h": ROW - 8, "len": length,
                "vx": LABEL_WIDTH + length + 6, "bar": COLOUR, "text": TEXT})
    parts.append("</svg>")
    return "".join(parts)
