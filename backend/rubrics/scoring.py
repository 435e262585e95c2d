"""Score observation answers against a rubric, exactly, in Decimal."""
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from backend.rubrics.answers import Value, read_answers
from backend.rubrics.decimals import decimal_text
from backend.rubrics.definition import (
    NA,
    ZERO,
    CheckItem,
    Item,
    LevelItem,
    Polarity,
    Rubric,
    ScoreItem,
    Section,
    TextItem,
)


@dataclass(frozen=True)
class ItemScore:
    key: str
    label: str
    points: Decimal | None  # None when not applicable
    maximum: Decimal
    not_applicable: bool = False


@dataclass(frozen=True)
class SectionScore:
    key: str
    title: str
    points: Decimal
    maximum: Decimal
    minimum: Decimal
    capped: bool
    floored: bool
    applicable: bool  # False when every scored item is N/A or the section has text items only
    items: tuple[ItemScore, ...]


@dataclass(frozen=True)
class Incident:
    key: str
    label: str


@dataclass(frozen=True)
class Score:
    total: Decimal
    maximum: Decimal
    minimum: Decimal
    percentage: Decimal | None  # of the maximum, one decimal place; None unless the maximum is positive
    band: str | None
    praise_count: int
    problem_count: int
    problem_points: Decimal  # the ticked problems' points, before any section cap: what 考核 deducts
    incidents: tuple[Incident, ...]
    texts: Mapping[str, str]
    sections: tuple[SectionScore, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the score as JSON-ready data, with every number as an exact decimal string."""
        return {
            "total": decimal_text(self.total),
            "maximum": decimal_text(self.maximum),
            "minimum": decimal_text(self.minimum),
            "percentage": None if self.percentage is None else format(self.percentage, "f"),
            "band": self.band,
            "praise_count": self.praise_count,
            "problem_count": self.problem_count,
            "problem_points": decimal_text(self.problem_points),
            "incidents": [{"key": incident.key, "label": incident.label} for incident in self.incidents],
            "texts": dict(self.texts),
            "sections": [_section_dict(section) for section in self.sections],
        }


def score_answers(rubric: Rubric, answers: object) -> Score:
    """Score answers (item key → value) against a rubric; raise AnswerError if any does not fit."""
    values = read_answers(rubric, answers)
    sections = tuple(_score_section(section, values) for section in rubric.sections)
    total = sum((section.points for section in sections), ZERO)
    maximum = sum((section.maximum for section in sections), ZERO)
    percentage = _percentage(total, maximum) if maximum > 0 else None
    band = rubric.band_for(percentage) if percentage is not None else None
    ticked = [item for item in rubric.items
              if isinstance(item, CheckItem) and values.get(item.key) is True]
    return Score(
        total=total,
        maximum=maximum,
        minimum=sum((section.minimum for section in sections), ZERO),
        percentage=percentage,
        band=band.label if band else None,
        praise_count=sum(item.polarity is Polarity.PRAISE for item in ticked),
        problem_count=sum(item.polarity is Polarity.PROBLEM for item in ticked),
        problem_points=sum((item.points for item in ticked if item.polarity is Polarity.PROBLEM), ZERO),
        incidents=tuple(Incident(item.key, item.label) for item in ticked if item.incident),
        texts={item.key: str(values[item.key]) for item in rubric.items
               if isinstance(item, TextItem) and item.key in values},
        sections=sections,
    )


def _score_section(section: Section, values: dict[str, Value]) -> SectionScore:
    scored = [item for item in section.items if not isinstance(item, TextItem)]
    items = tuple(_score_item(item, values.get(item.key)) for item in scored)
    counted = [item for item in scored if values.get(item.key) != NA]
    if not counted:
        return SectionScore(section.key, section.title, ZERO, ZERO, ZERO, False, False, False, items)
    raw = sum((score.points for score in items if score.points is not None), ZERO)
    return SectionScore(
        key=section.key,
        title=section.title,
        points=section.clamp(raw),
        maximum=section.clamp(sum((item.highest for item in counted), ZERO)),
        minimum=section.clamp(sum((item.lowest for item in counted), ZERO)),
        capped=section.cap is not None and raw > section.cap,
        floored=section.floor is not None and raw < section.floor,
        applicable=True,
        items=items,
    )


def _score_item(item: Item, value: Value | None) -> ItemScore:
    if value == NA:
        return ItemScore(item.key, item.label, None, item.highest, not_applicable=True)
    return ItemScore(item.key, item.label, _points(item, value), item.highest)


def _points(item: Item, value: Value | None) -> Decimal:
    # An unanswered score or level item earns its lowest points, an unticked check none.
    if isinstance(item, ScoreItem) and isinstance(value, Decimal):
        return value
    if isinstance(item, LevelItem) and isinstance(value, str):
        level = item.level(value)
        if level is None:  # read_answers lets only known levels through
            raise ValueError(f"unknown level {value!r} for item {item.key}")
        return level.points
    if isinstance(item, CheckItem):
        return item.signed_points if value is True else ZERO
    return item.lowest


def _percentage(total: Decimal, maximum: Decimal) -> Decimal:
    # Exact fractions, then half up (away from zero) to tenths: no rounding before the last step.
    tenths = Fraction(total) * 1000 / Fraction(maximum)
    rounded = (abs(tenths.numerator) * 2 + tenths.denominator) // (2 * tenths.denominator)
    return Decimal(rounded if tenths >= 0 else -rounded).scaleb(-1)


def _section_dict(section: SectionScore) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": section.title,
        "points": decimal_text(section.points),
        "maximum": decimal_text(section.maximum),
        "minimum": decimal_text(section.minimum),
        "capped": section.capped,
        "floored": section.floored,
        "applicable": section.applicable,
        "items": [
            {
                "key": item.key,
                "label": item.label,
                "points": None if item.points is None else decimal_text(item.points),
                "maximum": decimal_text(item.maximum),
                "not_applicable": item.not_applicable,
            }
            for item in section.items
        ],
    }
