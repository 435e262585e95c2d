from decimal import Decimal
from typing import Any

import pytest

from backend.rubrics.answers import AnswerError
from backend.rubrics.definition import Rubric
from backend.rubrics.scoring import Incident, score_answers
from backend.rubrics.validation import parse_definition


def make_rubric(**section: Any) -> Rubric:
    """Build a rubric with one scored section (overridable) and a comments section."""
    scored = {
        "key": "main", "title": "课堂", "items": [
            {"key": "plan", "type": "score", "label": "教学设计", "min": 0, "max": 8, "step": 0.5,
             "required": True},
            {"key": "media", "type": "score", "label": "教具使用", "min": 0, "max": 2, "step": 0.1,
             "allow_na": True},
            {"key": "goal", "type": "level", "label": "目标达成", "allow_na": True, "levels": [
                {"key": "A", "label": "优", "points": 10}, {"key": "B", "label": "良", "points": 8},
                {"key": "C", "label": "中", "points": 6}, {"key": "D", "label": "差", "points": 3},
            ]},
            {"key": "early", "type": "check", "label": "提前候课", "polarity": "praise", "points": 1},
            {"key": "empty", "type": "check", "label": "空堂", "polarity": "problem", "points": 5,
             "incident": True},
        ],
    } | section
    comments = {"key": "comments", "title": "评语", "items": [
        {"key": "notes", "type": "text", "label": "备注", "max_length": 10},
    ]}
    return parse_definition({
        "title": "测试", "kinds": ["drop_in"], "sections": [scored, comments],
        "bands": [{"label": "好", "min": 50, "max": 100}, {"label": "差", "min": 0, "max": 50}],
    })


def test_scores_each_item_type():
    score = score_answers(make_rubric(), {"plan": 7.5, "media": "1.3", "goal": "B", "early": True,
                                          "empty": False, "notes": " 节奏好 "})

    assert score.total == Decimal("17.8")
    assert (score.maximum, score.minimum) == (Decimal(21), Decimal(-2))
    assert score.percentage == Decimal("84.8") and score.band == "好"
    assert (score.praise_count, score.problem_count, score.incidents) == (1, 0, ())
    assert score.texts == {"notes": "节奏好"}
    [section, comments] = score.sections
    assert [item.points for item in section.items] == [Decimal("7.5"), Decimal("1.3"), 8, 1, 0]
    assert not comments.applicable and comments.items == ()


def test_floats_do_not_drift():
    score = score_answers(make_rubric(), {"plan": 0.5, "media": 0.1, "goal": "na", "early": False})
    assert score.total == Decimal("0.6") and score.to_dict()["total"] == "0.6"


def test_unanswered_items_earn_their_lowest_points():
    score = score_answers(make_rubric(), {"plan": 4})
    assert score.total == Decimal(7)  # 4 + media 0 + goal D 3


def test_not_applicable_items_leave_total_and_maximum():
    score = score_answers(make_rubric(), {"plan": 8, "media": "na", "goal": "na", "early": True})

    assert (score.total, score.maximum, score.minimum) == (Decimal(9), Decimal(9), Decimal(-5))
    assert [item.not_applicable for item in score.sections[0].items] == [False, True, True, False, False]
    assert score.percentage == Decimal("100.0")


def test_problem_and_incident_are_counted():
    score = score_answers(make_rubric(), {"plan": 2, "goal": "D", "empty": True})

    assert score.total == Decimal(0)
    assert (score.praise_count, score.problem_count) == (0, 1)
    assert score.incidents == (Incident("empty", "空堂"),)


def test_cap_and_floor_clamp_the_subtotal():
    capped = score_answers(make_rubric(cap=15), {"plan": 8, "goal": "A", "early": True})
    floored = score_answers(make_rubric(floor=2), {"plan": 0, "goal": "D", "empty": True})

    assert (capped.total, capped.maximum, capped.sections[0].capped) == (Decimal(15), Decimal(15), True)
    assert (floored.total, floored.minimum, floored.sections[0].floored) == (Decimal(2), Decimal(2), True)
    assert not floored.sections[0].capped


def test_section_of_only_na_items_drops_out():
    media = {"key": "media", "type": "score", "label": "教具", "max": 5, "allow_na": True}
    rubric = make_rubric(items=[media], cap=3)
    score = score_answers(rubric, {"media": "na"})

    assert (score.total, score.maximum, score.percentage, score.band) == (0, 0, None, None)
    assert not score.sections[0].applicable


