"""`flask roster import`: load the school's spreadsheets from the command line."""
from pathlib import Path

import click
from flask.cli import AppGroup

from backend.extensions import db
from backend.org.models import School
from backend.roster.service import KINDS, run_import

roster_cli = AppGroup("roster", help="Import staff, period schedule and timetable.")


@roster_cli.command("import")
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--school", "school_code", required=True, help="School code.")
@click.option("--dry-run", is_flag=True, help="Report what would change; change nothing.")
@click.option("--skip-bad-rows", is_flag=True, help="Import the good rows of a file with errors.")
@click.option("--initial-password", default=None,
              help="Password for new accounts (default: last 6 digits of the phone number).")
def import_command(kind, path, school_code, dry_run, skip_bad_rows, initial_password):
    """Import a CSV or .xlsx file of KIND (staff, periods, timetable)."""
    school = db.session.scalar(db.select(School).where(School.code == school_code))
    if school is None:
        raise click.ClickException(f"no school with code {school_code!r}")
    result = run_import(kind, school, path.name, path.read_bytes(), dry_run=dry_run,
                        skip_bad_rows=skip_bad_rows, initial_password=initial_password)
    db.session.commit()
    for error in result.errors:
        where = f"第 {error.row} 行" if error.row else "文件"
        click.echo(f"{where}：{error.reason}", err=True)
    click.echo(result.summary())
    if result.errors and not result.applied and not dry_run:
        raise SystemExit(1)
