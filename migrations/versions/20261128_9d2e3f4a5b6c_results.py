"""results

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
    pass


def downgrade():
    pass
