"""Check observation answers against a rubric."""
from collections.abc import Mapping
from decimal import Decimal

from backend.rubrics.decimals import decimal_places, decimal_text, to_decimal
from backend.rubrics.definition import NA, Item, LevelItem, Rubric, ScoreItem, TextItem
from backend.rubrics.reader import PLACES, show

Value = Decimal | bool | str


class AnswerError(ValueError):
    """Answers that do not fit the rubric; `errors` maps each bad item key to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))
        self.errors = errors


class _Refused(Exception):
    """One answer that does not fit its item."""


def read_answers(rubric: Rubric, answers: object) -> dict[str, Value]:
    """Return the value of each answered item, or raise AnswerError with one message per bad item.

    Values are a Decimal (score), a level key (level), a bool (check), stripped text (text)
    or NA; unanswered items, nulls and blank texts are left out.
    """
    if not isinstance(answers, Mapping):
        raise AnswerError({"_schema": f"答案应是一个对象(评价项 key → 答案), 现为 {show(answers)}"})
    items = {item.key: item for item in rubric.items}
    errors = {str(key): "评价表中没有这一项" for key in answers if key not in items}
    values: dict[str, Value] = {}
    for key, item in items.items():
        try:
            value = None if answers.get(key) is None else _read(item, answers[key])
        except _Refused as refused:
            errors[key] = f"「{item.label}」{refused}"
            continue
        if value is not None:
            values[key] = value
        elif item.required:
            errors[key] = f"「{item.label}」是必填项"
    if errors:
        raise AnswerError(errors)
    return values


def _read(item: Item, answer: object) -> Value | None:
    if isinstance(item, TextItem):
        return _read_text(item, answer)
    if answer == NA:
        if not item.allow_na:
            raise _Refused('不能标记为不适用("na")')
        return NA
    if isinstance(item, ScoreItem):
        return _read_score(item, answer)
    if isinstance(item, LevelItem):
        if not isinstance(answer, str) or item.level(answer) is None:
            choices = "、".join(level.key for level in item.levels)
            raise _Refused(f"没有等级 {show(answer)}, 可选: {choices}")
        return answer
    if not isinstance(answer, bool):
        raise _Refused(f"应填 true 或 false, 现为 {show(answer)}")
    return answer


def _read_score(item: ScoreItem, answer: object) -> Decimal:
    number = to_decimal(answer)
    if number is None:
        raise _Refused(f"应填数字, 现为 {show(answer)}")
    low, high, step = (decimal_text(value) for value in (item.min, item.max, item.step))
    if not item.min <= number <= item.max:
        raise _Refused(f"的分数 {show(answer)} 超出范围 {low}–{high}")
    # Past two places a number cannot be on any step; within them Decimal arithmetic is exact.
    if decimal_places(number) > PLACES or (number - item.min) % item.step:
        second = decimal_text(item.min + item.step)
        raise _Refused(f"的分数 {show(answer)} 不符合步长 {step}, 可填 {low}、{second}、…、{high}")
    return number


def _read_text(item: TextItem, answer: object) -> str | None:
    if not isinstance(answer, str):
        raise _Refused(f"应填文字, 现为 {show(answer)}")
    text = answer.strip()
    if item.max_length is not None and len(text) > item.max_length:
        raise _Refused(f"最多 {item.max_length} 字, 现有 {len(text)} 字")
    return text or None
