"""cast storage: room for HOT updates of the voter roll, no duplicate ballot index

A cast updates one roll row and inserts one ballot. With free room on the roll's pages
PostgreSQL keeps the updated row on its page without touching the five indexes (existing pages
fill up as they are rewritten; a new round's roll gets the room at once). ix_voting_ballots_round_id
duplicated the leading column of uq_voting_ballots_receipt (round_id, receipt).

Revision ID: c05b6c7d8e9f
Revises: bf4a5b6c7d8e
Create Date: 2026-11-28 07:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c05b6c7d8e9f'
down_revision = 'bf4a5b6c7d8e'
branch_labels = None
depends_on = None

ROLL_FILLFACTOR = 60  # as wijkbudget.voting.models.ROLL_FILLFACTOR on this date


def upgrade():
    op.drop_index("ix_voting_ballots_round_id", table_name="voting_ballots")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE voting_roll SET (fillfactor = {ROLL_FILLFACTOR})")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE voting_roll RESET (fillfactor)")
    op.create_index("ix_voting_ballots_round_id", "voting_ballots", ["round_id"])
