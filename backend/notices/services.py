"""Build, publish and amend weekly notices: the rules, with no knowledge of HTTP."""
from zoneinfo import ZoneInfo

from backend.accounts.models import Staff
from backend.errors import ApiError
from backend.extensions import db
from backend.notices.bulletin import bulletin, summary_markdown
from backend.notices.content import build_contents
from backend.notices.models import (NoticeAmendment, NoticeAuditEntry, Notification,
                                    WeeklyNotice, WeekPublication, week_published)
from backend.notices.webhook import post_summary
from backend.org.calendar import week_bounds
from backend.org.models import School, Term
from backend.org.settings import setting
from backend.timeutil import utcnow


def audit(notice: WeeklyNotice, actor: Staff, action: str, text: str = "") -> None:
    db.session.add(NoticeAuditEntry(school_id=notice.school_id, notice_id=notice.id,
                                    actor_id=actor.id, action=action, text=text))


def week_notices(school_id: int, term_id: int, week: int) -> dict[int, WeeklyNotice]:
    """Return the week's notices keyed by teacher id."""
    return {n.teacher_id: n for n in db.session.scalars(db.select(WeeklyNotice).where(
        WeeklyNotice.school_id == school_id, WeeklyNotice.term_id == term_id,
        WeeklyNotice.week == week))}


def check_week(term: Term, week: int) -> None:
    if not 1 <= week <= term.week_count:
        raise ApiError(422, "validation_error", f"{term.name}只有第 1–{term.week_count} 教学周",
                       {"week": [f"应在 1 到 {term.week_count} 之间"]})


def _lock_term(term_id: int, shared: bool) -> None:
    """Lock the term's row until commit (PostgreSQL). SQLite's writes take turns already and it
    has no row locks: nothing to send."""
    if db.session.get_bind().dialect.name != "sqlite":
        db.session.execute(db.select(Term.id).where(Term.id == term_id).with_for_update(read=shared))


def _one_at_a_time(term: Term) -> None:
    """Builds and publishes of a term's weeks run in turn: two at once (two office staff, a
    double tap) would both insert the same teacher's draft."""
    _lock_term(term.id, shared=False)


def hold_weeks(term_id: int | None) -> None:
    """Keep the term's weeks from being published until this transaction ends.

    For the writes that check whether a week is published: they share the term's row, which a
    publish takes for itself, so a record changed meanwhile is either in the notice or amends it.
    """
    if term_id is not None:
        _lock_term(term_id, shared=True)


def build_week(school_id: int, term: Term, week: int) -> list[WeeklyNotice]:
    """(Re)build the week's draft notices from its records: one per observed teacher, no more.

    A rebuild replaces each draft's content and drops drafts of teachers no longer observed,
    so running it again never duplicates; a published week is frozen and refused.
    """
    check_week(term, week)
    _one_at_a_time(term)
    if week_published(school_id, term.id, week):
        raise ApiError(409, "week_published", "本周通报已发布，不能重新生成；更正记录会自动附加更正说明")
    contents = build_contents(school_id, term, week)
    existing = week_notices(school_id, term.id, week)
    for teacher_id, notice in existing.items():
        if teacher_id not in contents:
            db.session.delete(notice)
    now = utcnow()
    for teacher_id, content in contents.items():
        notice = existing.get(teacher_id)
        if notice is None:
            notice = WeeklyNotice(school_id=school_id, term_id=term.id, week=week,
                                  teacher_id=teacher_id, status="draft")
            db.session.add(notice)
        notice.content, notice.built_at = content, now
    db.session.flush()
    return sorted(week_notices(school_id, term.id, week).values(), key=lambda n: n.teacher_id)


def _notify(notice: WeeklyNotice, title: str) -> None:
    db.session.add(Notification(school_id=notice.school_id, staff_id=notice.teacher_id,
                                kind="notice", title=title, notice_id=notice.id))


def publish_week(actor: Staff, term: Term, week: int) -> WeekPublication:
    """Rebuild the drafts from the latest records, freeze them and tell each teacher."""
    _one_at_a_time(term)
    if week_published(actor.school_id, term.id, week):
        raise ApiError(409, "week_published", "本周通报已发布")
    school = db.session.get(School, actor.school_id)
    if week_bounds(term, week)[0] > utcnow().astimezone(ZoneInfo(school.timezone)).date():
        # Publishing closes the observers' edits: a week not yet begun has nothing to close.
        raise ApiError(422, "week_not_started", f"第{week}周尚未开始，不能发布")
    notices = build_week(actor.school_id, term, week)
    now = utcnow()
    publication = WeekPublication(school_id=actor.school_id, term_id=term.id, week=week,
                                  published_by_id=actor.id, published_at=now)
    db.session.add(publication)
    for notice in notices:
        notice.status, notice.published_at = "published", now
        audit(notice, actor, "publish")
        _notify(notice, f"{term.name}第{week}周教学通报已发布")
    db.session.flush()
    return publication


def current_content(notice: WeeklyNotice) -> dict:
    """The notice as it now stands: its last amendment, else the content published."""
    return notice.amendments[-1].content if notice.amendments else notice.content


def refresh_published(actor: Staff, school_id: int, term_id: int | None, week: int | None,
                      teacher_ids: set[int], reason: str) -> None:
    """After a record of a published week changed, amend the notices whose content changed.

    Called from the observation write path. A teacher observed only now (a phone that synced
    late) gets a notice published at once; a teacher no longer observed gets an amendment
    with an empty week, so nothing published ever silently disappears.
    """
    if not week_published(school_id, term_id, week):
        return
    term = db.session.get(Term, term_id)
    contents = build_contents(school_id, term, week, teacher_ids)
    notices = {t: n for t, n in week_notices(school_id, term_id, week).items() if t in teacher_ids}
    for teacher_id in teacher_ids:
        content, notice = contents.get(teacher_id), notices.get(teacher_id)
        if notice is None:
            if content is None:
                continue
            notice = WeeklyNotice(school_id=school_id, term_id=term_id, week=week,
                                  teacher_id=teacher_id, status="published", content=content,
                                  published_at=utcnow())
            db.session.add(notice)
            db.session.flush()
            audit(notice, actor, "publish", reason)
            _notify(notice, f"{term.name}第{week}周教学通报（补发）")
            continue
        if content is None:
            content = {**current_content(notice), "patrols": [], "lessons": [],
                       "open_lessons": [], "incidents": [], "summary": None}
        if content != current_content(notice):
            db.session.add(NoticeAmendment(notice=notice, content=content, reason=reason,
                                           actor_id=actor.id))
            db.session.flush()
            audit(notice, actor, "amend", reason)
            _notify(notice, f"{term.name}第{week}周教学通报有更正")
    db.session.flush()


def announce(publication: WeekPublication) -> None:
    """Post the bulletin summary to the school's group robot, if it set one, and record how
    that went. Runs after the publish is committed: a failure is recorded, never undoes it."""
    school = db.session.get(School, publication.school_id)
    url = setting(school, "webhook_url")
    if not url:
        return
    title, markdown = summary_markdown(
        bulletin(school, db.session.get(Term, publication.term_id), publication.week))
    publication.webhook_status, publication.webhook_detail = post_summary(
        url, setting(school, "webhook_kind"), title, markdown)
    db.session.flush()
