"""projects and profiles: programme projects, sign-ups, activities, indicator figures

Revision ID: 5c1e0a9d7b42
Revises: 6d6e9cfcd646
Create Date: 2026-11-27 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import wijkbudget.db


# revision identifiers, used by Alembic.
revision = '5c1e0a9d7b42'
down_revision = '6d6e9cfcd646'  # chained after initiatives while both are in progress; see report
branch_labels = None
depends_on = None

LINES = ('wonen', 'werken', 'leren', 'veilig', 'meedoen')


def _enum(name, values):
    return sa.Enum(*values, name=name, native_enum=False, length=24)


def upgrade():
    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('programme_line', _enum('programmeline', LINES), nullable=False),
    sa.Column('title_nl', sa.String(length=160), nullable=False),
    sa.Column('title_en', sa.String(length=160), nullable=False),
    sa.Column('summary_nl', sa.String(length=400), nullable=False),
    sa.Column('summary_en', sa.String(length=400), nullable=False),
    sa.Column('description_nl', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('schedule_nl', sa.String(length=300), nullable=False),
    sa.Column('schedule_en', sa.String(length=300), nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=True),
    sa.Column('max_age', sa.Integer(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('signup_open', sa.Boolean(), nullable=False),
    sa.Column('needs_guardian', sa.Boolean(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('privacy_nl', sa.Text(), nullable=False),
    sa.Column('privacy_en', sa.Text(), nullable=False),
    sa.Column('photo', sa.LargeBinary(), nullable=True),
    sa.Column('photo_alt_nl', sa.String(length=300), nullable=False),
    sa.Column('photo_alt_en', sa.String(length=300), nullable=False),
    sa.Column('has_photo', sa.Boolean(), nullable=False),
    sa.Column('created_at', wijkbudget.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', wijkbudget.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('capacity IS NULL OR capacity > 0', name=op.f('ck_projects_capacity_positive')),
    sa.CheckConstraint('min_age IS NULL OR max_age IS NULL OR min_age <= max_age', name=op.f('ck_projects_ages_in_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects')),
    sa.UniqueConstraint('slug', name=op.f('uq_projects_slug'))
    )
    op.create_table('indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('theme', _enum('programmeline', LINES), nullable=False),
    sa.Column('unit', _enum('unit', ('percent', 'score')), nullable=False),
    sa.Column('name_nl', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('explanation_nl', sa.String(length=400), nullable=False),
    sa.Column('explanation_en', sa.String(length=400), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('groningen_value', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('updated_at', wijkbudget.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators')),
    sa.UniqueConstraint('key', name=op.f('uq_indicators_key'))
    )
    op.create_table('indicator_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('wijk_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_values_indicator_id_indicators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['wijk_id'], ['wijken.id'], name=op.f('fk_indicator_values_wijk_id_wijken'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_values')),
    sa.UniqueConstraint('indicator_id', 'wijk_id', name='uq_indicator_values_indicator_wijk')
    )
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_values_indicator_id'), ['indicator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_values_wijk_id'), ['wijk_id'], unique=False)

    op.create_table('project_wijken',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('wijk_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_wijken_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['wijk_id'], ['wijken.id'], name=op.f('fk_project_wijken_wijk_id_wijken'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'wijk_id', name=op.f('pk_project_wijken'))
    )
    op.create_table('project_coordinators',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_coordinators_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_project_coordinators_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'user_id', name=op.f('pk_project_coordinators'))
    )
    op.create_table('project_audiences',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('audience', _enum('audience', ('children', 'young-people', 'parents', 'older', 'everyone')), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_audiences_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'audience', name=op.f('pk_project_audiences'))
    )
    op.create_table('project_join_ways',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('way', _enum('joinway', ('take-part', 'volunteer', 'think-along')), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_join_ways_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'way', name=op.f('pk_project_join_ways'))
    )
    op.create_table('project_activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title_nl', sa.String(length=160), nullable=False),
    sa.Column('title_en', sa.String(length=160), nullable=False),
    sa.Column('starts_at', wijkbudget.db.UTCDateTime(), nullable=False),
    sa.Column('ends_at', wijkbudget.db.UTCDateTime(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_project_activities_ends_after_start')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_activities_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_activities'))
    )
    with op.batch_alter_table('project_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_activities_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_activities_starts_at'), ['starts_at'], unique=False)

    op.create_table('project_signups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('way', _enum('joinway', ('take-part', 'volunteer', 'think-along')), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('guardian_name', sa.String(length=120), nullable=False),
    sa.Column('guardian_consent', sa.Boolean(), nullable=False),
    sa.Column('child_age', sa.Integer(), nullable=True),
    sa.Column('status', _enum('signupstatus', ('new', 'contacted', 'joined', 'waiting', 'cancelled')), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('created_at', wijkbudget.db.UTCDateTime(), nullable=False),
    sa.Column('cancelled_at', wijkbudget.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint("email <> '' OR phone <> ''", name=op.f('ck_project_signups_email_or_phone')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_signups_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_signups')),
    sa.UniqueConstraint('token', name=op.f('uq_project_signups_token'))
    )
    with op.batch_alter_table('project_signups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_signups_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_signups_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('project_signups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_signups_status'))
        batch_op.drop_index(batch_op.f('ix_project_signups_project_id'))
    op.drop_table('project_signups')
    with op.batch_alter_table('project_activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_activities_starts_at'))
        batch_op.drop_index(batch_op.f('ix_project_activities_project_id'))
    op.drop_table('project_activities')
    op.drop_table('project_join_ways')
    op.drop_table('project_audiences')
    op.drop_table('project_coordinators')
    op.drop_table('project_wijken')
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_values_wijk_id'))
        batch_op.drop_index(batch_op.f('ix_indicator_values_indicator_id'))
    op.drop_table('indicator_values')
    op.drop_table('indicators')
    op.drop_table('projects')
