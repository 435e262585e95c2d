from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from backend.rubrics.definition import CheckItem, LevelItem, Polarity, ScoreItem, TextItem
from backend.rubrics.validation import InvalidDefinition, parse_definition, validate_definition


def make_definition() -> dict[str, Any]:
    return {
        "title": "测试评价表",
        "kinds": ["drop_in", "open_lesson"],
        "sections": [
            {"key": "s1", "title": "教学过程", "cap": 10, "items": [
                {"key": "g1", "type": "score", "label": "环节清晰", "min": 0, "max": 8, "step": 0.5},
                {"key": "g2", "type": "level", "label": "目标达成", "levels": [
                    {"key": "A", "label": "优", "points": 4},
                    {"key": "B", "label": "良", "points": 3},
                ]},
            ]},
            {"key": "s2", "title": "巡课", "items": [
                {"key": "c1", "type": "check", "label": "提前候课", "polarity": "praise", "points": 1},
                {"key": "c2", "type": "check", "label": "空堂", "polarity": "problem", "points": 5,
                 "incident": True},
                {"key": "t1", "type": "text", "label": "备注", "max_length": 20},
            ]},
        ],
        "bands": [
            {"label": "优秀", "min": 90, "max": 100},
            {"label": "良好", "min": 80, "max": 90},
            {"label": "合格", "min": 60, "max": 80},
            {"label": "不合格", "min": 0, "max": 60},
        ],
    }


def item(definition: dict[str, Any], section: int, index: int) -> dict[str, Any]:
    return definition["sections"][section]["items"][index]


def test_valid_definition_parses_into_decimals():
    rubric = parse_definition(make_definition())

    assert validate_definition(make_definition()) == []
    assert rubric.kinds == ("drop_in", "open_lesson")
    assert rubric.sections[0].cap == Decimal(10)
    score, level, praise, problem, text = rubric.items
    assert isinstance(score, ScoreItem) and score.step == Decimal("0.5") and str(score.step) == "0.5"
    assert isinstance(level, LevelItem) and [lv.key for lv in level.levels] == ["A", "B"]
    assert isinstance(praise, CheckItem) and praise.polarity is Polarity.PRAISE
    assert isinstance(problem, CheckItem) and problem.incident and problem.signed_points == -5
    assert isinstance(text, TextItem) and text.max_length == 20
    assert [band.label for band in rubric.bands] == ["优秀", "良好", "合格", "不合格"]


def test_optional_fields_default_and_accept_null():
    definition = make_definition()
    del item(definition, 0, 0)["min"], item(definition, 0, 0)["step"]
    item(definition, 0, 1)["hint"] = None
    del definition["bands"]

    rubric = parse_definition(definition)

    score = rubric.items[0]
    assert isinstance(score, ScoreItem) and (score.min, score.step) == (0, 1)
    assert rubric.items[1].hint is None and not rubric.items[1].required
    assert rubric.bands == ()


