"""A crafted past term whose appraisal is known by hand (default formula: × 0.2, caps 2 and 6)."""
from backend.extensions import db
from tests.appraisal.records import drop_in, incident, open_lesson, past_term, patrol, at
from tests.factories import create_group, create_school, create_staff, publish_rubric


def appraisal_world() -> dict:
    school = create_school()
    chinese, maths = create_group(school, "语文组"), create_group(school, "数学组")
    people = {
        "A": create_staff(school, ("teacher",), staff_no="A", group=chinese),
        "B": create_staff(school, ("teacher",), staff_no="B", group=chinese),
        "C": create_staff(school, ("teacher",), staff_no="C", group=maths),
        "D": create_staff(school, ("teacher",), staff_no="D", group=maths),
        "GH": create_staff(school, ("teacher", "group_head"), staff_no="GH", group=chinese),
        "LE": create_staff(school, ("leader", "teacher"), staff_no="LE", title="副校长"),
        "AD": create_staff(school, ("admin",), staff_no="AD"),
    }
    raters = [create_staff(school, ("teacher",), staff_no=f"R{i}", group=maths) for i in range(5)]
    term = past_term(school)
    lesson, checklist = publish_rubric(school, "lesson_100"), publish_rubric(school, "patrol_checklist")
    a, b, c, leader, head = (people[k] for k in ("A", "B", "C", "LE", "GH"))
    # A: lessons 90 and 80 → mean 85 → 17; five praises → 2.5, capped at 2; problems 2 + 2 → −4.
    drop_in(leader, a, lesson, 90, at(term, 1))
    drop_in(head, a, lesson, 80, at(term, 3))
    for week in range(1, 6):
        patrol(leader, a, checklist, at(term, week, hour=8), "early_arrival")
    patrol(leader, a, checklist, at(term, 6, hour=8), "phone_in_class", "late_or_early_leave")
    # B: one open lesson, five raters: 100 and 60 dropped → (98 + 95 + 90) / 3 = 94.33 → 18.87;
    # problems 4 × 2 = 8, capped at 6; one incident record → −2 and no 评优. 10.87.
    open_lesson(school, b, lesson, list(zip(raters, [100, 98, 95, 90, 60])), at(term, 4), people["AD"])
    for week in range(1, 5):
        patrol(leader, b, checklist, at(term, week, hour=9), "phone_in_class")
    incident(leader, b, at(term, 7), "私自调课")
    # C: lesson 20 → 4; a patrol's 空堂 deducts 5 and is an incident, plus an incident record:
    # 4 − 5 − 2 × 2 = −5, clipped to 0.
    drop_in(leader, c, lesson, 20, at(term, 2))
    patrol(leader, c, checklist, at(term, 2, hour=8), "empty_classroom")
    incident(leader, c, at(term, 9))
    db.session.commit()
    return {"school": school, "term": term, "people": people, "raters": raters,
            "lesson": lesson, "checklist": checklist}
