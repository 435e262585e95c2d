"""School settings with their defaults; a school stores only what it changed."""
from backend.org.models import School

DEFAULTS = {
    # Days after an observation during which its observer may still edit it; None: until the
    # week's notice is published.
    "edit_window_days": None,
    # Days a teacher has to appeal a published notice.
    "appeal_days": 7,
    # Days a photo is kept after the day of its lesson (backend/observations/retention.py).
    "photo_retention_days": 365,
    # Whether the school-wide weekly bulletin names the teacher of each problem.
    "bulletin_names_teachers": False,
    # Lessons each person should observe in a term (听课任务): a 职务 title's number wins, else the
    # largest of their roles'. 校长 60 a year is 30 a term; every teacher 2 peer observations.
    # A teacher observed more than over_observed_factor × the median is flagged.
    "observation_quotas": {
        "by_title": {"校长": 30, "副校长": 30},
        "by_role": {"leader": 15, "group_head": 15, "teacher": 2},
        "over_observed_factor": 2,
    },
    # The term appraisal (课堂教学考核), see backend/appraisal/formula.py; the default is the
    # example of the school rules: mean lesson score × 0.2, + praise × 0.5 (at most 2),
    # − problem points (at most 6), − 2 per incident, within 0..20; an incident bars 评优.
    "appraisal_formula": {
        "lesson_scale": 100, "lesson_weight": 0.2,
        "praise_points": 0.5, "praise_cap": 2,
        "problem_weight": 1, "problem_cap": 6,
        "incident_deduction": 2,
        "clip_min": 0, "clip_max": 20,
        "incident_bars_excellence": True,
    },

    # A WeCom (企业微信) or DingTalk group-robot URL that receives the bulletin summary on publish.
    "webhook_url": None,
    "webhook_kind": "wecom",
}


def setting(school: School, name: str):
    """Return the school's value for a setting, or the default."""
    return (school.settings or {}).get(name, DEFAULTS[name])


def change_setting(school: School, name: str, value) -> None:
    """Store a school's value for a setting; the default itself is not stored."""
    changed = {k: v for k, v in (school.settings or {}).items() if k != name}
    if value != DEFAULTS[name]:
        changed[name] = value
    school.settings = changed
