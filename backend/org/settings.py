"""School settings with their defaults; a school stores only what it changed."""
from backend.org.models import School

DEFAULTS = {
    # Days after an observation during which its observer may still edit it; None: until the
    # week's notice is published.
    "edit_window_days": None,
    # Days a teacher has to appeal a published notice.
    "appeal_days": 7,
    # Whether the school-wide weekly bulletin names the teacher of each problem.
    "bulletin_names_teachers": False,
    # A WeCom (企业微信) or DingTalk group-robot URL that receives the bulletin summary on publish.
    "webhook_url": None,
    "webhook_kind": "wecom",
}


def setting(school: School, name: str):
    """Return the school's value for a setting, or the default."""
    return (school.settings or {}).get(name, DEFAULTS[name])
