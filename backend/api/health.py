"""Liveness with a database round trip."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text

from backend.errors import ApiError
from backend.extensions import db

bp = Blueprint("api_health", __name__, url_prefix="/api/v1", description="运行状态")


class HealthOut(Schema):
    status = fields.String(required=True)
    database = fields.String(required=True)


@bp.get("/health")
@bp.response(200, HealthOut)
def health():
    """Tell whether the app can reach its database."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        raise ApiError(503, "database_unreachable", "数据库无法连接")
    return {"status": "ok", "database": db.engine.dialect.name}
