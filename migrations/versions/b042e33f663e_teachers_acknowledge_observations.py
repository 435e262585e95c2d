"""Teachers acknowledge observations (已阅): when the observed teacher marked it read.

Revision ID: b042e33f663e
Revises: 1b1b371b0765
Create Date: 2026-11-25 00:08:33.967221

"""
from alembic import op
import sqlalchemy as sa

import backend.timeutil


# revision identifiers, used by Alembic.
revision = 'b042e33f663e'
down_revision = '1b1b371b0765'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('observations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acknowledged_at', backend.timeutil.UTCDateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('observations', schema=None) as batch_op:
        batch_op.drop_column('acknowledged_at')

