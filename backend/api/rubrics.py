"""Rubrics: the office edits drafts and publishes versions; everyone reads what they score on."""
from flask_login import current_user, login_required
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.api.access import get_in_school, roles_required, school_id
from backend.errors import ApiError
from backend.extensions import db
from backend.rubrics import services
from backend.rubrics.answers import AnswerError
from backend.rubrics.models import Rubric, RubricVersion
from backend.rubrics.validation import InvalidDefinition
from backend.rubrics.scoring import score_answers
from backend.rubrics.templates import list_templates, load_template
from backend.rubrics.validation import validate_definition
from backend.timeutil import utcnow

bp = Blueprint("api_rubrics", __name__, url_prefix="/api/v1/rubrics", description="评价表")

KINDS = ("patrol", "drop_in", "open_lesson", "incident")


class ProblemOut(Schema):
    path = fields.String(required=True, metadata={"description": "如 sections[1].items[0]"})
    key = fields.String(allow_none=True, required=True)
    message = fields.String(required=True)


class VersionOut(Schema):
    id = fields.Integer(required=True)
    number = fields.Integer(required=True)
    kinds = fields.Function(lambda v: v.kinds.split(","), required=True)
    published_at = fields.DateTime(required=True)
    definition = fields.Dict(required=True)


class VersionBrief(VersionOut):
    class Meta:
        exclude = ("definition",)


