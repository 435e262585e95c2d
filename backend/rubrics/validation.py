"""Check a rubric definition and parse it into a Rubric."""
from decimal import Decimal
from typing import Any

from backend.rubrics.definition import (
    HUNDRED,
    KINDS,
    NA,
    ZERO,
    Band,
    CheckItem,
    Item,
    Level,
    LevelItem,
    Polarity,
    Rubric,
    ScoreItem,
    Section,
    TextItem,
)
from backend.rubrics.reader import (
    DefinitionError,
    FieldReader,
    InvalidDefinition,
    Place,
    key_of,
    quoted,
    show,
)

__all__ = ["DefinitionError", "InvalidDefinition", "parse_definition", "validate_definition"]

ITEM_COMMON = (("key", "type", "label"), ("required", "allow_na", "hint"))
ITEM_FIELDS = {
    "score": (("max",), ("min", "step")),
    "level": (("levels",), ()),
    "check": (("polarity", "points"), ("incident",)),
    "text": ((), ("max_length",)),
}


def parse_definition(data: object) -> Rubric:
    """Parse a rubric definition, raising InvalidDefinition with every error found."""
    reader = _RubricReader()
    rubric = reader.rubric(data)
    if reader.errors or rubric is None:
        raise InvalidDefinition(reader.errors)
    return rubric


def validate_definition(data: object) -> list[DefinitionError]:
    """List every error in a rubric definition; an empty list means it is valid."""
    try:
        parse_definition(data)
    except InvalidDefinition as invalid:
        return invalid.errors
    return []


