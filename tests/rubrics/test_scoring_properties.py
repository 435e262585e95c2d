from decimal import ROUND_HALF_UP, Decimal, localcontext
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backend.rubrics.answers import AnswerError
from backend.rubrics.definition import CheckItem, Item, LevelItem, Rubric, ScoreItem, TextItem
from backend.rubrics.scoring import score_answers
from backend.rubrics.validation import parse_definition, validate_definition

checked = settings(max_examples=150, deadline=None)

HALVES = st.integers(-20, 40).map(lambda n: Decimal(n) / 2)


def json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


@st.composite
def items(draw: st.DrawFn, key: str) -> dict[str, Any]:
    common = {"key": key, "label": f"评价项 {key}", "required": draw(st.booleans())}
    kind = draw(st.sampled_from(["score", "level", "check", "text"]))
    if kind == "text":
        return common | {"type": "text", "max_length": draw(st.none() | st.integers(1, 30))}
    common["allow_na"] = draw(st.booleans())
    if kind == "score":
        step = draw(st.sampled_from([Decimal("0.25"), Decimal("0.5"), Decimal(1), Decimal(2)]))
        low = step * draw(st.integers(-8, 8))
        high = low + step * draw(st.integers(1, 20))
        return common | {"type": "score", "min": json_number(low), "max": json_number(high),
                         "step": json_number(step)}
    if kind == "level":
        keys = draw(st.lists(st.sampled_from("ABCDE1234"), min_size=2, max_size=5, unique=True))
        return common | {"type": "level", "levels": [
            {"key": level, "label": f"等级 {level}", "points": json_number(draw(HALVES))} for level in keys
        ]}
    polarity = draw(st.sampled_from(["praise", "problem"]))
    return common | {"type": "check", "polarity": polarity,
                     "points": json_number(draw(st.sampled_from([Decimal("0.5"), Decimal(1), Decimal(5)]))),
                     "incident": polarity == "problem" and draw(st.booleans())}


@st.composite
def definitions(draw: st.DrawFn) -> dict[str, Any]:
    sections = []
    for number in range(draw(st.integers(1, 4))):
        section: dict[str, Any] = {"key": f"s{number}", "title": f"第{number}部分", "items": [
            draw(items(f"s{number}i{index}")) for index in range(draw(st.integers(1, 5)))
        ]}
        floor, cap = sorted(draw(st.lists(HALVES, min_size=2, max_size=2)))
        limits = draw(st.sampled_from([(), ("floor",), ("cap",), ("floor", "cap")]))
        section |= {name: json_number(value) for name, value in [("floor", floor), ("cap", cap)]
                    if name in limits}
        sections.append(section)
    cuts = [0, *sorted(draw(st.sets(st.integers(1, 199), max_size=3))), 200]  # in half percents
    bands = [{"label": f"等级{i}", "min": json_number(Decimal(low) / 2), "max": json_number(Decimal(high) / 2)}
             for i, (low, high) in enumerate(pairwise(cuts))]
    return {"title": "随机评价表", "kinds": ["drop_in"], "sections": sections,
            **({"bands": bands} if draw(st.booleans()) else {})}


def value_of(draw: st.DrawFn, item: Item) -> object:
    if isinstance(item, ScoreItem):
        steps = int((item.max - item.min) / item.step)
        value = item.min + item.step * draw(st.integers(0, steps))
        return draw(st.sampled_from([json_number(value), str(value)]))
    if isinstance(item, LevelItem):
        return draw(st.sampled_from([level.key for level in item.levels]))
    if isinstance(item, CheckItem):
        return draw(st.booleans())
    assert isinstance(item, TextItem)
    return draw(st.text("优良可以abc", min_size=1, max_size=item.max_length or 30))


def answers_for(draw: st.DrawFn, rubric: Rubric) -> dict[str, object]:
    answers = {}
    for item in rubric.items:
        choice = draw(st.sampled_from(["value"] + ["skip"] * (not item.required) + ["na"] * item.allow_na))
        if choice != "skip":
            answers[item.key] = "na" if choice == "na" else value_of(draw, item)
    return answers


@st.composite
def scored(draw: st.DrawFn) -> tuple[Rubric, dict[str, object]]:
    rubric = parse_definition(draw(definitions()))
    return rubric, answers_for(draw, rubric)