@pytest.mark.parametrize(("plan", "percentage"), [
    ("0.5", "16.7"),  # (0.5 + goal D 3) / 21 = 16.666…%
    ("1.5", "21.4"),  # 4.5 / 21 = 21.428…%
    ("7.5", "50.0"),  # 10.5 / 21 = 50% exactly
])
def test_percentage_rounds_half_up_to_tenths(plan, percentage):
    score = score_answers(make_rubric(), {"plan": plan})
    assert score.to_dict()["percentage"] == percentage


def test_percentage_half_way_rounds_up():
    rubric = make_rubric(items=[{"key": "x", "type": "score", "label": "x", "max": 8, "step": 0.5}])
    assert score_answers(rubric, {"x": 0.5}).percentage == Decimal("6.3")  # 6.25 exactly


def test_percentage_below_zero_keeps_its_sign_and_takes_the_lowest_band():
    score = score_answers(make_rubric(), {"plan": 0, "goal": "na", "empty": True})

    assert score.total == Decimal(-5) and score.maximum == Decimal(11)
    assert score.percentage == Decimal("-45.5") and score.band == "差"


def test_same_answers_give_the_same_score():
    answers = {"plan": 6, "media": 1.2, "goal": "C", "early": True, "notes": "好"}
    reordered = dict(reversed(answers.items()))
    assert score_answers(make_rubric(), answers) == score_answers(make_rubric(), reordered)


def test_to_dict_writes_exact_decimal_strings():
    data = score_answers(make_rubric(), {"plan": 8, "media": 2, "goal": "A", "early": True}).to_dict()

    totals = (data["total"], data["maximum"], data["minimum"], data["percentage"])
    assert totals == ("21", "21", "-2", "100.0")
    assert data["band"] == "好" and data["incidents"] == [] and data["texts"] == {}
    assert data["sections"][0]["items"][1] == {
        "key": "media", "label": "教具使用", "points": "2", "maximum": "2", "not_applicable": False,
    }
    assert data["sections"][1] == {
        "key": "comments", "title": "评语", "points": "0", "maximum": "0", "minimum": "0",
        "capped": False, "floored": False, "applicable": False, "items": [],
    }


def test_refuses_every_bad_answer_at_once():
    answers = {
        "plan": 8.3, "media": 0.15, "goal": "E", "early": "yes", "empty": "na", "notes": "太长了" * 4,
        "speed": 3,
    }
    with pytest.raises(AnswerError) as raised:
        score_answers(make_rubric(), answers)

    assert raised.value.errors == {
        "speed": "评价表中没有这一项",
        "plan": "「教学设计」的分数 8.3 超出范围 0–8",
        "media": "「教具使用」的分数 0.15 不符合步长 0.1, 可填 0、0.1、…、2",
        "goal": '「目标达成」没有等级 "E", 可选: A、B、C、D',
        "early": '「提前候课」应填 true 或 false, 现为 "yes"',
        "empty": '「空堂」不能标记为不适用("na")',
        "notes": "「备注」最多 10 字, 现有 12 字",
    }


@pytest.mark.parametrize(("answers", "key", "message"), [
    ({}, "plan", "「教学设计」是必填项"),
    ({"plan": None}, "plan", "「教学设计」是必填项"),
    ({"plan": "七"}, "plan", '「教学设计」应填数字, 现为 "七"'),
    ({"plan": True}, "plan", "「教学设计」应填数字, 现为 true"),
    ({"plan": "NaN"}, "plan", '「教学设计」应填数字, 现为 "NaN"'),
    ({"plan": "7.25"}, "plan", "不符合步长 0.5"),
    ({"plan": "7.5000000000000000000000000000001"}, "plan", "不符合步长 0.5"),
    ({"plan": "-0.5"}, "plan", "超出范围 0–8"),
    ({"plan": 1, "goal": 1}, "goal", '「目标达成」没有等级 1'),
    ({"plan": 1, "notes": ["好"]}, "notes", "「备注」应填文字"),
])
def test_refusal_message_names_the_item(answers, key, message):
    with pytest.raises(AnswerError) as raised:
        score_answers(make_rubric(), answers)

    assert list(raised.value.errors) == [key]
    assert message in raised.value.errors[key]


def test_answers_must_be_an_object():
    with pytest.raises(AnswerError) as raised:
        score_answers(make_rubric(), [7.5])
    assert list(raised.value.errors) == ["_schema"]


def test_blank_required_text_counts_as_missing():
    notes = {"key": "notes", "type": "text", "label": "改进建议", "required": True}
    rubric = parse_definition({"title": "t", "kinds": ["patrol"],
                               "sections": [{"key": "s", "title": "s", "items": [notes]}]})

    with pytest.raises(AnswerError) as raised:
        score_answers(rubric, {"notes": "   "})
    assert raised.value.errors == {"notes": "「改进建议」是必填项"}
    assert score_answers(rubric, {"notes": "na"}).texts == {"notes": "na"}