class _RubricReader(FieldReader):
    """Read a rubric definition, collecting every error instead of stopping at the first."""

    def rubric(self, data: object) -> Rubric | None:
        place = Place("", "评价表")
        fields = self.mapping(data, place, ("title", "kinds", "sections"), ("bands",))
        if fields is None:
            return None
        title = self.text(fields, "title", place)
        kinds = self.kinds(fields, place)
        raw_sections = self.sequence(fields, "sections", place)
        sections = [self.section(raw, number) for number, raw in enumerate(raw_sections or [])]
        bands = self.bands(fields, place)
        if title is None or kinds is None or raw_sections is None or bands is None:
            return None
        if any(section is None for section in sections):
            return None
        return Rubric(title, kinds, tuple(s for s in sections if s is not None), bands)

    def kinds(self, fields: dict[str, Any], place: Place) -> tuple[str, ...] | None:
        kinds = self.sequence(fields, "kinds", place)
        if kinds is None:
            return None
        unknown = [kind for kind in kinds if not isinstance(kind, str) or kind not in KINDS]
        if unknown:
            self.error(place.at("kinds"), f"适用类型(kinds)中有未知的类型 {show(unknown)}, "
                       "可选: patrol(巡课)、drop_in(推门听课)、open_lesson(公开课)、incident(教学事故)")
        elif len(set(kinds)) < len(kinds):
            self.error(place.at("kinds"), f"适用类型(kinds)中有重复: {show(kinds)}")
        else:
            return tuple(kinds)
        return None

    def section(self, data: object, index: int) -> Section | None:
        place = Place(f"sections[{index}]", f"第{index + 1}部分{quoted(data, 'title')}", key_of(data))
        fields = self.mapping(data, place, ("key", "title", "items"), ("cap", "floor"))
        if fields is None:
            return None
        key = self.key(fields, place)
        title = self.text(fields, "title", place)
        cap = self.number(fields, "cap", place)
        floor = self.number(fields, "floor", place)
        if cap is not None and floor is not None and floor > cap:
            self.error(place.at("floor"), f"下限(floor) {show(floor)} 不能高于上限(cap) {show(cap)}")
        raw_items = self.sequence(fields, "items", place)
        items = [self.item(raw, place, number) for number, raw in enumerate(raw_items or [])]
        if key is None or title is None or raw_items is None:
            return None
        if any(item is None for item in items):
            return None
        return Section(key, title, tuple(item for item in items if item is not None), cap, floor)

    def item(self, data: object, section: Place, index: int) -> Item | None:
        place = Place(f"{section.path}.items[{index}]",
                      f"{section.where}第{index + 1}项{quoted(data, 'label')}", key_of(data))
        if not isinstance(data, dict):
            self.error(place, f"应是一个对象 {{…}}, 现为 {show(data)}")
            return None
        kind = data.get("type")
        if not isinstance(kind, str) or kind not in ITEM_FIELDS:
            problem = "缺少类型(type)" if kind is None else f"类型(type) {show(kind)} 无效"
            self.error(place.at("type"), f"{problem}, 可选: score(分数)、level(等级)、check(勾选)、text(文字)")
            return None
        required, optional = ITEM_FIELDS[kind]
        self.mapping(data, place, ITEM_COMMON[0] + required, ITEM_COMMON[1] + optional)
        fields: dict[str, Any] = data
        common = {
            "key": self.key(fields, place),
            "label": self.text(fields, "label", place),
            "required": self.flag(fields, "required", place),
            "allow_na": self.flag(fields, "allow_na", place),
            "hint": self.text(fields, "hint", place),
        }
        read = {"score": self.score_item, "level": self.level_item,
                "check": self.check_item, "text": self.text_item}[kind]
        item = read(fields, place, common)
        return item if common["key"] is not None and common["label"] is not None else None

    def score_item(self, fields: dict[str, Any], place: Place, common: dict[str, Any]) -> Item | None:
        low = self.number(fields, "min", place, default=ZERO)
        high = self.number(fields, "max", place)
        step = self.number(fields, "step", place, default=Decimal(1))
        if low is None or high is None or step is None:
            return None
        if step <= 0:
            self.error(place.at("step"), f"步长(step)应大于 0, 现为 {show(step)}")
        if high <= low:
            self.error(place.at("max"), f"最大值(max) {show(high)} 应大于最小值(min) {show(low)}")
        if step <= 0 or high <= low:
            return None
        if (high - low) % step:
            self.error(place.at("step"), f"步长(step) {show(step)} 不能整除 {show(low)} 到 {show(high)} "
                       "的分值范围, 请调整步长或分值范围")
            return None
        return ScoreItem(**common, min=low, max=high, step=step)

    def level_item(self, fields: dict[str, Any], place: Place, common: dict[str, Any]) -> Item | None:
        raw = fields.get("levels")
        if raw is None:
            return None
        if not isinstance(raw, list) or len(raw) < 2:
            count = f"现有 {len(raw)} 个" if isinstance(raw, list) else f"现为 {show(raw)}"
            self.error(place.at("levels"), f"等级(levels)应是列表, 至少要有 2 个等级, {count}")
            return None
        levels = [self.level(data, place, number) for number, data in enumerate(raw)]
        seen: set[str] = set()
        for index, level in enumerate(levels):
            if level is not None and level.key in seen:
                self.error(place.at(f"levels[{index}].key"), f"等级标识(key)「{level.key}」重复")
            elif level is not None:
                seen.add(level.key)
        if len(seen) < len(levels):
            return None
        return LevelItem(**common, levels=tuple(level for level in levels if level is not None))

    def level(self, data: object, item: Place, index: int) -> Level | None:
        place = Place(f"{item.path}.levels[{index}]",
                      f"{item.where}的第{index + 1}个等级{quoted(data, 'label')}", item.key)
        fields = self.mapping(data, place, ("key", "label", "points"), ())
        if fields is None:
            return None
        key = fields.get("key")
        if key is not None and (not isinstance(key, str) or not key.strip() or key == NA):
            self.error(place.at("key"), f'等级标识(key)应是非空文字, 且不能是 "na"(表示不适用), 现为 {show(key)}')
            key = None
        label = self.text(fields, "label", place)
        points = self.number(fields, "points", place)
        if key is None or label is None or points is None:
            return None
        return Level(key, label, points)

    def check_item(self, fields: dict[str, Any], place: Place, common: dict[str, Any]) -> Item | None:
        polarity = fields.get("polarity")
        points = self.number(fields, "points", place)
        incident = self.flag(fields, "incident", place)
        valid = True
        if polarity is not None and polarity not in ("praise", "problem"):
            self.error(place.at("polarity"), f'性质(polarity)应是 "praise"(表扬, 加分) 或 "problem"(问题, 扣分), '
                       f"现为 {show(polarity)}")
            valid = False
        if points is not None and points <= 0:
            self.error(place.at("points"),
                       f"分值(points)应大于 0, 现为 {show(points)}; 扣分项也填正数, 由 polarity 决定加减")
            valid = False
        if incident and polarity == "praise":
            self.error(place.at("incident"), "表扬项不能标记为教学事故(incident)")
            valid = False
        if not valid or polarity is None or points is None:
            return None
        return CheckItem(**common, polarity=Polarity(polarity), points=points, incident=incident)

    def text_item(self, fields: dict[str, Any], place: Place, common: dict[str, Any]) -> Item | None:
        max_length = fields.get("max_length")
        valid = max_length is None or (isinstance(max_length, int) and not isinstance(max_length, bool)
                                       and max_length > 0)
        if not valid:
            self.error(place.at("max_length"), f"最多字数(max_length)应是正整数, 现为 {show(max_length)}")
        if common["allow_na"]:
            self.error(place.at("allow_na"), "文字项不计分, 不能设为可不适用(allow_na)")
        if not valid or common["allow_na"]:
            return None
        return TextItem(**common, max_length=max_length)

    def bands(self, fields: dict[str, Any], place: Place) -> tuple[Band, ...] | None:
        if fields.get("bands") is None:
            return ()
        raw = self.sequence(fields, "bands", place)
        bands = [self.band(data, number) for number, data in enumerate(raw or [])]
        if raw is None or any(band is None for band in bands):
            return None
        found = [(index, band) for index, band in enumerate(bands) if band is not None]
        labels = [band.label for _, band in found]
        for index, band in found:
            if labels.index(band.label) < index:
                self.error(Place(f"bands[{index}].label", f"第{index + 1}个等级「{band.label}」"), "等级名称重复")
        self.coverage(found)
        return tuple(band for _, band in found)

    def band(self, data: object, index: int) -> Band | None:
        place = Place(f"bands[{index}]", f"第{index + 1}个等级{quoted(data, 'label')}")
        fields = self.mapping(data, place, ("label", "min", "max"), ())
        if fields is None:
            return None
        label = self.text(fields, "label", place)
        low = self.number(fields, "min", place)
        high = self.number(fields, "max", place)
        if label is None or low is None or high is None:
            return None
        if not ZERO <= low < high <= HUNDRED:
            self.error(place, f"百分比区间 {show(low)}–{show(high)} 无效, 应满足 0 ≤ min < max ≤ 100")
            return None
        return Band(label, low, high)

    def coverage(self, bands: list[tuple[int, Band]]) -> None:
        ordered = sorted(bands, key=lambda pair: (pair[1].min, pair[1].max))
        top, furthest = ordered[0]  # the band reaching highest so far
        if furthest.min > 0:
            self.error(Place(f"bands[{top}].min", "等级划分(bands)"),
                       f"0% 到 {show(furthest.min)}% 没有对应的等级, 最低的等级应从 0 开始")
        for index, band in ordered[1:]:
            place = Place(f"bands[{index}].min", f"第{index + 1}个等级「{band.label}」")
            if band.min > furthest.max:
                self.error(place, f"与「{furthest.label}」之间的 {show(furthest.max)}%–{show(band.min)}% "
                           "没有对应的等级")
            elif band.min < furthest.max:
                self.error(place, f"区间 {show(band.min)}–{show(band.max)} 与「{furthest.label}」"
                           f"({show(furthest.min)}–{show(furthest.max)}) 重叠")
            if band.max > furthest.max:
                top, furthest = index, band
        if furthest.max < HUNDRED:
            self.error(Place(f"bands[{top}].max", "等级划分(bands)"),
                       f"{show(furthest.max)}% 到 100% 没有对应的等级, 最高的等级应到 100 为止")
