"""Input and output schemas of observations, photos, open lessons and action steps."""
from flask_login import current_user
from marshmallow import Schema, fields, validate

from backend.api.bounds import PLAUSIBLE_TIME, RECORD_ID
from backend.api.pagination import PageOut, PageQuery
from backend.observations.access import observer_may_edit
from backend.observations.models import KINDS, STATUSES

TEXT = validate.Length(max=5000)


class ObservationIn(Schema):
    uuid = fields.UUID(required=True, metadata={"description": "手机端生成；重发同一 uuid 不会重复记录"})
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    status = fields.String(load_default="submitted", validate=validate.OneOf(STATUSES))
    teacher_id = fields.Integer(load_default=None, allow_none=True, validate=RECORD_ID,
                                metadata={"description": "省略时按班级和时间从课表补全"})
    class_group_id = fields.Integer(load_default=None, allow_none=True, validate=RECORD_ID)
    subject_id = fields.Integer(load_default=None, allow_none=True, validate=RECORD_ID)
    timetable_slot_id = fields.Integer(load_default=None, allow_none=True, validate=RECORD_ID)
    open_lesson_id = fields.Integer(load_default=None, allow_none=True, validate=RECORD_ID)
    observed_at = fields.AwareDateTime(load_default=None, allow_none=True, validate=PLAUSIBLE_TIME,
                                       metadata={"description": "默认为服务器收到的时间"})
    rubric_version_id = fields.Integer(load_default=None, allow_none=True, validate=RECORD_ID)
    answers = fields.Dict(keys=fields.String(), load_default=dict)
    strengths = fields.String(load_default="", validate=TEXT)
    suggestions = fields.String(load_default="", validate=TEXT)
    remarks = fields.String(load_default="", validate=TEXT)
    talk_held = fields.Boolean(load_default=False, metadata={"description": "是否已与教师交流"})
    incident_rule = fields.String(load_default="", validate=validate.Length(max=200))
    # The bounds restated as numbers: apispec writes a Decimal's as strings ("100.00").
    incident_deduction = fields.Decimal(load_default=None, allow_none=True, places=2,
                                        validate=validate.Range(0, 100),
                                        metadata={"minimum": 0, "maximum": 100})
    action_steps = fields.List(fields.String(validate=validate.Length(1, 500)), load_default=None,
                               allow_none=True, metadata={"description": "列为改进措施的建议"})
    met_action_step_ids = fields.List(fields.Integer(validate=RECORD_ID), load_default=None, allow_none=True,
                                      metadata={"description": "本次听课确认已达成的改进措施"})


class ObservationPatch(ObservationIn):
    reason = fields.String(load_default="", validate=validate.Length(max=1000),
                           metadata={"description": "教导处更正时必填"})


observation_patch = ObservationPatch(
    partial=True, exclude=("uuid", "kind", "open_lesson_id", "timetable_slot_id"))


class PersonOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    staff_no = fields.String(required=True)


class PhotoOut(Schema):
    id = fields.Integer(required=True)
    uuid = fields.UUID(required=True)
    width = fields.Integer(required=True)
    height = fields.Integer(required=True)
    url = fields.Function(lambda p: f"/api/v1/photos/{p.id}", required=True)
    thumb_url = fields.Function(lambda p: f"/api/v1/photos/{p.id}/thumb", required=True)


class ActionStepOut(Schema):
    id = fields.Integer(required=True)
    teacher_id = fields.Integer(required=True)
    observation_id = fields.Integer(required=True)
    text = fields.String(required=True)
    met_at = fields.DateTime(allow_none=True, required=True)
    met_observation_id = fields.Integer(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)


