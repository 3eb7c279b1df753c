"""Server-side SVG charts for the report page and the PDF (no JavaScript, any language).

Charts are drawn from the table as shown: a suppressed figure gets no bar, only "<5",
so a chart never reveals what the table hides. Right-to-left pages get mirrored charts
(labels on the right, bars growing leftwards) with numbers kept left-to-right.
"""

from __future__ import annotations

from html import escape

from django.utils.formats import number_format
from django.utils.translation import get_language_bidi, pgettext_lazy

from awda.reports.definition import Table

FONT = "Noto Sans, Noto Sans Arabic, DejaVu Sans, sans-serif"
BAR = "#1f6f8b"
BAR_F = "#c2185b"
BAR_M = "#1f6f8b"
MUTED = "#5f6b73"


def _num(value) -> str:
    return number_format(value, force_grouping=True)


def _text(x, y, text, *, anchor="start", size=12, weight="normal", fill="#222", ltr=False):
    direction = ' direction="ltr" unicode-bidi="embed"' if ltr else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
        f'fill="{fill}" text-anchor="{anchor}"{direction}>{escape(str(text))}</text>'
    )


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        # direction="ltr": anchors and x positions are absolute (the layout mirrors itself
        # for Arabic); text inside still runs in its own script's direction.
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" direction="ltr" '
        f'width="100%" role="img" aria-label="{escape(title)}" font-family="{FONT}" '
        f'style="max-width:{width}px">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def hbars(items: list[tuple[str, int | None]], title: str, width: int = 640) -> str:
    """Horizontal bars, largest first; None = suppressed."""
    rtl = get_language_bidi()
    items = items[:12]
    row_h, label_w, pad = 24, 210, 8
    height = row_h * len(items) + 2 * pad
    top = max([v for _label, v in items if v] or [1])
    bar_w = width - label_w - 70
    body = []
    for i, (label, value) in enumerate(items):
        y = pad + i * row_h
        text_y = y + row_h * 0.68
        short = label if len(label) <= 30 else label[:29] + "…"
        if rtl:
            body.append(_text(width - 4, text_y, short, anchor="end"))
            right = width - label_w
            if value is None:
                body.append(_text(right - 4, text_y, "<5", anchor="end", fill=MUTED, ltr=True))
                continue
            w = bar_w * value / top
            body.append(
                f'<rect x="{right - w:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{BAR}"/>'
            )
            body.append(_text(right - w - 4, text_y, _num(value), anchor="end", ltr=True))
        else:
            body.append(_text(4, text_y, short))
            if value is None:
                body.append(_text(label_w + 4, text_y, "<5", fill=MUTED, ltr=True))
                continue
            w = bar_w * value / top
            body.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{BAR}"/>'
            )
            body.append(_text(label_w + w + 4, text_y, _num(value), ltr=True))
    return _svg(width, height, body, title)


def evolution(items: list[tuple[str, int | None]], title: str, width: int = 640) -> str:
    """Vertical bars by year, in reading order (right to left in Arabic)."""
    rtl = get_language_bidi()
    height, bottom, top_pad = 240, 28, 22
    n = max(len(items), 1)
    slot = (width - 20) / n
    top = max([v for _y, v in items if v] or [1])
    plot_h = height - bottom - top_pad
    body = [
        f'<line x1="10" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#999"/>'
    ]
    for i, (year, value) in enumerate(items):
        index = n - 1 - i if rtl else i
        cx = 10 + slot * index + slot / 2
        body.append(_text(cx, height - 9, year, anchor="middle", size=11, ltr=True))
        if value is None:
            body.append(_text(cx, height - bottom - 4, "<5", anchor="middle", fill=MUTED, ltr=True))
            continue
        h = plot_h * value / top
        w = min(slot * 0.7, 48)
        body.append(
            f'<rect x="{cx - w / 2:.1f}" y="{height - bottom - h:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{BAR}"/>'
        )
        body.append(
            _text(cx, height - bottom - h - 5, _num(value), anchor="middle", size=11, ltr=True)
        )
    return _svg(width, height, body, title)


def pyramid(items: list[tuple[str, int | None, int | None]], title: str, width: int = 640) -> str:
    """Age–sex pyramid: one row per band (youngest at the bottom), women and men apart."""
    rtl = get_language_bidi()
    row_h, head, label_w = 26, 24, 70
    rows = list(reversed(items))
    height = head + row_h * len(rows) + 8
    mid = width / 2
    half = mid - label_w / 2 - 60
    top = max([v for _l, f, m in items for v in (f, m) if v] or [1])
    left_label, right_label = (
        (pgettext_lazy("sex, report column", "Male"), pgettext_lazy("sex, report column", "Female"))
        if rtl
        else (
            pgettext_lazy("sex, report column", "Female"),
            pgettext_lazy("sex, report column", "Male"),
        )
    )
    body = [
        _text(mid - label_w / 2 - 4, 16, left_label, anchor="end", weight="bold"),
        _text(mid + label_w / 2 + 4, 16, right_label, weight="bold"),
    ]
    for i, (label, f, m) in enumerate(rows):
        y = head + i * row_h
        text_y = y + row_h * 0.68
        body.append(_text(mid, text_y, label, anchor="middle", ltr=True))
        left, right = (m, f) if rtl else (f, m)
        left_colour, right_colour = (BAR_M, BAR_F) if rtl else (BAR_F, BAR_M)
        x0 = mid - label_w / 2
        if left is None:
            body.append(_text(x0 - 4, text_y, "<5", anchor="end", fill=MUTED, ltr=True))
        else:
            w = half * left / top
            body.append(
                f'<rect x="{x0 - w:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{left_colour}"/>'
            )
            body.append(_text(x0 - w - 4, text_y, _num(left), anchor="end", size=11, ltr=True))
        x1 = mid + label_w / 2
        if right is None:
            body.append(_text(x1 + 4, text_y, "<5", fill=MUTED, ltr=True))
        else:
            w = half * right / top
            body.append(
                f'<rect x="{x1:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{right_colour}"/>'
            )
            body.append(_text(x1 + w + 4, text_y, _num(right), size=11, ltr=True))
    return _svg(width, height, body, title)


