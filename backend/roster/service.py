"""Run an import all-or-nothing: a dry run or a file with errors changes nothing."""
from backend.extensions import db
from backend.roster import schedule, staff
from backend.roster.reading import UnreadableFile, read_rows
from backend.roster.result import ImportResult

KINDS = {
    "staff": staff.REQUIRED,
    "periods": schedule.PERIOD_REQUIRED,
    "timetable": schedule.TIMETABLE_REQUIRED,
}


def run_import(kind: str, school, filename: str, content: bytes, *, dry_run: bool = False,
               skip_bad_rows: bool = False, initial_password: str | None = None) -> ImportResult:
    """Import one file of `kind` into school; the caller commits."""
    result = ImportResult(kind=kind, dry_run=dry_run)
    try:
        rows = read_rows(filename, content, KINDS[kind])
    except UnreadableFile as exc:
        result.error(0, str(exc))
        return result
    result.rows = len(rows)
    savepoint = db.session.begin_nested()
    if kind == "staff":
        staff.import_staff(school, rows, result, initial_password)
    elif kind == "periods":
        schedule.import_periods(school, rows, result)
    else:
        schedule.import_timetable(school, rows, result)
    result.skipped = len({e.row for e in result.errors if e.row})
    keep = not dry_run and (not result.errors or skip_bad_rows)
    if keep and any(e.row == 0 for e in result.errors):
        keep = False  # a problem with the whole file is never skipped
    if keep:
        savepoint.commit()
        result.applied = True
    else:
        savepoint.rollback()
    return result
