"""results: the outcome of a round's count

Revision ID: 9d2e3f4a5b6c
Revises: 8c1f2a3b4d5e
Create Date: 2026-11-28 02:00:00

"""
from alembic import op
import sqlalchemy as sa

import wijkbudget.db


# revision identifiers, used by Alembic.
revision = '9d2e3f4a5b6c'
down_revision = '8c1f2a3b4d5e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('results_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=24), nullable=False),
    sa.Column('parameters', sa.JSON(), nullable=False),
    sa.Column('engine_version', sa.String(length=24), nullable=False),
    sa.Column('ballots_sha256', sa.String(length=64), nullable=False),
    sa.Column('counted_at', wijkbudget.db.UTCDateTime(), nullable=False),
    sa.Column('counted_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', wijkbudget.db.UTCDateTime(), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('budget_cents', sa.BigInteger(), nullable=False),
    sa.Column('total_cents', sa.BigInteger(), nullable=False),
    sa.Column('ballots_online', sa.Integer(), nullable=False),
    sa.Column('ballots_paper', sa.Integer(), nullable=False),
    sa.Column('per_initiative', sa.JSON(), nullable=False),
    sa.Column('trace', sa.JSON(), nullable=False),
    sa.Column('imported', sa.Boolean(), nullable=False),
    sa.Column('ballots_pb', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['counted_by_id'], ['users.id'], name=op.f('fk_results_outcomes_counted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_results_outcomes_published_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_results_outcomes_round_id_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_results_outcomes')),
    sa.UniqueConstraint('round_id', name=op.f('uq_results_outcomes_round_id'))
    )


def downgrade():
    op.drop_table('results_outcomes')
