"""Accessible SVG charts drawn on the server: no script, no plotting library.

Every chart has a <title> and a <desc> read by screen readers, role="img", and writes its
numbers as text next to the marks, so colour is never the only way to tell things apart.
"""
import hashlib
import xml.etree.ElementTree as ET  # nosec B405  # builds our own SVG, never parses input
from decimal import Decimal

WIDTH = 640
FONT = {"font-family": "sans-serif", "font-size": "12", "fill": "#1a202c"}
INK, GRID, MINE, SCHOOL = "#1a202c", "#cbd5e0", "#2b6cb0", "#718096"


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _el(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    """Add a child element; attribute names use _ for - (stroke_width → stroke-width)."""
    element = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): _n(v) if isinstance(
        v, (int, float)) else str(v) for k, v in attrs.items()})
    element.text = text
    return element


def _text(parent, x, y, text: str, **attrs) -> ET.Element:
    return _el(parent, "text", text, x=x, y=y, **{**FONT, **attrs})


def _chart(height: int, title: str, description: str) -> ET.Element:
    # Ids unique to the content, so that several charts inlined in one page do not clash.
    key = hashlib.sha1(f"{title}\n{description}".encode(), usedforsecurity=False).hexdigest()[:8]
    svg = ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "width": str(WIDTH),
                             "height": str(height), "viewBox": f"0 0 {WIDTH} {height}",
                             "role": "img", "aria-labelledby": f"title-{key} desc-{key}"})
    _el(svg, "title", title, id=f"title-{key}")
    _el(svg, "desc", description, id=f"desc-{key}")
    _el(svg, "rect", x=0, y=0, width=WIDTH, height=height, fill="#ffffff")
    _text(svg, WIDTH / 2, 22, title, text_anchor="middle", font_size="15", font_weight="bold")
    return svg


def _done(svg: ET.Element) -> str:
    return ET.tostring(svg, encoding="unicode")


def _percent_axis(svg, left, right, top, bottom, label: str, suffix: str = "") -> None:
    """Draw the 0..100 y axis with gridlines every 20, and the x axis line."""
    for value in range(0, 101, 20):
        y = bottom - value / 100 * (bottom - top)
        _el(svg, "line", x1=left, y1=y, x2=right, y2=y, stroke=GRID, stroke_width=1)
        _text(svg, left - 6, y + 4, f"{value}{suffix}", text_anchor="end", font_size="11")
    _el(svg, "line", x1=left, y1=bottom, x2=right, y2=bottom, stroke=INK, stroke_width=1)
    _el(svg, "line", x1=left, y1=top, x2=left, y2=bottom, stroke=INK, stroke_width=1)
    _text(svg, left, top - 22, label, text_anchor="start", font_size="11")


def _week_labels(svg, weeks: int, x_of, bottom) -> None:
    step = 1 if weeks <= 20 else 2
    for week in range(1, weeks + 1, step):
        _text(svg, x_of(week), bottom + 16, str(week), text_anchor="middle", font_size="11")
    _text(svg, WIDTH / 2, bottom + 34, "教学周", text_anchor="middle", font_size="11")


def score_line(title: str, weeks: int, points: list[tuple[int, Decimal]],
               bands: list[tuple[str, Decimal]]) -> str:
    """A teacher's lesson score per teaching week: a line through labelled points, band lines."""
    height, left, right, top, bottom = 330, 56, WIDTH - 80, 66, 330 - 52
    spoken = "，".join(f"第{week}周 {score} 分" for week, score in points) or "本学期暂无课堂评分"
    svg = _chart(height, title, spoken)
    _percent_axis(svg, left, right, top, bottom, "课堂评分（百分制）")

    def x_of(week: int) -> float:
        if weeks == 1:
            return (left + right) / 2
        return left + (week - 1) / (weeks - 1) * (right - left)

    def y_of(score) -> float:
        return bottom - float(min(max(score, 0), 100)) / 100 * (bottom - top)
    _week_labels(svg, weeks, x_of, bottom)
    for label, floor in bands:
        if 0 < floor < 100:
            y = y_of(floor)
            _el(svg, "line", x1=left, y1=y, x2=right, y2=y, stroke=SCHOOL, stroke_width=1,
                stroke_dasharray="6 4")
            _text(svg, right + 6, y + 4, f"{label} ≥{_n(float(floor))}", font_size="11")
    if not points:
        _text(svg, (left + right) / 2, (top + bottom) / 2, "本学期暂无课堂评分", text_anchor="middle")
        return _done(svg)
    if len(points) > 1:
        _el(svg, "polyline", fill="none", stroke=MINE, stroke_width=2,
            points=" ".join(f"{_n(x_of(w))},{_n(y_of(s))}" for w, s in points))
    for week, score in points:
        mark = _el(svg, "circle", cx=x_of(week), cy=y_of(score), r=4, fill=MINE)
        _el(mark, "title", f"第{week}周 {score} 分")
        _text(svg, x_of(week), y_of(score) - 9, str(score), text_anchor="middle", font_size="11")
    return _done(svg)


