"""The school's settings: edit and appeal windows, photo retention, bulletin naming, group robot."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.api.access import roles_required, school_id
from backend.extensions import db
from backend.notices.webhook import KINDS as WEBHOOK_KINDS
from backend.org.models import School
from backend.org.settings import DEFAULTS, setting

bp = Blueprint("api_school_settings", __name__, url_prefix="/api/v1/school", description="学校设置")


class SettingsSchema(Schema):
    edit_window_days = fields.Integer(allow_none=True, validate=validate.Range(0, 60), metadata={
        "description": "听课人可修改记录的天数；为空则到本周通报发布为止"})
    appeal_days = fields.Integer(validate=validate.Range(1, 60),
                                 metadata={"description": "通报发布后可申诉的天数"})
    # At least half a year: through the term's appraisal and the weeks' appeals.
    photo_retention_days = fields.Integer(validate=validate.Range(180, 3650), metadata={
        "description": "照片保留天数（从听课当天算起，至少 180 天），到期由每日任务 flask photos expire "
                       "删除；通报申诉未处理的周的照片保留到处理后"})
    bulletin_names_teachers = fields.Boolean(metadata={"description": "周通报的提醒和事故是否具名"})
    webhook_url = fields.Url(allow_none=True, schemes={"http", "https"},
                             validate=validate.Length(max=500),
                             metadata={"description": "企业微信或钉钉群机器人 Webhook 地址"})
    webhook_kind = fields.String(validate=validate.OneOf(WEBHOOK_KINDS))


settings_patch = SettingsSchema(partial=True)


def _current(school: School) -> dict:
    return {name: setting(school, name) for name in DEFAULTS}


@bp.get("/settings")
@roles_required("admin")
@bp.response(200, SettingsSchema)
def get_settings():
    """Return every setting of my school, defaults included."""
    return _current(db.session.get(School, school_id()))


@bp.patch("/settings")
@roles_required("admin")
@bp.arguments(settings_patch)
@bp.response(200, SettingsSchema)
def update_settings(data):
    """Change some settings of my school."""
    school = db.session.get(School, school_id())
    school.settings = {**(school.settings or {}), **data}  # a new dict: JSON is not tracked in place
    db.session.commit()
    return _current(school)
