from decimal import Decimal

import pytest

from backend.rubrics.answers import AnswerError
from backend.rubrics.definition import CheckItem, ScoreItem
from backend.rubrics.scoring import Incident, score_answers
from backend.rubrics.templates import list_templates, load_template
from backend.rubrics.validation import parse_definition, validate_definition


def test_lists_the_built_in_templates():
    assert list_templates() == ["drop_in_quick", "lesson_100", "levels_4", "patrol_checklist"]


@pytest.mark.parametrize("name", list_templates())
def test_every_template_is_valid(name):
    assert validate_definition(load_template(name)) == []


@pytest.mark.parametrize(("name", "kinds"), [
    ("patrol_checklist", ("patrol",)),
    ("lesson_100", ("drop_in", "open_lesson")),
    ("drop_in_quick", ("drop_in",)),
    ("levels_4", ("drop_in", "open_lesson")),
])
def test_template_kinds(name, kinds):
    assert parse_definition(load_template(name)).kinds == kinds


@pytest.mark.parametrize("name", ["missing", "../pyproject", "templates", ""])
def test_unknown_template_is_refused(name):
    with pytest.raises(KeyError):
        load_template(name)


def test_load_template_returns_a_fresh_copy():
    load_template("lesson_100")["title"] = "改过的"
    assert load_template("lesson_100")["title"] == "课堂教学评价表"


class TestPatrolChecklist:
    rubric = parse_definition(load_template("patrol_checklist"))

    def test_praise_and_empty_classroom(self):
        score = score_answers(self.rubric, {"early_arrival": True, "empty_classroom": True})

        assert score.total == Decimal(-4)
        assert (score.praise_count, score.problem_count) == (1, 1)
        assert score.incidents == (Incident("empty_classroom", "空堂"),)
        assert (score.maximum, score.minimum, score.band) == (Decimal(3), Decimal(-16), None)

    def test_matches_the_sample_points(self):
        checks = [item for item in self.rubric.items if isinstance(item, CheckItem)]
        assert {item.label: item.signed_points for item in checks} == {
            "提前候课": 1, "教学秩序良好": 1, "师生互动积极": 1, "迟到或早退": -2, "坐着上课(无特殊原因)": -1,
            "上课接打手机": -2, "学生睡觉或做与课堂无关的事, 教师未制止": -1, "随意让学生上自习": -2,
            "空堂": -5, "私自调课": -3,
        }
        assert [item.label for item in checks if item.incident] == [
            "随意让学生上自习", "空堂", "私自调课",
        ]

    def test_everything_ticked(self):
        answers = {item.key: True for item in self.rubric.items if item.type == "check"}
        score = score_answers(self.rubric, answers | {"remarks": "三楼东侧"})

        assert score.total == Decimal(-13)
        assert (score.praise_count, score.problem_count, len(score.incidents)) == (3, 7, 3)
        assert score.problem_points == Decimal(2 + 1 + 2 + 1 + 2 + 5 + 3)
        assert score.texts == {"remarks": "三楼东侧"}

    def test_nothing_seen_scores_zero(self):
        score = score_answers(self.rubric, {})
        assert (score.total, score.percentage, score.incidents) == (0, Decimal("0.0"), ())


class TestLesson100:
    rubric = parse_definition(load_template("lesson_100"))
    keys = tuple(item.key for item in rubric.items if isinstance(item, ScoreItem))

    def test_sections_and_maximum_match_the_sample(self):
        caps = {section.title: section.cap for section in self.rubric.sections}
        assert caps == {"教学目标": 10, "教学内容": 15, "教学方法": 20, "教学过程": 25, "教学效果": 20,
                        "教师素养": 10, "评语": None}
        assert all(item.step == Decimal("0.5") for item in self.rubric.items if isinstance(item, ScoreItem))

    def test_all_max_is_100_excellent(self):
        highest = {item.key: item.max for item in self.rubric.items if isinstance(item, ScoreItem)}
        score = score_answers(self.rubric, highest | {"strengths": "目标明确", "suggestions": "多关注后排"})

        assert (score.total, score.maximum, score.band) == (100, 100, "优秀")
        assert score.percentage == Decimal("100.0")
        assert score.texts == {"strengths": "目标明确", "suggestions": "多关注后排"}

    def test_typical_lesson(self):
        values = [4.5, 4, 7, 6, 7, 6, 4, 9, 7, 6, 8.5, 8.5, 4.5, 4]
        score = score_answers(self.rubric, dict(zip(self.keys, values, strict=True)))

        assert (score.total, score.band) == (Decimal(86), "良好")
        assert [section.points for section in score.sections] == [
            Decimal("8.5"), 13, 17, 22, 17, Decimal("8.5"), 0,
        ]

    @pytest.mark.parametrize(("total", "band"), [
        ("100", "优秀"), ("90", "优秀"), ("89.5", "良好"), ("80", "良好"), ("79.5", "合格"), ("60", "合格"),
        ("59.5", "不合格"), ("0", "不合格"),
    ])
    def test_band_edges(self, total, band):
        score = score_answers(self.rubric, self.answers_totalling(Decimal(total)))
        assert (score.total, score.band) == (Decimal(total), band)

    def answers_totalling(self, total: Decimal) -> dict[str, Decimal]:
        """Take points off item after item until the total is reached."""
        answers, missing = {}, 100 - total
        for item in self.rubric.items:
            if isinstance(item, ScoreItem):
                taken = min(item.max, missing)
                answers[item.key], missing = item.max - taken, missing - taken
        return answers

    def test_no_board_and_no_media_shrink_the_maximum(self):
        highest = {item.key: item.max for item in self.rubric.items if isinstance(item, ScoreItem)}
        score = score_answers(self.rubric, highest | {"methods_media": "na", "teacher_board": "na"})

        assert (score.total, score.maximum, score.band) == (90, 90, "优秀")
        assert score.percentage == Decimal("100.0")

    def test_every_score_is_required(self):
        with pytest.raises(AnswerError) as raised:
            score_answers(self.rubric, {"strengths": "好"})
        assert tuple(raised.value.errors) == self.keys


class TestQuickDropIn:
    rubric = parse_definition(load_template("drop_in_quick"))

    def test_typical_lesson(self):
        answers = {"design": 18, "organisation": 22, "engagement": 26, "craft": 20}
        score = score_answers(self.rubric, answers)
        assert (score.total, score.maximum, score.band) == (Decimal(86), Decimal(100), "良好")


class TestLevels4:
    rubric = parse_definition(load_template("levels_4"))
    keys = tuple(item.key for item in rubric.items if item.type == "level")

    @pytest.mark.parametrize(("levels", "total", "percentage", "band"), [
        ("4" * 12, 48, "100.0", "优秀"),
        ("4" * 10 + "33", 46, "95.8", "优秀"),
        ("3" * 12, 36, "75.0", "熟练"),
        ("2" * 12, 24, "50.0", "基本合格"),
        ("1" * 12, 12, "25.0", "不合格"),
    ])
    def test_levels_map_to_points_and_bands(self, levels, total, percentage, band):
        score = score_answers(self.rubric, dict(zip(self.keys, levels, strict=True)))
        assert (score.total, score.maximum, score.band) == (total, 48, band)
        assert score.to_dict()["percentage"] == percentage

    def test_component_not_observed(self):
        answers = dict.fromkeys(self.keys, "3") | {"instruction_flexibility": "na"}
        score = score_answers(self.rubric, answers)
        assert (score.total, score.maximum, score.band) == (33, 44, "熟练")
