"""Paged lists: what a query for a page takes, and what a page of answers carries."""
from marshmallow import Schema, fields, validate
from sqlalchemy import Select

from backend.extensions import db


class PageQuery(Schema):
    """The arguments every paged list takes besides its filters."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, error="应不小于 {min}"))
    per_page = fields.Integer(load_default=20,
                              validate=validate.Range(1, 100, error="应在 {min} 到 {max} 之间"))


class PageOut(Schema):
    """The fields every page of answers carries besides its items."""

    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    pages = fields.Integer(required=True)


def one_page(select: Select, page: int, per_page: int) -> tuple[Select, dict]:
    """Count what `select` finds; return the statement for one page of it and PageOut's fields."""
    total = db.session.scalar(db.select(db.func.count()).select_from(select.order_by(None).subquery()))
    return (select.limit(per_page).offset((page - 1) * per_page),
            {"total": total, "page": page, "per_page": per_page, "pages": -(-total // per_page)})
