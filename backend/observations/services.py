"""Record and change observations: the rules of DOMAIN.md, with no knowledge of HTTP."""
from datetime import datetime, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from backend.accounts.models import Staff
from backend.errors import ApiError
from backend.extensions import db
from backend.notices.models import week_published
from backend.notices.services import hold_weeks, refresh_published
from backend.observations.models import ActionStep, AuditEntry, Observation, OpenLesson
from backend.org.calendar import SchoolDay, school_day, term_on
from backend.org.lessons import class_lesson_at
from backend.org.models import ClassGroup, School, Subject, TimetableSlot
from backend.rubrics.answers import AnswerError
from backend.rubrics.models import RubricVersion
from backend.rubrics.services import parsed_version
from backend.rubrics.scoring import score_answers
from backend.timeutil import utcnow

# Fields a later edit may change, and how they read in the audit trail.
EDITABLE = ("teacher_id", "class_group_id", "subject_id", "observed_at", "rubric_version_id",
            "answers", "strengths", "suggestions", "remarks", "incident_rule",
            "incident_deduction", "talk_held", "status")

# What an open lesson decides for each of its ratings.
OPEN_LESSON_FIELDS = ("teacher_id", "class_group_id", "subject_id", "rubric_version_id")

# Text items of a rubric that are the observation's comments, by key.
COMMENT_ITEMS = ("strengths", "suggestions")


def invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "validation_error", message, {field: [message]})


def _in_school(model, record_id, school_id: int, field: str):
    record = db.session.get(model, record_id) if record_id is not None else None
    if record is None or record.school_id != school_id:
        raise invalid(field, "找不到该记录，或不属于本校")
    return record


def _fill_from_timetable(obs: Observation, school: School, day: SchoolDay, data: dict) -> None:
    """Complete teacher, class, subject and period from the timetable slot or the class and time."""
    slot = None
    if data.get("timetable_slot_id"):
        slot = _in_school(TimetableSlot, data["timetable_slot_id"], school.id, "timetable_slot_id")
    elif obs.class_group_id and not obs.teacher_id:
        slot = class_lesson_at(school, day, obs.observed_at, obs.class_group_id)
        if slot is None:
            raise invalid("teacher_id", "该班此时课表上没有课，请选择被听课教师")
    if slot is not None:
        # Held by obs, the slot keeps its teacher, class and subject loaded for _check.
        obs.timetable_slot, obs.timetable_slot_id = slot, slot.id
        obs.period_number = slot.period_number
        obs.class_group_id = obs.class_group_id or slot.class_group_id
        obs.subject_id = obs.subject_id or slot.subject_id
        obs.teacher_id = obs.teacher_id or slot.teacher_id


def _place_in_calendar(obs: Observation, school: School) -> SchoolDay:
    local = obs.observed_at.astimezone(ZoneInfo(school.timezone)).date()
    day = school_day(term_on(school.id, local), local)
    obs.local_date, obs.term_id, obs.week = local, day.term.id if day.term else None, day.week
    return day


def _score(obs: Observation) -> None:
    """Compute the score on the server from the rubric version and the answers."""
    if obs.rubric_version_id is None:
        obs.score = obs.total = obs.percentage = obs.band = None
        obs.praise_count = obs.problem_count = obs.incident_count = 0
        obs.problem_points = Decimal(0)
        return
    version = db.session.get(RubricVersion, obs.rubric_version_id)
    try:
        score = score_answers(parsed_version(version), obs.answers or {})
    except AnswerError as exc:
        if obs.status == "draft":  # a draft may be incomplete; it is scored on submit
            obs.score = None
            return
        raise ApiError(422, "invalid_answers", "评分有误，请检查标出的条目",
                       {"answers": {k: [m] for k, m in exc.errors.items()}})
    obs.score = score.to_dict()
    obs.total, obs.percentage, obs.band = score.total, score.percentage, score.band
    obs.praise_count, obs.problem_count = score.praise_count, score.problem_count
    obs.problem_points = score.problem_points
    obs.incident_count = len(score.incidents)
    # The lesson forms ask for 主要优点 and 改进建议 as text items with these keys (the app sends
    # them among the answers); notices and the bulletin read them from the observation.
    for key in COMMENT_ITEMS:
        text = (obs.answers or {}).get(key)
        if isinstance(text, str) and text.strip():
            setattr(obs, key, text.strip())


