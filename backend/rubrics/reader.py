"""Read JSON fields, collecting errors that say where they are and what to fix."""
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from backend.rubrics.decimals import decimal_places, decimal_text, to_decimal

KEY_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
# Small numbers with at most two places keep every sum exact within Decimal's 28 digits.
LARGEST = Decimal(10000)
PLACES = 2

FIELD_NAMES = {
    "title": "标题", "kinds": "适用类型", "sections": "部分", "bands": "等级划分", "key": "标识",
    "items": "评价项", "cap": "上限", "floor": "下限", "type": "类型", "label": "名称",
    "required": "必填", "allow_na": "可不适用", "hint": "提示", "min": "最小值", "max": "最大值",
    "step": "步长", "levels": "等级", "points": "分值", "polarity": "性质", "incident": "教学事故",
    "max_length": "最多字数",
}
TEXT_LIMITS = {"title": 100, "label": 200, "hint": 500}


@dataclass(frozen=True)
class DefinitionError:
    """One problem in a rubric definition: where it is and what to fix."""

    path: str
    message: str
    key: str | None = None

    def __str__(self) -> str:
        where = (self.path or "(root)") + (f' (key "{self.key}")' if self.key else "")
        return f"{where}: {self.message}"


class InvalidDefinition(ValueError):
    """A rubric definition with errors; `errors` lists all of them."""

    def __init__(self, errors: list[DefinitionError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


@dataclass(frozen=True)
class Place:
    """Where a value sits: its JSON path, a Chinese description and the key of its section or item."""

    path: str
    where: str
    key: str | None = None

    def at(self, field: str) -> "Place":
        return Place(f"{self.path}.{field}" if self.path else field, self.where, self.key)


def field_name(field: str) -> str:
    """Name a field for a message: 步长(step)."""
    return f"{FIELD_NAMES.get(field, field)}({field})"


def show(value: object) -> str:
    """Write a value as JSON for a message."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def quoted(data: object, field: str) -> str:
    """Return a field's text in 「」 brackets, or nothing when there is none."""
    value = data.get(field) if isinstance(data, dict) else None
    return f"「{value.strip()}」" if isinstance(value, str) and value.strip() else ""


def key_of(data: object) -> str | None:
    """Return the key of a JSON object, if it has a text one."""
    key = data.get("key") if isinstance(data, dict) else None
    return key if isinstance(key, str) else None


class FieldReader:
    """Read JSON fields into values, collecting every error instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[DefinitionError] = []
        self.keys: dict[str, str] = {}

    def error(self, place: Place, message: str) -> None:
        self.errors.append(DefinitionError(place.path, f"{place.where}: {message}", place.key))

    def mapping(self, data: object, place: Place, required: tuple[str, ...],
               optional: tuple[str, ...]) -> dict[str, Any] | None:
        if not isinstance(data, dict):
            self.error(place, f"应是一个对象 {{…}}, 现为 {show(data)}")
            return None
        for name in required:
            if data.get(name) is None:
                self.error(place.at(name), f"缺少{field_name(name)}")
        for name in data:
            if name not in required and name not in optional:
                allowed = ", ".join(required + optional)
                self.error(place.at(str(name)), f"不认识的字段 {show(name)}, 可用的字段: {allowed}")
        return data

    def text(self, fields: dict[str, Any], name: str, place: Place) -> str | None:
        value = fields.get(name)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(place.at(name), f"{field_name(name)}应是非空的文字, 现为 {show(value)}")
            return None
        text, limit = value.strip(), TEXT_LIMITS[name]
        if len(text) > limit:
            self.error(place.at(name), f"{field_name(name)}最多 {limit} 字, 现有 {len(text)} 字")
            return None
        return text

    def flag(self, fields: dict[str, Any], name: str, place: Place) -> bool:
        value = fields.get(name)
        if value is None or isinstance(value, bool):
            return bool(value)
        self.error(place.at(name), f"{field_name(name)}应是 true 或 false, 现为 {show(value)}")
        return False

    def number(self, fields: dict[str, Any], name: str, place: Place,
               default: Decimal | None = None) -> Decimal | None:
        value = fields.get(name)
        if value is None:
            return default
        number = None if isinstance(value, str) else to_decimal(value)
        if number is None:
            self.error(place.at(name), f"{field_name(name)}应是数字, 现为 {show(value)}")
        elif abs(number) > LARGEST or decimal_places(number) > PLACES:
            self.error(place.at(name),
                       f"{field_name(name)}应在 -10000 到 10000 之间, 最多两位小数, 现为 {show(value)}")
        else:
            return number
        return None

    def sequence(self, fields: dict[str, Any], name: str, place: Place) -> list[Any] | None:
        value = fields.get(name)
        if value is None:
            return None
        if not isinstance(value, list):
            self.error(place.at(name), f"{field_name(name)}应是列表 […], 现为 {show(value)}")
        elif not value:
            self.error(place.at(name), f"{field_name(name)}不能为空, 至少要有一项")
        else:
            return value
        return None

    def key(self, fields: dict[str, Any], place: Place) -> str | None:
        key = fields.get("key")
        if key is None:
            return None
        if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
            self.error(place.at("key"),
                       f"标识(key) {show(key)} 无效: 只能用字母、数字、_ 和 -, 以字母开头, 最长 64 个字符")
            return None
        if key in self.keys:
            self.error(place.at("key"), f"标识(key)「{key}」与{self.keys[key]}重复, 整张评价表内的 key 必须唯一")
        else:
            self.keys[key] = place.where
        return key

