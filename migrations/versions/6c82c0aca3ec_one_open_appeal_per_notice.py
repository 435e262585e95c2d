"""One open appeal per notice, even when two requests race past the service's check

Revision ID: 6c82c0aca3ec
Revises: b042e33f663e
Create Date: 2026-11-25 01:23:24.809896

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6c82c0aca3ec'
down_revision = 'b042e33f663e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notice_appeals', schema=None) as batch_op:
        batch_op.create_index('uq_notice_appeals_one_open', ['notice_id'], unique=True, sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))



def downgrade():
    with op.batch_alter_table('notice_appeals', schema=None) as batch_op:
        batch_op.drop_index('uq_notice_appeals_one_open', sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))