def _check(obs: Observation, observer: Staff) -> None:
    """Check the record's people and references; keep those loaded on it (the session holds
    loaded records only weakly, and rendering the answer would read each one again)."""
    school_id = observer.school_id
    obs.teacher = _in_school(Staff, obs.teacher_id, school_id, "teacher_id")
    if obs.teacher.id == obs.observer_id:
        raise invalid("teacher_id", "不能给自己的课听课或巡课")
    if obs.class_group_id is not None:
        obs.class_group = _in_school(ClassGroup, obs.class_group_id, school_id, "class_group_id")
    if obs.subject_id is not None:
        obs.subject = _in_school(Subject, obs.subject_id, school_id, "subject_id")
    if obs.kind == "incident":
        if not obs.incident_rule:
            raise invalid("incident_rule", "教学事故需写明依据的条例")
        if obs.incident_deduction is None or obs.incident_deduction < 0:
            raise invalid("incident_deduction", "请填写扣分（不小于 0）")
    elif obs.rubric_version_id is None:
        raise invalid("rubric_version_id", "请选择评价表")
    if obs.rubric_version_id is not None:
        version = db.session.get(RubricVersion, obs.rubric_version_id,
                                 options=[joinedload(RubricVersion.rubric)])
        if version is None or version.rubric.school_id != school_id:
            raise invalid("rubric_version_id", "找不到该评价表版本")
        if obs.kind not in version.kinds.split(","):
            raise invalid("rubric_version_id", "该评价表不适用于这种听课方式")
        obs.rubric_version = version


def _open_lesson(obs: Observation, observer: Staff, lesson_id) -> None:
    lesson = _in_school(OpenLesson, lesson_id, observer.school_id, "open_lesson_id")
    if observer.id not in {r.staff_id for r in lesson.raters}:
        raise ApiError(403, "not_a_rater", "你不是这节公开课的评委")
    if db.session.scalar(db.select(Observation.id).where(
            Observation.open_lesson_id == lesson.id, Observation.observer_id == observer.id)):
        raise ApiError(409, "already_rated", "你已给这节公开课评过分，可以修改已提交的评分")
    obs.open_lesson_id, obs.teacher_id = lesson.id, lesson.teacher_id
    obs.class_group_id, obs.subject_id = lesson.class_group_id, lesson.subject_id
    obs.rubric_version_id = lesson.rubric_version_id


def _action_steps(obs: Observation, texts: list[str] | None, met_ids: list[int] | None) -> dict:
    """Replace the record's open action steps and mark others met; return what changed, in the
    audit trail's form."""
    changes = {}
    if texts is not None:
        open_steps = (ActionStep.observation_id == obs.id, ActionStep.met_at.is_(None))
        before = list(db.session.scalars(db.select(ActionStep.text).where(*open_steps)
                                         .order_by(ActionStep.id)))
        if before != texts:
            changes["action_steps"] = [before, texts]
        db.session.execute(db.delete(ActionStep).where(*open_steps))
        for text in texts:
            db.session.add(ActionStep(school_id=obs.school_id, teacher_id=obs.teacher_id,
                                      observation_id=obs.id, text=text))
    if met_ids and (obs.kind != "drop_in" or obs.status != "submitted"):
        # A teacher's step is closed by a visit they can read, not a patrol or an unsent draft.
        raise invalid("met_action_step_ids", "改进措施在提交的推门听课记录中确认达成")
    for step_id in met_ids or []:
        step = db.session.get(ActionStep, step_id)
        if step is None or step.teacher_id != obs.teacher_id or step.school_id != obs.school_id:
            raise invalid("met_action_step_ids", f"改进措施 {step_id} 不是这位教师的")
        if step.met_at is None:
            step.met_at, step.met_observation_id = utcnow(), obs.id
            changes.setdefault("met_action_step_ids", [None, []])[1].append(step_id)
    return changes


def audit(obs: Observation, actor: Staff, action: str, changes: dict, reason: str = "") -> None:
    """Add what `actor` changed to the record's audit trail."""
    db.session.add(AuditEntry(school_id=obs.school_id, observation_id=obs.id, actor_id=actor.id,
                              action=action, changes=changes, reason=reason))


def _amend_notices(obs: Observation, actor: Staff, placed_before: list, reason: str) -> None:
    """A published notice never changes silently: amend those this record now alters."""
    if obs.status != "submitted":
        return
    weeks: dict[tuple, set[int]] = {}
    for term_id, week, teacher_id in placed_before + [(obs.term_id, obs.week, obs.teacher_id)]:
        weeks.setdefault((term_id, week), set()).add(teacher_id)
    for (term_id, week), teacher_ids in weeks.items():
        refresh_published(actor, obs.school_id, term_id, week, teacher_ids, reason)


def find_by_uuid(uuid) -> Observation | None:
    return db.session.scalar(db.select(Observation).where(Observation.uuid == uuid))


def _stored(observer: Staff, uuid) -> Observation | None:
    """The observation already stored under uuid, if it is this observer's; else None."""
    existing = find_by_uuid(uuid)
    if existing is not None and existing.observer_id != observer.id:
        raise ApiError(409, "uuid_taken", "该记录编号已被使用")
    return existing


