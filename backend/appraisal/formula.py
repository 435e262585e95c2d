"""The school's appraisal formula: from a teacher's term components to the 考核 score."""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Formula:
    lesson_scale: Decimal  # the mean lesson score (a percentage) is expressed out of this
    lesson_weight: Decimal
    praise_points: Decimal  # added per patrol praise
    praise_cap: Decimal
    problem_weight: Decimal  # times the patrol problems' own points
    problem_cap: Decimal
    incident_deduction: Decimal  # per incident
    clip_min: Decimal
    clip_max: Decimal
    incident_bars_excellence: bool

    @classmethod
    def from_setting(cls, values: dict) -> "Formula":
        return cls(**{name: value if isinstance(value, bool) else Decimal(str(value))
                      for name, value in values.items()})


def exact(value) -> Decimal | None:
    """Return a SQL aggregate as a Decimal to the cent (SQLite gives floats, PostgreSQL Decimals)."""
    if value is None:
        return None
    # str() of a float is its shortest repr, so 85.175 stays 85.175 and rounds half up as written.
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


def appraise(formula: Formula, lessons: int, mean_score: Decimal | None, praise: int,
             problem_points: Decimal, incidents: int) -> dict:
    """Apply the formula to one teacher's term; without a scored lesson there is no result."""
    lesson_points = (None if mean_score is None else
                     (mean_score * formula.lesson_scale / HUNDRED * formula.lesson_weight)
                     .quantize(CENT, ROUND_HALF_UP))
    praise_points = min(praise * formula.praise_points, formula.praise_cap)
    problem_deduction = min(problem_points * formula.problem_weight, formula.problem_cap)
    incident_deduction = incidents * formula.incident_deduction
    result = None
    if lesson_points is not None:
        raw = lesson_points + praise_points - problem_deduction - incident_deduction
        result = min(max(raw, formula.clip_min), formula.clip_max).quantize(CENT, ROUND_HALF_UP)
    return {
        "lessons_counted": lessons, "mean_lesson_score": mean_score, "lesson_points": lesson_points,
        "praise_count": praise, "praise_points": praise_points.quantize(CENT),
        "problem_points": problem_points.quantize(CENT),
        "problem_deduction": problem_deduction.quantize(CENT),
        "incident_count": incidents, "incident_deduction": incident_deduction.quantize(CENT),
        "result": result,
        "excellence_eligible": not (formula.incident_bars_excellence and incidents > 0),
    }