def section_bars(title: str, sections: list[tuple[str, Decimal | None, Decimal | None]]) -> str:
    """Paired bars per rubric section: the teacher's share (solid) and the school's (dashed)."""
    row, left, right, top = 46, 120, WIDTH - 130, 64
    height = top + row * max(len(sections), 1) + 16
    spoken = "；".join(f"{name}：本人 {_pct(mine)}，全校 {_pct(school)}"
                      for name, mine, school in sections) or "暂无分项评分"
    svg = _chart(height, title, spoken)
    _el(svg, "rect", x=left, y=34, width=14, height=10, fill=MINE)
    _text(svg, left + 20, 43, "本人", font_size="11")
    _el(svg, "rect", x=left + 70, y=34, width=14, height=10, fill="#ffffff", stroke=SCHOOL,
        stroke_dasharray="3 2")
    _text(svg, left + 90, 43, "全校平均", font_size="11")
    if not sections:
        _text(svg, WIDTH / 2, top + 20, "暂无分项评分", text_anchor="middle")
    for i, (name, mine, school) in enumerate(sections):
        y = top + i * row
        _text(svg, left - 8, y + 20, name, text_anchor="end")
        for offset, who, value, style in ((2, "本人", mine, {"fill": MINE}),
                                          (20, "全校", school, {"fill": "#ffffff", "stroke": SCHOOL,
                                                                "stroke_dasharray": "3 2"})):
            width = 0 if value is None else float(value) / 100 * (right - left)
            bar = _el(svg, "rect", x=left, y=y + offset, width=max(width, 0), height=14, **style)
            _el(bar, "title", f"{name} {who} {_pct(value)}")
            _text(svg, left + width + 6, y + offset + 11, f"{who} {_pct(value)}", font_size="11")
    return _done(svg)


def _pct(value: Decimal | None) -> str:
    return "无评分" if value is None else f"{value}%"


def coverage_bars(title: str, weeks: int, observed: dict[int, int], teachers: int) -> str:
    """Per teaching week, the share of teachers observed at least once, labelled n/total."""
    height, left, right, top, bottom = 310, 56, WIDTH - 24, 66, 310 - 52
    slot = (right - left) / weeks
    spoken = "，".join(f"第{w}周 {observed.get(w, 0)}/{teachers} 人" for w in range(1, weeks + 1))
    svg = _chart(height, title, spoken)
    _percent_axis(svg, left, right, top, bottom, "被听课教师占比", "%")
    _week_labels(svg, weeks, lambda week: left + (week - 0.5) * slot, bottom)
    for week in range(1, weeks + 1):
        count = observed.get(week, 0)
        share = count / teachers if teachers else 0
        x, bar_height = left + (week - 1) * slot + slot * 0.15, share * (bottom - top)
        bar = _el(svg, "rect", x=x, y=bottom - bar_height, width=slot * 0.7, height=bar_height,
                  fill=MINE)
        _el(bar, "title", f"第{week}周：{count}/{teachers} 位教师被听课（{share:.0%}）")
        _text(svg, x + slot * 0.35, bottom - bar_height - 4, f"{count}/{teachers}",
              text_anchor="middle", font_size="9")
    return _done(svg)
