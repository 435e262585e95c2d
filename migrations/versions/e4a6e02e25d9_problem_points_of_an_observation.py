"""Observations keep their problem points, which the term appraisal deducts

Revision ID: e4a6e02e25d9
Revises: 8308c68a84d7
Create Date: 2026-11-24 23:59:09.223987

"""
from decimal import Decimal

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4a6e02e25d9'
down_revision = '8308c68a84d7'
branch_labels = None
depends_on = None


def _problem_points(score: dict) -> Decimal:
    """Sum the deducting items of a stored score: a ticked problem's points are negative."""
    points = (Decimal(item["points"]) for section in score.get("sections", [])
              for item in section.get("items", []) if item.get("points") is not None)
    return -sum((p for p in points if p < 0), Decimal(0))


def upgrade():
    with op.batch_alter_table('observations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('problem_points', sa.Numeric(precision=8, scale=2),
                                      nullable=False, server_default='0'))
    observations = sa.table('observations', sa.column('id', sa.Integer),
                            sa.column('score', sa.JSON), sa.column('problem_count', sa.Integer),
                            sa.column('problem_points', sa.Numeric(8, 2)))
    connection = op.get_bind()
    rows = connection.execute(sa.select(observations.c.id, observations.c.score).where(
        observations.c.problem_count > 0, observations.c.score.is_not(None))).all()
    for row in rows:
        connection.execute(observations.update().where(observations.c.id == row.id).values(
            problem_points=_problem_points(row.score)))


def downgrade():
    with op.batch_alter_table('observations', schema=None) as batch_op:
        batch_op.drop_column('problem_points')