def _col(table: Table, key: str) -> int | None:
    for i, col in enumerate(table.columns):
        if col.key == key:
            return i
    return None


def chart_for(table: Table) -> str:
    """The SVG of a table's chart, or "" when it has none or nothing to draw."""
    kind = table.spec.chart
    if not kind or not table.available or table.empty:
        return ""
    title = str(table.spec.title)
    body_rows = [(row, cells) for row, cells in table.rows if not row.is_total]
    if kind == "pyramid":
        fi, mi = _col(table, "f"), _col(table, "m")
        items = [(str(row.label), cells[fi].value, cells[mi].value) for row, cells in body_rows]
        return pyramid(items, title)
    if kind == "evolution":
        totals = [cells for row, cells in table.rows if row.is_total]
        if not totals:
            return ""
        years = [c for c in table.columns if c.key.isdigit()]
        items = [(c.key, totals[0][_col(table, c.key)].value) for c in years]
        return evolution(items, title)
    index = next(
        (
            i
            for i in (_col(table, k) for k in ("total", "n", "components", "projects"))
            if i is not None
        ),
        None,
    )
    if index is None:
        return ""
    items = [(str(row.label), cells[index].value) for row, cells in body_rows]
    items = [i for i in items if i[1] != 0]
    return hbars(items, title)


# ------------------------------------------------------------------------------------
# The same charts as HTML tables, for the PDF: WeasyPrint shapes Arabic in HTML text but
# not in SVG text, and HTML tables mirror by themselves in right-to-left documents.


def _bar(value: int, top: int, cls: str = "") -> str:
    width = max(0.5, 100.0 * value / top) if value else 0
    return f'<div class="bar {cls}" style="width:{width:.1f}%"></div>'


def _value(value) -> str:
    return "&lt;5" if value is None else escape(_num(value))


def html_chart_for(table: Table) -> str:
    kind = table.spec.chart
    if not kind or not table.available or table.empty:
        return ""
    body_rows = [(row, cells) for row, cells in table.rows if not row.is_total]
    out = [f'<table class="chart chart-{kind}" aria-hidden="true">']
    if kind == "pyramid":
        fi, mi = _col(table, "f"), _col(table, "m")
        items = [(str(row.label), cells[fi].value, cells[mi].value) for row, cells in body_rows]
        top = max([v for _l, f, m in items for v in (f, m) if v] or [1])
        out.append(
            f'<tr><th colspan="2" class="f">{escape(str(pgettext_lazy("sex, report column", "Female")))}</th><th></th>'
            f'<th colspan="2" class="m">{escape(str(pgettext_lazy("sex, report column", "Male")))}</th></tr>'
        )
        for label, f, m in reversed(items):
            out.append(
                f'<tr><td class="v"><bdi>{_value(f)}</bdi></td>'
                f'<td class="half end">{_bar(f or 0, top, "f")}</td>'
                f'<td class="band"><bdi>{escape(label)}</bdi></td>'
                f'<td class="half">{_bar(m or 0, top, "m")}</td>'
                f'<td class="v"><bdi>{_value(m)}</bdi></td></tr>'
            )
    elif kind == "evolution":
        totals = [cells for row, cells in table.rows if row.is_total]
        if not totals:
            return ""
        years = [c for c in table.columns if c.key.isdigit()]
        values = [(c.key, totals[0][_col(table, c.key)].value) for c in years]
        top = max([v for _y, v in values if v] or [1])
        out.append("<tr>")
        for _year, value in values:
            height = 30.0 * (value or 0) / top
            out.append(
                f'<td class="col"><bdi>{_value(value)}</bdi>'
                f'<div class="vbar" style="height:{height:.1f}mm"></div></td>'
            )
        out.append("</tr><tr>")
        out += [f'<td class="year"><bdi>{escape(y)}</bdi></td>' for y, _v in values]
        out.append("</tr>")
    else:
        index = next(
            (
                i
                for i in (_col(table, k) for k in ("total", "n", "components", "projects"))
                if i is not None
            ),
            None,
        )
        if index is None:
            return ""
        items = [(str(row.label), cells[index].value) for row, cells in body_rows][:12]
        items = [i for i in items if i[1] != 0]
        top = max([v for _l, v in items if v] or [1])
        for label, value in items:
            out.append(
                f'<tr><td class="label">{escape(label)}</td>'
                f'<td class="track">{_bar(value or 0, top)}</td>'
                f'<td class="v"><bdi>{_value(value)}</bdi></td></tr>'
            )
    out.append("</table>")
    return "".join(out)
