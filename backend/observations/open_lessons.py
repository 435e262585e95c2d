"""An open lesson's result: the raters' mean, trimmed when there are five or more."""
from decimal import ROUND_HALF_UP, Decimal
from statistics import pstdev

from backend.extensions import db
from backend.observations.models import Observation, OpenLesson

TRIM_FROM = 5  # with this many raters, drop one highest and one lowest (去掉最高分和最低分)
CENT = Decimal("0.01")


def combine(totals: list[Decimal]) -> dict:
    """Combine raters' totals into the lesson's score and the spread between raters."""
    if not totals:
        return {"raters_scored": 0, "score": None, "trimmed": False, "dropped": [],
                "lowest": None, "highest": None, "range": None, "stdev": None}
    ordered = sorted(totals)
    trimmed = len(ordered) >= TRIM_FROM
    counted = ordered[1:-1] if trimmed else ordered
    mean = (sum(counted) / len(counted)).quantize(CENT, ROUND_HALF_UP)
    stdev = Decimal(str(pstdev(ordered))).quantize(CENT, ROUND_HALF_UP)
    return {"raters_scored": len(ordered), "score": mean, "trimmed": trimmed,
            "dropped": [ordered[0], ordered[-1]] if trimmed else [],
            "lowest": ordered[0], "highest": ordered[-1], "range": ordered[-1] - ordered[0],
            "stdev": stdev}


def lesson_result(lesson: OpenLesson) -> dict:
    """Return the combined score of the submitted rater scores of an open lesson."""
    totals = list(db.session.scalars(db.select(Observation.total).where(
        Observation.open_lesson_id == lesson.id, Observation.status == "submitted",
        Observation.total.is_not(None))))
    return {**combine(totals), "raters_named": len(lesson.raters)}