def create_observation(observer: Staff, data: dict) -> tuple[Observation, bool]:
    """Record an observation; a replay of the same uuid returns the stored one, created=False."""
    if (existing := _stored(observer, data["uuid"])) is not None:
        return existing, False
    school = observer.school  # held by the signed-in observer: rendering the answer reads it too
    obs = Observation(uuid=data["uuid"], school_id=school.id, kind=data["kind"],
                      status=data.get("status", "submitted"), observer_id=observer.id,
                      observer=observer,
                      observed_at=(data.get("observed_at") or utcnow()).astimezone(timezone.utc),
                      answers={},
                      photos=[])  # a new record has none: known without asking the database
    for field in EDITABLE:
        if field in data and field not in ("status", "observed_at"):
            setattr(obs, field, data[field])
    if obs.kind == "open_lesson":
        _open_lesson(obs, observer, data.get("open_lesson_id"))
    # Placed first: finding the lesson from the class and time needs the same school day.
    day = _place_in_calendar(obs, school)
    hold_weeks(obs.term_id)
    _fill_from_timetable(obs, school, day, data)
    _check(obs, observer)
    _score(obs)
    if obs.status == "submitted":
        obs.submitted_at = utcnow()
    try:
        with db.session.begin_nested():
            db.session.add(obs)
    except IntegrityError:
        # A replay sent while this request was running (a phone retrying a slow answer) stored
        # the uuid first; on PostgreSQL nothing made the two take turns. Answer as a replay.
        if (existing := _stored(observer, data["uuid"])) is None:
            raise
        return existing, False
    steps = _action_steps(obs, data.get("action_steps"), data.get("met_action_step_ids"))
    audit(obs, observer, "create", steps)
    db.session.flush()
    _amend_notices(obs, observer, [], "补录：通报发布后同步的记录")
    return obs, True


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _change_teacher(obs: Observation) -> None:
    """The record is now about another teacher: the old teacher's lesson slot is not theirs,
    and the record's open action steps are now the new teacher's to work on."""
    if obs.timetable_slot_id is not None:
        slot = db.session.get(TimetableSlot, obs.timetable_slot_id)
        if slot is None or slot.teacher_id != obs.teacher_id:
            obs.timetable_slot_id = obs.period_number = None
    db.session.execute(db.update(ActionStep).where(
        ActionStep.observation_id == obs.id, ActionStep.met_at.is_(None)).values(teacher_id=obs.teacher_id))


def update_observation(actor: Staff, obs: Observation, data: dict, *, correction: bool,
                       reason: str = "") -> Observation:
    """Change an observation and record what changed; `correction` marks the office's fix."""
    before = {field: _plain(getattr(obs, field)) for field in EDITABLE}
    placed_before = [(obs.term_id, obs.week, obs.teacher_id)]
    if obs.status == "submitted" and data.get("status") == "draft":
        raise invalid("status", "已提交的记录不能改回草稿")
    if obs.open_lesson_id is not None:
        fixed = [f for f in OPEN_LESSON_FIELDS if f in data and data[f] != getattr(obs, f)]
        if fixed:  # every rater scores the same lesson on the same rubric version
            raise ApiError(422, "validation_error", "公开课评分的授课教师、班级、学科和评价表由公开课决定",
                           {f: ["由公开课决定，不能修改"] for f in fixed})
    for field in EDITABLE:
        if field in data:
            setattr(obs, field, data[field])
    if obs.teacher_id != placed_before[0][2]:
        _change_teacher(obs)
    observer = db.session.get(Staff, obs.observer_id)
    _check(obs, observer)
    _place_in_calendar(obs, db.session.get(School, obs.school_id))
    hold_weeks(obs.term_id)
    if not correction and obs.status == "submitted" and week_published(obs.school_id, obs.term_id, obs.week):
        raise ApiError(409, "edit_window_closed", "该周通报已发布，不能把记录改到这一周；如需更正请联系教导处")
    _score(obs)
    if obs.status == "submitted" and obs.submitted_at is None:
        obs.submitted_at = utcnow()
    steps = _action_steps(obs, data.get("action_steps"), data.get("met_action_step_ids"))
    after = {field: _plain(getattr(obs, field)) for field in EDITABLE}
    changes = {f: [before[f], after[f]] for f in EDITABLE if before[f] != after[f]} | steps
    if changes:
        audit(obs, actor, "correct" if correction else "update", changes, reason)
    db.session.flush()
    _amend_notices(obs, actor, placed_before, reason or "记录已修改")
    return obs


def acknowledge(obs: Observation, teacher: Staff) -> Observation:
    """Mark a submitted observation read by its teacher; a repeat keeps the first time."""
    if obs.teacher_id != teacher.id:
        raise ApiError(403, "forbidden", "只有被听课的教师本人可以确认已阅")
    if obs.status != "submitted":
        raise ApiError(409, "not_submitted", "该记录尚未提交，不能确认已阅")
    if obs.acknowledged_at is None:
        obs.acknowledged_at = utcnow()
        audit(obs, teacher, "acknowledge", {})
        db.session.flush()
    return obs