class RubricOut(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    archived = fields.Function(lambda r: r.archived_at is not None, required=True)
    latest = fields.Nested(VersionOut, allow_none=True, required=True)
    draft = fields.Function(lambda r: r.draft if current_user.has_role("admin") else None,
                            allow_none=True, required=True,
                            metadata={"type": "object", "description": "仅教导处可见"})
    draft_updated_at = fields.DateTime(allow_none=True, required=True)


class RubricBrief(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    archived = fields.Function(lambda r: r.archived_at is not None, required=True)
    latest = fields.Nested(VersionBrief, allow_none=True, required=True)
    has_draft = fields.Function(lambda r: r.draft is not None, required=True)


class RubricQuery(Schema):
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    include_archived = fields.Boolean(load_default=False)


class DefinitionIn(Schema):
    definition = fields.Dict(required=True, metadata={"description": "见 docs/rubrics.md"})


class BasedOnIn(Schema):
    version = fields.Integer(required=True, allow_none=True,
                             metadata={"description": "打开编辑时的 latest.number（没有则为 null）"})
    draft_updated_at = fields.DateTime(required=True, allow_none=True,
                                       metadata={"description": "打开编辑时的 draft_updated_at，原样传回"})


class DraftIn(DefinitionIn):
    based_on = fields.Nested(BasedOnIn, load_default=None, metadata={
        "description": "编辑所依据的服务器状态；给出时，若草稿此后已在别处保存或发布，则答 409 stale_draft 而不覆盖"})


class CreateIn(Schema):
    template = fields.String(load_default=None, validate=validate.OneOf(list_templates()))
    copy_of = fields.Integer(load_default=None, metadata={"description": "复制本校某评价表的最新版本"})
    definition = fields.Dict(load_default=None)


class ValidationOut(Schema):
    valid = fields.Boolean(required=True)
    problems = fields.List(fields.Nested(ProblemOut), required=True)


class DraftOut(Schema):
    rubric = fields.Nested(RubricOut, required=True)
    problems = fields.List(fields.Nested(ProblemOut), required=True,
                           metadata={"description": "草稿中尚需修改的问题；为空才能发布"})


class TemplateOut(Schema):
    name = fields.String(required=True)
    title = fields.String(required=True)
    kinds = fields.List(fields.String(), required=True)
    definition = fields.Dict(required=True)


class IncidentOut(Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)


class ScoreOut(Schema):
    """The server's score; numbers are exact decimal strings ("87.5")."""

    total = fields.String(required=True)
    maximum = fields.String(required=True)
    minimum = fields.String(required=True)
    percentage = fields.String(allow_none=True, required=True)
    band = fields.String(allow_none=True, required=True)
    praise_count = fields.Integer(required=True)
    problem_count = fields.Integer(required=True)
    problem_points = fields.String(required=True, metadata={"description": "勾选的问题条目扣分合计"})
    incidents = fields.List(fields.Nested(IncidentOut), required=True)
    texts = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    sections = fields.List(fields.Dict(), required=True)


class AnswersIn(Schema):
    answers = fields.Dict(required=True, metadata={"description": "条目 key → 取值"})


def _problems(definition) -> list:
    return validate_definition(definition)


def _refuse_invalid(errors) -> None:
    by_path: dict[str, list[str]] = {}
    for error in errors:
        by_path.setdefault(error.path or "definition", []).append(str(error))
    raise ApiError(422, "invalid_rubric", "评价表有误，请按提示修改后再发布", by_path)


def answers_refused(exc: AnswerError) -> ApiError:
    """Turn refused answers into the API's error, one message list per item key."""
    return ApiError(422, "invalid_answers", "评分有误，请检查标出的条目",
                    {"answers": {key: [message] for key, message in exc.errors.items()}})


@bp.get("")
@login_required
@bp.arguments(RubricQuery, location="query")
@bp.response(200, RubricBrief(many=True))
def list_rubrics(query):
    """List the school's rubrics; archived ones only on request."""
    select = db.select(Rubric).where(Rubric.school_id == school_id()).order_by(Rubric.id)
    if not query["include_archived"]:
        select = select.where(Rubric.archived_at.is_(None))
    rubrics = db.session.scalars(select).all()
    if query["kind"]:
        rubrics = [r for r in rubrics if r.latest and query["kind"] in r.latest.kinds.split(",")]
    return rubrics


@bp.get("/templates")
@roles_required("admin")
@bp.response(200, TemplateOut(many=True))
def list_rubric_templates():
    """List the built-in templates a school can start from."""
    return [{"name": name, "title": d["title"], "kinds": d["kinds"], "definition": d}
            for name, d in ((n, load_template(n)) for n in list_templates())]


@bp.post("")
@roles_required("admin")
@bp.arguments(CreateIn)
@bp.response(201, DraftOut)
def create(data):
    """Start a rubric from a template, a copy of another rubric, or a definition."""
    given = [k for k in ("template", "copy_of", "definition") if data[k] is not None]
    if len(given) != 1:
        raise ApiError(422, "validation_error", "请从 template、copy_of、definition 中选一个")
    if data["template"]:
        definition = load_template(data["template"])
    elif data["copy_of"]:
        source = get_in_school(Rubric, data["copy_of"])
        definition = dict(source.draft or source.latest.definition)
        definition["title"] = f"{definition.get('title', '')}（副本）"
    else:
        definition = data["definition"]
    rubric = services.create_rubric(school_id(), definition)
    db.session.commit()
    return {"rubric": rubric, "problems": _problems(definition)}


@bp.post("/validate")
@roles_required("admin")
@bp.arguments(DefinitionIn)
@bp.response(200, ValidationOut)
def validate_rubric(data):
    """Check a definition without saving it."""
    problems = _problems(data["definition"])
    return {"valid": not problems, "problems": problems}


@bp.get("/<int:rubric_id>")
@login_required
@bp.response(200, RubricOut)
def get_rubric(rubric_id):
    """Return a rubric with its latest version (and draft, for the office)."""
    return get_in_school(Rubric, rubric_id)


@bp.put("/<int:rubric_id>/draft")
@roles_required("admin")
@bp.arguments(DraftIn)
@bp.response(200, DraftOut)
def save_draft(data, rubric_id):
    """Save the draft being edited; problems are reported, publishing waits until none are left."""
    rubric = get_in_school(Rubric, rubric_id)
    base = data["based_on"]
    based_on = (base["version"], base["draft_updated_at"]) if base else None
    try:
        services.save_draft(rubric, data["definition"], based_on)
    except services.StaleDraft:
        raise ApiError(409, "stale_draft", "服务器上的草稿在你修改期间已被他人更新，本次没有保存")
    db.session.commit()
    return {"rubric": rubric, "problems": _problems(rubric.draft)}


@bp.delete("/<int:rubric_id>/draft")
@roles_required("admin")
@bp.response(200, RubricOut)
def discard_draft(rubric_id):
    """Throw the draft away, keeping the published versions."""
    rubric = get_in_school(Rubric, rubric_id)
    if rubric.latest is None:
        raise ApiError(409, "no_version", "该评价表还没有发布过，不能丢弃唯一的草稿")
    rubric.draft, rubric.draft_updated_at = None, None
    db.session.commit()
    return rubric


@bp.post("/<int:rubric_id>/publish")
@roles_required("admin")
@bp.response(201, VersionOut)
def publish(rubric_id):
    """Publish the draft as a new version; earlier observations keep their version."""
    rubric = get_in_school(Rubric, rubric_id)
    if rubric.draft is None:
        raise ApiError(409, "no_draft", "没有待发布的草稿（可能已经发布过了）")
    try:
        version = services.publish(rubric, current_user.id)
    except InvalidDefinition as exc:
        _refuse_invalid(exc.errors)
    db.session.commit()
    return version


@bp.post("/<int:rubric_id>/archive")
@roles_required("admin")
@bp.response(200, RubricOut)
def archive(rubric_id):
    """Hide a rubric from new observations; what was scored on it stays readable."""
    rubric = get_in_school(Rubric, rubric_id)
    rubric.archived_at = rubric.archived_at or utcnow()
    db.session.commit()
    return rubric


@bp.post("/<int:rubric_id>/unarchive")
@roles_required("admin")
@bp.response(200, RubricOut)
def unarchive(rubric_id):
    """Offer an archived rubric for new observations again."""
    rubric = get_in_school(Rubric, rubric_id)
    rubric.archived_at = None
    db.session.commit()
    return rubric


def _version(rubric_id: int, number: int) -> RubricVersion:
    get_in_school(Rubric, rubric_id)
    version = db.session.scalar(db.select(RubricVersion).where(
        RubricVersion.rubric_id == rubric_id, RubricVersion.number == number))
    if version is None:
        raise ApiError(404, "not_found", f"该评价表没有第 {number} 版")
    return version


@bp.get("/<int:rubric_id>/versions")
@login_required
@bp.response(200, VersionBrief(many=True))
def list_versions(rubric_id):
    """List every published version of a rubric."""
    return get_in_school(Rubric, rubric_id).versions


@bp.get("/<int:rubric_id>/versions/<int:number>")
@login_required
@bp.response(200, VersionOut)
def get_version(rubric_id, number):
    """Return a published version, however old."""
    return _version(rubric_id, number)


@bp.post("/<int:rubric_id>/versions/<int:number>/score")
@login_required
@bp.arguments(AnswersIn)
@bp.response(200, ScoreOut)
def score_preview(data, rubric_id, number):
    """Score answers on a version without saving anything (the server's arithmetic)."""
    version = _version(rubric_id, number)
    try:
        return score_answers(services.parsed_version(version), data["answers"]).to_dict()
    except AnswerError as exc:
        raise answers_refused(exc)
