"""The JSON API under /api/v1, documented at /api/v1/openapi.json."""
from flask import Flask

from flask_smorest import Api

from backend.errors import register_error_handlers
from backend.openapi import marshmallow_plugin


def register_api(app: Flask) -> None:
    """Create the app's Api (one per app: it holds that app's OpenAPI document)."""
    from backend.api import (auth, bulletins, health, imports, me, notices, notifications,
                             observations, open_lessons, photos, rubrics, school,
                             school_settings, staff, terms, timetable)

    api = Api(app, spec_kwargs={"marshmallow_plugin": marshmallow_plugin()})
    for module in (health, auth, me, staff, school, terms, timetable, imports, rubrics,
                   observations, photos, open_lessons, notices, bulletins, notifications,
                   school_settings):
        api.register_blueprint(module.bp)
    register_error_handlers(app)
