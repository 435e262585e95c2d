"""photo retention: an audit entry may have no actor; photos indexed by content hash

Revision ID: 0b94ac4aa465
Revises: 6c82c0aca3ec
Create Date: 2026-11-25 06:20:48.890602

"""
from alembic import op
import sqlalchemy as sa

import backend.timeutil


# revision identifiers, used by Alembic.
revision = '0b94ac4aa465'
down_revision = '6c82c0aca3ec'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.alter_column('actor_id',
               existing_type=sa.INTEGER(),
               nullable=True)
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_photos_sha256'), ['sha256'], unique=False)


def downgrade():
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_photos_sha256'))
    # The entries of expired photos name no actor, which the older schema cannot hold.
    op.execute("DELETE FROM audit_entries WHERE actor_id IS NULL")
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.alter_column('actor_id',
               existing_type=sa.INTEGER(),
               nullable=False)
