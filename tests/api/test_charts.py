"""SVG charts: parsed as XML and checked for their points, bars, labels and accessibility."""
import xml.etree.ElementTree as ET

import pytest

from tests.api.test_observations import as_
from tests.appraisal.records import at, drop_in, past_term
from tests.appraisal.world import appraisal_world
from tests.factories import create_group, create_school, create_staff, publish_rubric

NS = {"svg": "http://www.w3.org/2000/svg"}


@pytest.fixture
def world(app):
    return appraisal_world()


def chart(app, who, url):
    response = as_(app, who).get(url)
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "image/svg+xml"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    root = ET.fromstring(response.data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("role") == "img"
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title.text and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert not root.findall(".//svg:script", NS)
    assert not [a for el in root.iter() for a in el.attrib if a.startswith("on")]
    return root


def texts(root) -> list[str]:
    return [el.text for el in root.iter("{http://www.w3.org/2000/svg}text")]


def test_score_line_has_a_labelled_point_per_week(app, world):
    a, term = world["people"]["A"], world["term"]
    root = chart(app, "A", f"/api/v1/terms/{term.id}/charts/teachers/{a.id}/scores.svg")
    points = root.findall("svg:circle", NS)
    assert [p.find("svg:title", NS).text for p in points] == ["第1周 90.0 分", "第3周 80.0 分"]
    assert float(points[0].get("cy")) < float(points[1].get("cy"))  # 90 is drawn above 80
    assert float(points[0].get("cx")) < float(points[1].get("cx"))
    line = root.find("svg:polyline", NS).get("points").split()
    assert line == [f"{p.get('cx')},{p.get('cy')}" for p in points]
    labels = texts(root)
    assert {"90.0", "80.0", "优秀 ≥90", "良好 ≥80", "合格 ≥60", "教学周", "1", "20"} <= set(labels)
    assert root.find("svg:desc", NS).text == "第1周 90.0 分，第3周 80.0 分"


def test_open_lesson_is_one_point_at_its_trimmed_score(app, world):
    b, term = world["people"]["B"], world["term"]
    root = chart(app, "AD", f"/api/v1/terms/{term.id}/charts/teachers/{b.id}/scores.svg")
    assert [p.find("svg:title", NS).text for p in root.findall("svg:circle", NS)] == ["第4周 94.3 分"]


def test_teacher_without_lessons_gets_an_empty_chart_that_says_so(app, world):
    d, term = world["people"]["D"], world["term"]
    root = chart(app, "D", f"/api/v1/terms/{term.id}/charts/teachers/{d.id}/scores.svg")
    assert not root.findall("svg:circle", NS) and "本学期暂无课堂评分" in texts(root)


def test_section_profile_pairs_the_teacher_with_the_school(app, world):
    a, term = world["people"]["A"], world["term"]
    root = chart(app, "GH", f"/api/v1/terms/{term.id}/charts/teachers/{a.id}/sections.svg")
    bars = [r.find("svg:title", NS).text for r in root.findall("svg:rect", NS) if r.find("svg:title", NS) is not None]
    assert len(bars) == 12  # six sections of the 100-point form, two bars each
    # Points are taken from the first items: A's 90 and 80 both leave 教学目标 0/10; 教学内容 is
    # 15/15 then 5/15. The school: every lesson on the form, B's open lesson once, at its five
    # raters' mean without the highest and the lowest (10, 8, 5, 0, 0 -> 13 / 3):
    # 教学目标 0 + 0 (A) + 4.33 (B) + 0 (C) = 4.33 of 40.
    assert bars[:4] == ["教学目标 本人 0.0%", "教学目标 全校 10.8%", "教学内容 本人 66.7%",
                        bars[3]]
    assert bars[3].startswith("教学内容 全校 ")
    labels = texts(root)
    assert {"本人", "全校平均", "教学目标", "教师素养"} <= set(labels)
    assert {"本人 0.0%", "全校 10.8%", "本人 66.7%"} <= set(labels)
    # Bar widths follow the percentages of the plot's width.
    drawn = [r for r in root.findall("svg:rect", NS) if r.find("svg:title", NS) is not None]
    assert float(drawn[1].get("width")) == pytest.approx(0.108 * (640 - 130 - 120), abs=0.2)
    assert float(drawn[2].get("width")) == pytest.approx(20 / 30 * (640 - 130 - 120), abs=0.2)


def test_coverage_bars_count_teachers_per_week(app, world):
    term = world["term"]
    root = chart(app, "LE", f"/api/v1/terms/{term.id}/charts/coverage.svg")
    bars = [r for r in root.findall("svg:rect", NS) if r.find("svg:title", NS) is not None]
    assert len(bars) == 20
    # 11 teachers; week 1: A, week 2: C, week 3: A, week 4: B's open lesson.
    assert [b.find("svg:title", NS).text for b in bars[:5]] == [
        "第1周：1/11 位教师被听课（9%）", "第2周：1/11 位教师被听课（9%）",
        "第3周：1/11 位教师被听课（9%）", "第4周：1/11 位教师被听课（9%）",
        "第5周：0/11 位教师被听课（0%）"]
    assert float(bars[4].get("height")) == 0
    assert "1/11" in texts(root) and "0/11" in texts(root)


def test_group_head_coverage_counts_their_group(app, world):
    root = chart(app, "GH", f"/api/v1/terms/{world['term'].id}/charts/coverage.svg")
    titles = [r.find("svg:title", NS).text for r in root.findall("svg:rect", NS)
              if r.find("svg:title", NS) is not None]
    assert titles[1] == "第2周：0/3 位教师被听课（0%）"  # C teaches maths
    assert titles[3] == "第4周：1/3 位教师被听课（33%）"


def test_who_may_see_whose_chart(app, world):
    a, c, term = world["people"]["A"], world["people"]["C"], world["term"]
    url = f"/api/v1/terms/{term.id}/charts/teachers/{{}}/scores.svg"
    assert as_(app, "B").get(url.format(a.id)).status_code == 403
    assert as_(app, "GH").get(url.format(c.id)).status_code == 403  # another group
    assert as_(app, "LE").get(url.format(c.id)).status_code == 200
    assert as_(app, "A").get(f"/api/v1/terms/{term.id}/charts/coverage.svg").status_code == 403
    other = create_school()
    create_staff(other, ("admin",), staff_no="OA")
    assert as_(app, "OA").get(url.format(a.id)).status_code == 404


def test_names_are_escaped(app):
    school = create_school()
    teacher = create_staff(school, ("teacher",), staff_no="X", name="<b>&李</b>",
                           group=create_group(school))
    leader = create_staff(school, ("leader",), staff_no="L")
    term = past_term(school)
    drop_in(leader, teacher, publish_rubric(school), 88, at(term, 2))
    root = chart(app, "L", f"/api/v1/terms/{term.id}/charts/teachers/{teacher.id}/scores.svg")
    assert root.find("svg:title", NS).text.startswith("<b>&李</b>")


def test_openapi_names_the_file_types(app, client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert list(paths["/api/v1/terms/{term_id}/charts/coverage.svg"]["get"]["responses"]["200"]["content"]) == [
        "image/svg+xml"]
    assert list(paths["/api/v1/terms/{term_id}/appraisal.xlsx"]["get"]["responses"]["200"]["content"]) == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
