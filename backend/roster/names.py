"""Grade and class names as schools write them: 七年级(3)班, 初一（3）班, 高二(10)班."""
import re
import unicodedata

GRADES = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级",
          "七年级", "八年级", "九年级", "高一", "高二", "高三"]
GRADE_ALIASES = {"初一": "七年级", "初二": "八年级", "初三": "九年级"}
CLASS_NAME = re.compile(r"^(?P<grade>.+?)\((?P<number>\d{1,2})\)班?$")
LIST_SEPARATORS = re.compile(r"[;,、/|\s]+")
WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}


def parse_class_name(text: str) -> tuple[str, int, str] | None:
    """Return (grade, number, canonical name) for a class name, or None if it is not one."""
    match = CLASS_NAME.match("".join(unicodedata.normalize("NFKC", text).split()))
    if not match:
        return None
    grade = GRADE_ALIASES.get(match["grade"], match["grade"])
    if grade not in GRADES:
        return None
    number = int(match["number"])
    if number < 1:
        return None
    return grade, number, f"{grade}({number})班"


def split_list(text: str) -> list[str]:
    """Split 七年级(1)班;七年级(2)班、八年级(1)班 on the usual separators."""
    return [part for part in LIST_SEPARATORS.split(text) if part]


def parse_weekday(text: str) -> int | None:
    """Read 一, 周一, 星期一 or 1 as 1 (Monday) .. 7 (Sunday)."""
    text = text.replace("星期", "").replace("周", "").replace("礼拜", "").strip()
    if text.isdigit() and 1 <= int(text) <= 7:
        return int(text)
    return WEEKDAYS.get(text)