@checked
@given(definitions())
def test_generated_definitions_are_valid(definition):
    assert validate_definition(definition) == []


@checked
@given(scored())
def test_total_stays_within_minimum_and_maximum(case):
    rubric, answers = case
    score = score_answers(rubric, answers)

    assert score.minimum <= score.total <= score.maximum
    assert score.total == sum(section.points for section in score.sections)
    assert score.maximum == sum(section.maximum for section in score.sections)
    for section, result in zip(rubric.sections, score.sections, strict=True):
        assert result.minimum <= result.points <= result.maximum
        if result.applicable and section.cap is not None:
            assert result.points <= section.cap and result.maximum <= section.cap
        if result.applicable and section.floor is not None:
            assert result.points >= section.floor and result.minimum >= section.floor


@checked
@given(scored())
def test_percentage_and_band_follow_the_total(case):
    rubric, answers = case
    score = score_answers(rubric, answers)

    assume(score.maximum > 0)
    with localcontext(prec=60):
        expected = (score.total * 100 / score.maximum).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert score.percentage == expected
    if rubric.bands:
        band = next(b for b in rubric.bands if b.label == score.band)
        assert band.contains(min(max(expected, Decimal(0)), Decimal(100)))
    else:
        assert score.band is None


@checked
@given(scored())
def test_same_answers_give_the_same_score(case):
    rubric, answers = case
    as_text = {key: str(value) if isinstance(value, float) else value for key, value in answers.items()}

    first = score_answers(rubric, answers)
    assert score_answers(rubric, answers) == first
    assert score_answers(rubric, dict(reversed(answers.items()))) == first
    assert score_answers(rubric, as_text) == first
    assert score_answers(rubric, answers).to_dict() == first.to_dict()


@checked
@given(scored(), st.data())
def test_not_applicable_lowers_the_maximum_by_the_item(case, data):
    rubric, answers = case
    candidates = [item for item in rubric.items if item.allow_na and answers.get(item.key) != "na"]
    assume(candidates)
    item = data.draw(st.sampled_from(candidates))
    section = next(section for section in rubric.sections if item in section.items)

    before = score_answers(rubric, answers)
    after = score_answers(rubric, answers | {item.key: "na"})

    assert after.minimum <= after.total <= after.maximum
    if section.cap is None and section.floor is None:
        assert after.maximum == before.maximum - item.highest
        assert after.minimum == before.minimum - item.lowest


@checked
@given(st.lists(st.integers(0, 20), min_size=1, max_size=30))
def test_half_steps_sum_exactly(halves):
    rubric = parse_definition({"title": "半分", "kinds": ["open_lesson"], "sections": [
        {"key": "s", "title": "s", "items": [
            {"key": f"i{n}", "type": "score", "label": f"项{n}", "max": 10, "step": 0.5}
            for n in range(len(halves))
        ]},
    ]})
    answers = {f"i{n}": half * 0.5 for n, half in enumerate(halves)}

    score = score_answers(rubric, answers)

    assert score.total == Decimal(sum(halves)) / 2
    assert score.to_dict()["total"] == str(Decimal(sum(halves)) / 2).removesuffix(".0")


@checked
@given(scored(), st.data())
def test_refuses_exactly_the_bad_items(case, data):
    rubric, answers = case
    scorable = [item for item in rubric.items if isinstance(item, (ScoreItem, LevelItem, CheckItem))]
    assume(scorable)
    spoiled = data.draw(st.lists(st.sampled_from(scorable), min_size=1, unique_by=lambda item: item.key))
    bad = {}
    for item in spoiled:
        if isinstance(item, ScoreItem):
            bad[item.key] = data.draw(st.sampled_from([json_number(item.max + item.step), str(item.min - 1),
                                                       str(item.min + item.step / 3), "多"]))
        elif isinstance(item, LevelItem):
            bad[item.key] = "Z"
        else:
            bad[item.key] = data.draw(st.sampled_from([1, "true", None if item.required else 0]))

    with pytest.raises(AnswerError) as raised:
        score_answers(rubric, answers | bad)

    assert set(raised.value.errors) == set(bad)
