"""The numbers behind the charts, aggregated in SQL."""
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Numeric, case, cast, func, literal_column, select

from backend.accounts.models import Staff
from backend.appraisal.components import (LESSON_KINDS, lesson_scores, raters_mean, submitted_in,
                                          teachers_of)
from backend.appraisal.formula import exact
from backend.extensions import db
from backend.observations.models import Observation
from backend.org.models import Term
from backend.rubrics.models import Rubric, RubricVersion

# Used when the school's lesson rubric has no grade bands (DOMAIN.md's usual ones).
DEFAULT_BANDS = [("优秀", Decimal(90)), ("良好", Decimal(80)), ("合格", Decimal(60))]
TENTH = Decimal("0.1")


def weekly_scores(term: Term, teacher: Staff) -> list[tuple[int, Decimal]]:
    """The teacher's mean lesson score per teaching week (an open lesson counts once)."""
    lessons = lesson_scores(term)
    rows = db.session.execute(
        select(lessons.c.week, func.avg(lessons.c.score)).where(lessons.c.teacher_id == teacher.id)
        .group_by(lessons.c.week).order_by(lessons.c.week))
    return [(week, exact(mean).quantize(TENTH, ROUND_HALF_UP)) for week, mean in rows]


def most_used_lesson_rubric(term: Term) -> Rubric | None:
    """The rubric the school scored most of the term's lessons with."""
    rubric_id = db.session.scalar(
        select(RubricVersion.rubric_id)
        .join(Observation, Observation.rubric_version_id == RubricVersion.id)
        .where(submitted_in(term, *LESSON_KINDS)).group_by(RubricVersion.rubric_id)
        .order_by(func.count().desc(), RubricVersion.rubric_id).limit(1))
    return db.session.get(Rubric, rubric_id) if rubric_id else None


def bands_of(rubric: Rubric | None) -> list[tuple[str, Decimal]]:
    bands = (rubric.latest.definition.get("bands") if rubric and rubric.latest else None) or []
    return [(b["label"], Decimal(str(b["min"]))) for b in bands] or DEFAULT_BANDS


def _sections_table():
    """The score's sections as rows, through each engine's JSON functions, and a field reader.

    Fields are read with literal SQL so that the grouped key is the same text in SELECT and
    GROUP BY (a bound parameter in each would differ for PostgreSQL).
    """
    if db.engine.dialect.name == "postgresql":
        table = func.jsonb_array_elements(Observation.score["sections"]).table_valued(
            "value", joins_implicitly=True).alias("section")
        return table, lambda name: literal_column(f"section.value ->> '{name}'")
    table = func.json_each(Observation.score, "$.sections").table_valued(
        "value", joins_implicitly=True).alias("section")
    return table, lambda name: literal_column(f"json_extract(section.value, '$.{name}')")


def section_profile(term: Term, teacher: Staff, rubric: Rubric):
    """Per section of the rubric: the teacher's and the school's points as a share of the maximum.

    Lessons scored on any version of the rubric count, each once: an open lesson's section points
    are its raters' mean, trimmed as its total is (components.lesson_scores).
    """
    table, field = _sections_table()
    points, maximum = cast(field("points"), Numeric), cast(field("maximum"), Numeric)
    # A drop-in is a lesson of its own; an open lesson's ratings are one lesson.
    own_lesson = case((Observation.open_lesson_id.is_(None), Observation.id))
    lessons = (
        select(Observation.teacher_id, field("key").label("key"),
               raters_mean(points).label("points"), func.max(maximum).label("maximum"))
        .select_from(Observation)
        .join(RubricVersion, RubricVersion.id == Observation.rubric_version_id)
        .select_from(table)
        .where(submitted_in(term, *LESSON_KINDS), RubricVersion.rubric_id == rubric.id)
        .group_by(Observation.open_lesson_id, own_lesson, Observation.teacher_id, field("key"))
        .subquery("lessons"))
    mine = lessons.c.teacher_id == teacher.id
    rows = db.session.execute(
        select(lessons.c.key, func.sum(case((mine, lessons.c.points))),
               func.sum(case((mine, lessons.c.maximum))), func.sum(lessons.c.points),
               func.sum(lessons.c.maximum))
        .group_by(lessons.c.key))
    shares = {key: (_share(p, m), _share(sp, sm)) for key, p, m, sp, sm in rows}
    return [(section["title"], *shares[section["key"]])
            for section in rubric.latest.definition["sections"]
            if section["key"] in shares and shares[section["key"]][1] is not None]


def _share(points, maximum) -> Decimal | None:
    if points is None or not maximum:
        return None
    return (Decimal(str(points)) * 100 / Decimal(str(maximum))).quantize(TENTH, ROUND_HALF_UP)


def weekly_coverage(term: Term, scope) -> tuple[dict[int, int], int]:
    """Per week the number of teachers in scope observed at least once, and their number."""
    in_scope = select(Staff.id).where(teachers_of(term.school_id), scope)
    observed = dict(db.session.execute(
        select(Observation.week, func.count(func.distinct(Observation.teacher_id)))
        .where(submitted_in(term, *LESSON_KINDS), Observation.teacher_id.in_(in_scope))
        .group_by(Observation.week)).all())
    return observed, db.session.scalar(select(func.count()).select_from(in_scope.subquery()))