class ObservationOut(Schema):
    id = fields.Integer(required=True)
    uuid = fields.UUID(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)
    observer = fields.Nested(PersonOut, required=True)
    teacher = fields.Nested(PersonOut, required=True)
    class_group = fields.Function(
        lambda o: {"id": o.class_group.id, "name": o.class_group.name} if o.class_group else None,
        allow_none=True, required=True, metadata={"type": "object"})
    subject = fields.Function(lambda o: o.subject.name if o.subject else None, allow_none=True,
                              required=True)
    period_number = fields.Integer(allow_none=True, required=True)
    timetable_slot_id = fields.Integer(allow_none=True, required=True)
    open_lesson_id = fields.Integer(allow_none=True, required=True)
    observed_at = fields.DateTime(required=True)
    local_date = fields.Date(required=True)
    term_id = fields.Integer(allow_none=True, required=True)
    week = fields.Integer(allow_none=True, required=True)
    rubric = fields.Function(
        lambda o: {"rubric_id": o.rubric_version.rubric_id, "version_id": o.rubric_version.id,
                   "number": o.rubric_version.number, "title": o.rubric_version.rubric.title}
        if o.rubric_version else None, allow_none=True, required=True, metadata={"type": "object"})
    answers = fields.Dict(required=True)
    score = fields.Dict(allow_none=True, required=True,
                        metadata={"description": "服务器按评价表计算的得分明细"})
    # Places as the columns keep them: the answer to a create is rendered before commit.
    total = fields.Decimal(places=2, as_string=True, allow_none=True, required=True)
    percentage = fields.Decimal(places=1, as_string=True, allow_none=True, required=True)
    band = fields.String(allow_none=True, required=True)
    praise_count = fields.Integer(required=True)
    problem_count = fields.Integer(required=True)
    problem_points = fields.Decimal(places=2, as_string=True, required=True,
                                    metadata={"description": "巡课问题条目的扣分合计，考核按它扣分"})
    incident_count = fields.Integer(required=True)
    strengths = fields.String(required=True)
    suggestions = fields.String(required=True)
    remarks = fields.String(required=True)
    incident_rule = fields.String(required=True)
    incident_deduction = fields.Decimal(places=2, as_string=True, allow_none=True, required=True)
    talk_held = fields.Boolean(required=True)
    photos = fields.List(fields.Nested(PhotoOut), required=True)
    action_steps = fields.List(fields.Nested(ActionStepOut), required=True)
    editable = fields.Function(
        lambda o: o.observer_id == current_user.id and observer_may_edit(o), required=True,
        metadata={"description": "我现在能否修改（听课人，且在修改期限内）"})
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    submitted_at = fields.DateTime(allow_none=True, required=True)
    acknowledged_at = fields.DateTime(allow_none=True, required=True,
                                      metadata={"description": "被听课教师确认已阅的时间"})


class ObservationQuery(PageQuery):
    teacher_id = fields.Integer(load_default=None)
    observer_id = fields.Integer(load_default=None)
    class_group_id = fields.Integer(load_default=None)
    teaching_group_id = fields.Integer(load_default=None)
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    term_id = fields.Integer(load_default=None)
    week = fields.Integer(load_default=None, validate=validate.Range(1, 30))
    band = fields.String(load_default=None)
    date_from = fields.Date(load_default=None)
    date_to = fields.Date(load_default=None)


class ObservationPage(PageOut):
    items = fields.List(fields.Nested(ObservationOut), required=True)


class BatchIn(Schema):
    observations = fields.List(fields.Dict(), required=True, validate=validate.Length(1, 200),
                               metadata={"description": "每项同 POST /observations 的请求体"})


class BatchError(Schema):
    code = fields.Integer(required=True)
    error = fields.String(required=True)
    message = fields.String(required=True)
    errors = fields.Dict(allow_none=True)


class BatchResult(Schema):
    uuid = fields.String(allow_none=True, required=True)
    status = fields.String(required=True, validate=validate.OneOf(["created", "exists", "error"]))
    observation = fields.Nested(ObservationOut, allow_none=True)
    error = fields.Nested(BatchError, allow_none=True)


class BatchOut(Schema):
    results = fields.List(fields.Nested(BatchResult), required=True)


class AuditOut(Schema):
    id = fields.Integer(required=True)
    action = fields.String(required=True)
    actor = fields.Nested(PersonOut, allow_none=True, required=True,
                          metadata={"description": "为空：学校规则自动所为（如照片到期删除）"})
    reason = fields.String(required=True)
    changes = fields.Dict(required=True, metadata={"description": "字段 → [修改前, 修改后]"})
    at = fields.DateTime(required=True)
