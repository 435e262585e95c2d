"""Hold a parsed rubric: immutable dataclasses with Decimal points."""
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

KINDS = ("patrol", "drop_in", "open_lesson", "incident")
NA = "na"
ZERO = Decimal(0)
HUNDRED = Decimal(100)


class Polarity(StrEnum):
    PRAISE = "praise"
    PROBLEM = "problem"


@dataclass(frozen=True)
class Level:
    key: str
    label: str
    points: Decimal


@dataclass(frozen=True, kw_only=True)
class Item:
    """An item of a rubric; each subclass is one way of answering."""

    type: ClassVar[str]
    key: str
    label: str
    required: bool = False
    allow_na: bool = False
    hint: str | None = None

    @property
    def lowest(self) -> Decimal:
        """Return the fewest points the item can give."""
        return ZERO

    @property
    def highest(self) -> Decimal:
        """Return the most points the item can give."""
        return ZERO


@dataclass(frozen=True, kw_only=True)
class ScoreItem(Item):
    type: ClassVar[str] = "score"
    min: Decimal
    max: Decimal
    step: Decimal

    @property
    def lowest(self) -> Decimal:
        return self.min

    @property
    def highest(self) -> Decimal:
        return self.max


@dataclass(frozen=True, kw_only=True)
class LevelItem(Item):
    type: ClassVar[str] = "level"
    levels: tuple[Level, ...]

    def level(self, key: str) -> Level | None:
        """Return the level with this key, or None."""
        return next((level for level in self.levels if level.key == key), None)

    @property
    def lowest(self) -> Decimal:
        return min(level.points for level in self.levels)

    @property
    def highest(self) -> Decimal:
        return max(level.points for level in self.levels)


@dataclass(frozen=True, kw_only=True)
class CheckItem(Item):
    type: ClassVar[str] = "check"
    polarity: Polarity
    points: Decimal
    incident: bool = False

    @property
    def signed_points(self) -> Decimal:
        """Return the points a ticked check adds: positive for praise, negative for a problem."""
        return self.points if self.polarity is Polarity.PRAISE else -self.points

    @property
    def lowest(self) -> Decimal:
        return min(ZERO, self.signed_points)

    @property
    def highest(self) -> Decimal:
        return max(ZERO, self.signed_points)


@dataclass(frozen=True, kw_only=True)
class TextItem(Item):
    type: ClassVar[str] = "text"
    max_length: int | None = None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: tuple[Item, ...]
    cap: Decimal | None = None
    floor: Decimal | None = None

    def clamp(self, points: Decimal) -> Decimal:
        """Keep a subtotal within the section's floor and cap."""
        if self.floor is not None:
            points = max(points, self.floor)
        if self.cap is not None:
            points = min(points, self.cap)
        return points


@dataclass(frozen=True)
class Band:
    """A grade band over the percentage of the maximum: from `min` up to, not including, `max`."""

    label: str
    min: Decimal
    max: Decimal

    def contains(self, percentage: Decimal) -> bool:
        """Tell whether a percentage falls in the band; the top band includes 100."""
        return self.min <= percentage < self.max or percentage == self.max == HUNDRED


@dataclass(frozen=True)
class Rubric:
    title: str
    kinds: tuple[str, ...]
    sections: tuple[Section, ...]
    bands: tuple[Band, ...] = ()

    @property
    def items(self) -> tuple[Item, ...]:
        """Return every item, section by section."""
        return tuple(item for section in self.sections for item in section.items)

    def band_for(self, percentage: Decimal) -> Band | None:
        """Return the band of a percentage, taken as 0 below 0; None without bands."""
        percentage = min(max(percentage, ZERO), HUNDRED)
        return next((band for band in self.bands if band.contains(percentage)), None)
