"""paper

Revision ID: 8c1f2a3b4d5e
Revises: 7a3d51e0c9b8
Create Date: 2026-11-28 02:00:00

"""
from alembic import op
import sqlalchemy as sa

import wijkbudget.db


# revision identifiers, used by Alembic.
revision = '8c1f2a3b4d5e'
down_revision = '7a3d51e0c9b8'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
