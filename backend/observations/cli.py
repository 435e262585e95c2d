"""`flask photos expire`: delete the photos past each school's retention period (run daily)."""
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import AppGroup

from backend.extensions import db
from backend.observations.retention import expire_photos
from backend.org.models import School
from backend.org.settings import setting
from backend.timeutil import utcnow

photos_cli = AppGroup("photos", help="Observation photos.")


@photos_cli.command("expire")
def expire_command():
    """Delete every school's photos past its retention period, rows and files."""
    for school in db.session.scalars(db.select(School).order_by(School.code)):
        today = utcnow().astimezone(ZoneInfo(school.timezone)).date()
        count = expire_photos(school, today, current_app.config["PHOTO_DIR"])
        db.session.commit()
        click.echo(f"{school.code}: 删除超过 {setting(school, 'photo_retention_days')} 天的照片 "
                   f"{count} 张")
