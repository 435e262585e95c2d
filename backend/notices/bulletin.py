"""周通报: the school's weekly bulletin, counted in SQL over one school-week's records."""
from collections import defaultdict

from sqlalchemy import func

from backend.accounts.models import RoleAssignment, Staff
from backend.extensions import db
from backend.notices.content import (LESSON_KINDS, checked_items, text, week_calendar,
                                     week_filter, week_rows)
from backend.notices.models import week_published
from backend.observations.models import KINDS, Observation
from backend.org.models import School, Term
from backend.org.settings import setting

BAND_ORDER = ("优秀", "良好", "合格", "不合格")
KIND_NAMES = {"patrol": "巡课", "drop_in": "推门听课", "open_lesson": "公开课", "incident": "教学事故"}
ROLE_NAMES = {"leader": "校领导", "group_head": "教研组长"}


def _findings(rows, names: dict[int, str], name_problems: bool):
    """Tally praise and problem items by label, with the teachers they concern."""
    praise, problems = defaultdict(list), defaultdict(list)
    for row in rows:
        if row.kind != "patrol":
            continue
        items_praised, items_wanting = checked_items(row.score)
        for item in items_praised:
            praise[item["label"]].append(names[row.teacher_id])
        for item in items_wanting:
            problems[item["label"]].append(names[row.teacher_id])

    def listed(found, named):
        return [{"label": label, "count": len(teachers),
                 "teachers": sorted(set(teachers)) if named else None}
                for label, teachers in sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    # Praise is public by nature; whether problems name the teacher is the school's choice.
    return listed(praise, True), listed(problems, name_problems)


def _observers(school_id: int, condition) -> list[dict]:
    """Lessons observed this week by each leader and group head, zeros included."""
    counts = defaultdict(dict)
    for observer_id, kind, n in db.session.execute(
            db.select(Observation.observer_id, Observation.kind, func.count())
            .where(condition).group_by(Observation.observer_id, Observation.kind)):
        counts[observer_id][kind] = n
    roles = defaultdict(list)
    for staff_id, role in db.session.execute(
            db.select(RoleAssignment.staff_id, RoleAssignment.role).join(Staff)
            .where(Staff.school_id == school_id, Staff.active.is_(True),
                   RoleAssignment.role.in_(ROLE_NAMES)).order_by(RoleAssignment.role)):
        roles[staff_id].append(ROLE_NAMES[role])
    people = db.session.scalars(db.select(Staff).where(Staff.id.in_(roles))
                                .order_by(Staff.staff_no))
    return [{"staff_id": p.id, "name": p.name, "staff_no": p.staff_no, "roles": roles[p.id],
             **{kind: counts[p.id].get(kind, 0) for kind in KINDS},
             "lessons": sum(counts[p.id].get(kind, 0) for kind in LESSON_KINDS),
             "total": sum(counts[p.id].values())} for p in people]


def bulletin(school: School, term: Term, week: int) -> dict:
    """Return the week's bulletin: totals, grades, praise, problems, incidents, observers."""
    condition = week_filter(school.id, term.id, week)
    named = bool(setting(school, "bulletin_names_teachers"))
    by_kind = dict(db.session.execute(db.select(Observation.kind, func.count())
                                      .where(condition).group_by(Observation.kind)).all())
    bands = dict(db.session.execute(
        db.select(Observation.band, func.count())
        .where(condition, Observation.kind.in_(LESSON_KINDS), Observation.band.is_not(None))
        .group_by(Observation.band)).all())
    rows = week_rows(condition)
    teacher_ids = {row.teacher_id for row in rows}
    names = dict(db.session.execute(db.select(Staff.id, Staff.name)
                                    .where(Staff.id.in_(teacher_ids))).all())
    praise, problems = _findings(rows, names, named)
    return {
        "school": school.name, **week_calendar(term, week),
        "published": week_published(school.id, term.id, week),
        "names_teachers": named,
        "totals": {**{kind: by_kind.get(kind, 0) for kind in KINDS},
                   "all": sum(by_kind.values()), "teachers": len(teacher_ids)},
        "bands": [{"band": band, "count": bands[band]} for band in
                  sorted(bands, key=lambda b: (BAND_ORDER.index(b) if b in BAND_ORDER else 99, b))],
        "praise": praise,
        "problems": problems,
        "incidents": [{"date": row.local_date.isoformat(), "class": row.class_name,
                       "rule": row.incident_rule, "deduction": text(row.incident_deduction),
                       "teacher": names[row.teacher_id] if named else None}
                      for row in rows if row.kind == "incident"],
        "observers": _observers(school.id, condition),
    }


def summary_markdown(data: dict) -> tuple[str, str]:
    """Return a title and a short markdown summary of the bulletin for a group robot."""
    title = f"{data['school']} {data['term']}第{data['week']}周教学通报"
    totals = data["totals"]
    lines = [f"### {title}", f"{data['monday']} 至 {data['sunday']}", "",
             "> " + "，".join(f"{KIND_NAMES[k]} {totals[k]} 次" for k in KINDS),
             f"> 涉及教师 {totals['teachers']} 人"]
    if data["bands"]:
        lines.append("> 评分等级：" + "，".join(f"{b['band']} {b['count']}" for b in data["bands"]))
    if data["praise"]:
        lines.append("**表扬**：" + "；".join(f"{p['label']} {p['count']} 次" for p in data["praise"][:5]))
    if data["problems"]:
        lines.append("**提醒**：" + "；".join(f"{p['label']} {p['count']} 次"
                                              for p in data["problems"][:5]))
    lines.append("请登录巡课系统查看本人通报。")
    return title, "\n".join(lines)
