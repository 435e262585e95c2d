"""`flask notices build`: build the draft notices of a teaching week from the command line."""
from datetime import timedelta
from zoneinfo import ZoneInfo

import click
from flask.cli import AppGroup

from backend.errors import ApiError
from backend.extensions import db
from backend.notices.services import build_week
from backend.org.calendar import teaching_week_of, term_on
from backend.org.models import School
from backend.timeutil import utcnow

notices_cli = AppGroup("notices", help="Weekly notices.")


def week_just_ended(school: School):
    """Return (term, week) of the school's last teaching week that has ended, or None."""
    today = utcnow().astimezone(ZoneInfo(school.timezone)).date()
    last_sunday = today - timedelta(days=today.isoweekday())
    term = term_on(school.id, last_sunday)
    return (term, teaching_week_of(term, last_sunday)) if term else None


@notices_cli.command("build")
@click.option("--school", "school_code", default=None, help="School code (default: every school).")
@click.option("--week", type=int, default=None,
              help="Teaching week of the current term (default: the week just ended).")
def build_command(school_code, week):
    """Build or rebuild the draft notices; published weeks are left as they are."""
    select = db.select(School).order_by(School.code)
    if school_code:
        select = select.where(School.code == school_code)
    schools = list(db.session.scalars(select))
    if school_code and not schools:
        raise click.ClickException(f"no school with code {school_code!r}")
    for school in schools:
        found = week_just_ended(school)
        if week is not None:
            today = utcnow().astimezone(ZoneInfo(school.timezone)).date()
            term = term_on(school.id, today) or (found[0] if found else None)
            found = (term, week) if term else None
        if found is None:
            click.echo(f"{school.code}: 不在学期内，跳过")
            continue
        term, number = found
        savepoint = db.session.begin_nested()
        try:
            notices = build_week(school.id, term, number)
        except ApiError as exc:  # one school's published week must not stop the others
            savepoint.rollback()
            click.echo(f"{school.code}: {term.name}第{number}周 未生成：{exc.description}")
            continue
        savepoint.commit()
        click.echo(f"{school.code}: {term.name}第{number}周 生成通报草稿 {len(notices)} 份")
    db.session.commit()
