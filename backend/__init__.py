"""Xunke: classroom patrols and lesson observations for schools."""
import os

from flask import Flask

from backend import config as config_module
from backend.extensions import db, login_manager, migrate


def create_app(config: dict | None = None) -> Flask:
    """Create the Flask app; `config` overrides what the environment says."""
    # No app-wide static folder: /static is the phone app's (backend/pwa.py).
    app = Flask(__name__, instance_relative_config=True, static_folder=None)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(config_module.DEFAULTS)
    app.config.update(config_module.from_environment(app.instance_path))
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False  # Chinese text as UTF-8, half the bytes of \u escapes

    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from backend import database
    from backend.accounts import auth

    db.init_app(app)
    database.configure_engine(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "..", "migrations"))
    login_manager.init_app(app)
    auth.init_app(app)


def register_blueprints(app: Flask) -> None:
    from backend.api import register_api
    from backend.pwa import bp as pwa_bp

    register_api(app)
    app.register_blueprint(pwa_bp)


def register_commands(app: Flask) -> None:
    from backend.roster.cli import roster_cli
    from backend.demo.cli import demo_cli
    from backend.notices.cli import notices_cli
    from backend.observations.cli import photos_cli

    app.cli.add_command(roster_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(notices_cli)
    app.cli.add_command(photos_cli)