CASES: list[tuple[str, Callable[[dict[str, Any]], Any], str, str | None, str]] = [
    ("missing field", lambda d: item(d, 0, 0).pop("max"), "sections[0].items[0].max", "g1", "缺少最大值(max)"),
    ("unknown field", lambda d: item(d, 0, 0).update(weight=2), "sections[0].items[0].weight", "g1",
     '不认识的字段 "weight"'),
    ("unknown top field", lambda d: d.update(version=2), "version", None, '不认识的字段 "version"'),
    ("number as text", lambda d: item(d, 0, 0).update(max="8"), "sections[0].items[0].max", "g1", "应是数字"),
    ("bool as number", lambda d: item(d, 0, 0).update(max=True), "sections[0].items[0].max", "g1", "应是数字"),
    ("label not text", lambda d: item(d, 0, 0).update(label=5), "sections[0].items[0].label", "g1",
     "名称(label)应是非空的文字"),
    ("required not bool", lambda d: item(d, 1, 0).update(required="yes"), "sections[1].items[0].required",
     "c1", "应是 true 或 false"),
    ("too many places", lambda d: item(d, 0, 0).update(step=0.125), "sections[0].items[0].step", "g1",
     "最多两位小数"),
    ("max below min", lambda d: item(d, 0, 0).update(min=9), "sections[0].items[0].max", "g1",
     "最大值(max) 8 应大于最小值(min) 9"),
    ("step off range", lambda d: item(d, 0, 0).update(step=0.3), "sections[0].items[0].step", "g1",
     "步长(step) 0.3 不能整除 0 到 8"),
    ("zero step", lambda d: item(d, 0, 0).update(step=0), "sections[0].items[0].step", "g1", "应大于 0"),
    ("duplicate item key", lambda d: item(d, 1, 0).update(key="g1"), "sections[1].items[0].key", "g1",
     "与第1部分「教学过程」第1项「环节清晰」重复"),
    ("item key as section key", lambda d: item(d, 1, 2).update(key="s1"), "sections[1].items[2].key", "s1",
     "重复"),
    ("bad key", lambda d: item(d, 0, 0).update(key="环节 1"), "sections[0].items[0].key", "环节 1", "无效"),
    ("empty section", lambda d: d["sections"][1].update(items=[]), "sections[1].items", "s2", "不能为空"),
    ("no sections", lambda d: d.update(sections=[]), "sections", None, "部分(sections)不能为空"),
    ("section not object", lambda d: d["sections"].append("评语"), "sections[2]", None, "应是一个对象"),
    ("floor above cap", lambda d: d["sections"][0].update(floor=12), "sections[0].floor", "s1",
     "下限(floor) 12 不能高于上限(cap) 10"),
    ("unknown item type", lambda d: item(d, 0, 0).update(type="rating"), "sections[0].items[0].type", "g1",
     '类型(type) "rating" 无效'),
    ("one level", lambda d: item(d, 0, 1)["levels"].pop(), "sections[0].items[1].levels", "g2", "至少要有 2 个"),
    ("duplicate level key", lambda d: item(d, 0, 1)["levels"][1].update(key="A"),
     "sections[0].items[1].levels[1].key", "g2", "等级标识(key)「A」重复"),
    ("level keyed na", lambda d: item(d, 0, 1)["levels"][1].update(key="na"),
     "sections[0].items[1].levels[1].key", "g2", '不能是 "na"'),
    ("level without points", lambda d: item(d, 0, 1)["levels"][0].pop("points"),
     "sections[0].items[1].levels[0].points", "g2", "缺少分值(points)"),
    ("zero check points", lambda d: item(d, 1, 0).update(points=0), "sections[1].items[0].points", "c1",
     "分值(points)应大于 0"),
    ("negative check points", lambda d: item(d, 1, 1).update(points=-5), "sections[1].items[1].points",
     "c2", "应大于 0, 现为 -5"),
    ("unknown polarity", lambda d: item(d, 1, 0).update(polarity="bonus"), "sections[1].items[0].polarity",
     "c1", '应是 "praise"'),
    ("praise incident", lambda d: item(d, 1, 0).update(incident=True), "sections[1].items[0].incident",
     "c1", "表扬项不能标记为教学事故"),
    ("title too long", lambda d: d.update(title="评" * 101), "title", None, "标题(title)最多 100 字, 现有 101 字"),
    ("text not applicable", lambda d: item(d, 1, 2).update(allow_na=True), "sections[1].items[2].allow_na",
     "t1", "文字项不计分"),
    ("text length zero", lambda d: item(d, 1, 2).update(max_length=0), "sections[1].items[2].max_length",
     "t1", "应是正整数"),
    ("unknown kind", lambda d: d["kinds"].append("lecture"), "kinds", None, '未知的类型 ["lecture"]'),
    ("no kinds", lambda d: d.update(kinds=[]), "kinds", None, "不能为空"),
    ("duplicate kinds", lambda d: d["kinds"].append("drop_in"), "kinds", None, "重复"),
    ("bands overlap", lambda d: d["bands"][1].update(max=92), "bands[0].min", None,
     "区间 90–100 与「良好」(80–92) 重叠"),
    ("bands gap", lambda d: d["bands"][2].update(max=75), "bands[1].min", None,
     "与「合格」之间的 75%–80% 没有对应的等级"),
    ("bands start above 0", lambda d: d["bands"][3].update(min=10), "bands[3].min", None, "0% 到 10%"),
    ("bands stop below 100", lambda d: d["bands"][0].update(max=99), "bands[0].max", None, "99% 到 100%"),
    ("band reversed", lambda d: d["bands"][0].update(min=100), "bands[0]", None, "0 ≤ min < max ≤ 100"),
    ("duplicate band label", lambda d: d["bands"][1].update(label="优秀"), "bands[1].label", None, "等级名称重复"),
    ("title not text", lambda d: d.update(title=["x"]), "title", None, "标题(title)应是非空的文字"),
    ("missing title", lambda d: d.pop("title"), "title", None, "缺少标题(title)"),
]


@pytest.mark.parametrize(("mutate", "path", "key", "fragment"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_error_names_the_place_and_the_problem(mutate, path, key, fragment):
    definition = make_definition()
    mutate(definition)

    errors = validate_definition(definition)

    matching = [error for error in errors if error.path == path]
    assert matching, errors
    assert matching[0].key == key
    assert fragment in matching[0].message, matching[0].message


def test_every_error_is_reported_at_once():
    definition = make_definition()
    item(definition, 0, 0).update(min=9)
    item(definition, 1, 0).update(points=0)
    definition["kinds"] = ["lecture"]

    with pytest.raises(InvalidDefinition) as raised:
        parse_definition(definition)

    assert [error.path for error in raised.value.errors] == [
        "kinds", "sections[0].items[0].max", "sections[1].items[0].points",
    ]


def test_error_text_says_where_in_both_forms():
    definition = make_definition()
    item(definition, 1, 1).update(points=-1)

    [error] = validate_definition(definition)

    assert str(error).startswith('sections[1].items[1].points (key "c2"): 第2部分「巡课」第2项「空堂」: ')


@pytest.mark.parametrize("data", [None, [], "rubric", 3])
def test_non_object_definition_is_one_error(data):
    [error] = validate_definition(data)

    assert error.path == "" and "应是一个对象" in error.message
