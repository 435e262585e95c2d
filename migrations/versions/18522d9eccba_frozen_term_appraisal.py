"""A closed term's appraisal, frozen per teacher with the formula it was computed by

Revision ID: 18522d9eccba
Revises: e4a6e02e25d9
Create Date: 2026-11-25 00:03:15.970067

"""
from alembic import op
import sqlalchemy as sa

import backend.timeutil


# revision identifiers, used by Alembic.
revision = '18522d9eccba'
down_revision = 'e4a6e02e25d9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('appraisal_freezes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('formula', sa.JSON(), nullable=False),
    sa.Column('frozen_by_id', sa.Integer(), nullable=False),
    sa.Column('frozen_at', backend.timeutil.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['frozen_by_id'], ['staff.id'], name=op.f('fk_appraisal_freezes_frozen_by_id_staff')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_appraisal_freezes_school_id_schools')),
    sa.ForeignKeyConstraint(['term_id'], ['terms.id'], name=op.f('fk_appraisal_freezes_term_id_terms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal_freezes')),
    sa.UniqueConstraint('term_id', name=op.f('uq_appraisal_freezes_term_id'))
    )
    with op.batch_alter_table('appraisal_freezes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_freezes_school_id'), ['school_id'], unique=False)

    op.create_table('appraisal_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('staff_no', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('group_name', sa.String(length=40), nullable=True),
    sa.Column('lessons_counted', sa.Integer(), nullable=False),
    sa.Column('mean_lesson_score', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('lesson_points', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('praise_count', sa.Integer(), nullable=False),
    sa.Column('praise_points', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('problem_points', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('problem_deduction', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('incident_count', sa.Integer(), nullable=False),
    sa.Column('incident_deduction', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('result', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('excellence_eligible', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_appraisal_results_staff_id_staff')),
    sa.ForeignKeyConstraint(['term_id'], ['terms.id'], name=op.f('fk_appraisal_results_term_id_terms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal_results')),
    sa.UniqueConstraint('term_id', 'staff_id', name=op.f('uq_appraisal_results_term_id_staff_id'))
    )
    with op.batch_alter_table('appraisal_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_results_staff_id'), ['staff_id'], unique=False)



def downgrade():
    with op.batch_alter_table('appraisal_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_results_staff_id'))

    op.drop_table('appraisal_results')
    with op.batch_alter_table('appraisal_freezes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_freezes_school_id'))

    op.drop_table('appraisal_freezes')
