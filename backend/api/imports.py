"""Roster import by upload: staff list, period schedule, timetable."""
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from backend.api.access import roles_required, school_id
from backend.extensions import db
from backend.org.models import School
from backend.roster.service import run_import

bp = Blueprint("api_imports", __name__, url_prefix="/api/v1/imports", description="名单导入")


class ImportFile(Schema):
    file = Upload(required=True, metadata={"description": "CSV（UTF-8/GBK）或 .xlsx"})


class ImportOptions(Schema):
    dry_run = fields.Boolean(load_default=False, metadata={"description": "只检查，不导入"})
    skip_bad_rows = fields.Boolean(load_default=False, metadata={"description": "跳过有错的行，导入其余"})
    initial_password = fields.String(load_default=None, validate=validate.Length(6, 128),
                                     metadata={"description": "新教师账号的初始密码"})


class RowErrorOut(Schema):
    row = fields.Integer(required=True, metadata={"description": "表格行号；0 表示整个文件"})
    reason = fields.String(required=True)


class ImportOut(Schema):
    kind = fields.String(required=True)
    dry_run = fields.Boolean(required=True)
    applied = fields.Boolean(required=True)
    rows = fields.Integer(required=True)
    created = fields.Integer(required=True)
    updated = fields.Integer(required=True)
    unchanged = fields.Integer(required=True)
    deleted = fields.Integer(required=True)
    skipped = fields.Integer(required=True)
    errors = fields.List(fields.Nested(RowErrorOut), required=True)
    summary = fields.Function(lambda r: r.summary(), required=True)


@bp.post("/<any(staff, periods, timetable):kind>")
@roles_required("admin")
@bp.arguments(ImportFile, location="files")
@bp.arguments(ImportOptions, location="form")
@bp.response(200, ImportOut)
def import_file(files, options, kind):
    """Import a file; with errors nothing is imported unless skip_bad_rows is set."""
    school = db.session.get(School, school_id())
    upload = files["file"]
    result = run_import(kind, school, upload.filename or "", upload.read(), **options)
    db.session.commit()
    return result
