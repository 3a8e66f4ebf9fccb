"""api

Revision ID: ae3f4a5b6c7d
Revises: 9d2e3f4a5b6c
Create Date: 2026-11-28 02:00:00

"""
from alembic import op
import sqlalchemy as sa

import wijkbudget.db


# revision identifiers, used by Alembic.
revision = 'ae3f4a5b6c7d'
down_revision = '9d2e3f4a5b6c'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
