"""The term appraisal: the default formula's components, caps, incidents, clipping, freezing."""
from decimal import Decimal

import pytest

from backend.appraisal.formula import Formula, appraise
from backend.appraisal.services import close_term, live_rows, term_appraisal
from backend.extensions import db
from backend.observations.models import Observation
from backend.observations.services import update_observation
from backend.org.settings import DEFAULTS, change_setting
from tests.appraisal.records import at, drop_in, lesson_answers, record
from tests.appraisal.world import appraisal_world
from tests.factories import create_term


@pytest.fixture
def world(app):
    return appraisal_world()


def rows_by_staff_no(term):
    return {row["staff_no"]: row for row in term_appraisal(term)["rows"]}


def test_default_formula_components(world):
    rows = rows_by_staff_no(world["term"])
    a = rows["A"]
    assert (a["lessons_counted"], a["mean_lesson_score"], a["lesson_points"]) == (2, Decimal("85.00"), Decimal("17.00"))
    assert (a["praise_count"], a["praise_points"]) == (5, Decimal("2.00"))  # 2.5 capped at 2
    assert (a["problem_points"], a["problem_deduction"]) == (Decimal("4.00"), Decimal("4.00"))
    assert (a["incident_count"], a["result"], a["excellence_eligible"]) == (0, Decimal("15.00"), True)


def test_open_lesson_counts_once_with_its_trimmed_score(world):
    b = rows_by_staff_no(world["term"])["B"]
    assert (b["lessons_counted"], b["mean_lesson_score"], b["lesson_points"]) == (1, Decimal("94.33"), Decimal("18.87"))
    assert (b["problem_points"], b["problem_deduction"]) == (Decimal("8.00"), Decimal("6.00"))  # capped
    assert (b["incident_count"], b["incident_deduction"]) == (1, Decimal("2.00"))
    assert b["result"] == Decimal("10.87")
    assert b["excellence_eligible"] is False


def test_incidents_from_patrol_items_and_records_and_clipping_at_zero(world):
    c = rows_by_staff_no(world["term"])["C"]
    assert (c["lesson_points"], c["problem_points"], c["incident_count"]) == (Decimal("4.00"), Decimal("5.00"), 2)
    assert c["incident_deduction"] == Decimal("4.00")
    assert c["result"] == Decimal("0.00")  # 4 − 5 − 4 = −5, clipped


def test_teacher_without_lessons_has_no_result_but_is_listed(world):
    rows = rows_by_staff_no(world["term"])
    assert (rows["D"]["lessons_counted"], rows["D"]["mean_lesson_score"], rows["D"]["result"]) == (0, None, None)
    assert "AD" not in rows  # office staff who do not teach are not appraised
    assert set(rows) == {"A", "B", "C", "D", "GH", "LE", "R0", "R1", "R2", "R3", "R4"}


def test_drafts_and_other_terms_do_not_count(world):
    term, people, lesson = world["term"], world["people"], world["lesson"]
    record(people["LE"], people["D"], "drop_in", at(term, 5), version=lesson,
           answers=lesson_answers(lesson, 100), status="draft")
    later = create_term(world["school"])  # the sample autumn term 2026
    drop_in(people["LE"], people["D"], lesson, 100, at(later, 2))
    assert rows_by_staff_no(term)["D"]["lessons_counted"] == 0
    assert rows_by_staff_no(later)["D"]["lessons_counted"] == 1


def test_custom_formula_clips_at_the_top_and_may_allow_excellence(world):
    change_setting(world["school"], "appraisal_formula", {
        **DEFAULTS["appraisal_formula"], "lesson_weight": 0.3, "praise_points": 1, "praise_cap": 5,
        "problem_weight": 0.5, "problem_cap": 10, "incident_deduction": 3,
        "incident_bars_excellence": False})
    rows = rows_by_staff_no(world["term"])
    # A: 85 × 0.3 = 25.5 + 5 − 2 = 28.5 → 20.  B: 28.30 − 4 − 3 = 21.30 → 20, still may be 评优.
    assert (rows["A"]["lesson_points"], rows["A"]["praise_points"], rows["A"]["problem_deduction"]) == (
        Decimal("25.50"), Decimal("5.00"), Decimal("2.00"))
    assert rows["A"]["result"] == rows["B"]["result"] == Decimal("20.00")
    assert (rows["B"]["incident_deduction"], rows["B"]["excellence_eligible"]) == (Decimal("3.00"), True)
    # C: 20 × 0.3 = 6 − 2.5 − 6 = −2.5 → 0.
    assert rows["C"]["result"] == Decimal("0.00")


def test_lesson_scale_expresses_the_mean_out_of_another_maximum():
    formula = Formula.from_setting({**DEFAULTS["appraisal_formula"], "lesson_scale": 10,
                                    "lesson_weight": 2})
    assert appraise(formula, 1, Decimal("85"), 0, Decimal(0), 0)["lesson_points"] == Decimal("17.00")


def test_closing_freezes_the_rows(world):
    term, people = world["term"], world["people"]
    close_term(term, people["AD"])
    db.session.commit()
    assert term.closed_at is not None
    frozen = rows_by_staff_no(term)
    assert term_appraisal(term)["frozen"] is True
    # A correction after closing changes the record but not the filed appraisal.
    obs = db.session.scalars(db.select(Observation).where(
        Observation.teacher_id == people["A"].id, Observation.kind == "drop_in")).first()
    update_observation(people["AD"], obs, {"answers": lesson_answers(world["lesson"], 40)},
                       correction=True, reason="核对后更正")
    db.session.commit()
    assert obs.total == Decimal(40)
    assert rows_by_staff_no(term) == frozen
    assert frozen["A"]["result"] == Decimal("15.00")
    # The live computation does move: the freeze is what holds it.
    live = {r["staff_no"]: r for r in live_rows(term, Formula.from_setting(DEFAULTS["appraisal_formula"]))}
    assert live["A"]["mean_lesson_score"] != frozen["A"]["mean_lesson_score"]


def test_closing_twice_keeps_the_first_freeze(world):
    term, people = world["term"], world["people"]
    first = close_term(term, people["AD"])
    change_setting(world["school"], "appraisal_formula", {**DEFAULTS["appraisal_formula"], "lesson_weight": 0.1})
    assert close_term(term, people["AD"]) is first
    assert rows_by_staff_no(term)["A"]["lesson_points"] == Decimal("17.00")
    assert term_appraisal(term)["formula"]["lesson_weight"] == 0.2
