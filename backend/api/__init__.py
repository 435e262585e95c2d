"""The JSON API under /api/v1, documented at /api/v1/openapi.json."""
from flask import Flask

from backend.api.bounds import IdConverter
from backend.errors import register_error_handlers
from backend.openapi import XunkeApi, marshmallow_plugin


def register_api(app: Flask) -> None:
    """Create the app's Api (one per app: it holds that app's OpenAPI document)."""
    from backend.api import (appraisal, auth, bulletins, charts, health, imports, me, notices,
                             notifications, observations, open_lessons, photos, quotas, rubrics,
                             school, school_settings, staff, terms, timetable)

    # Before any route is added: every <int:...> in a URL uses the bounded converter.
    app.url_map.converters["int"] = IdConverter
    api = XunkeApi(app, spec_kwargs={"marshmallow_plugin": marshmallow_plugin()})
    for module in (health, auth, me, staff, school, terms, timetable, imports, rubrics,
                   observations, photos, open_lessons, appraisal, quotas, charts, notices,
                   bulletins, notifications, school_settings):
        api.register_blueprint(module.bp)
    register_error_handlers(app)
