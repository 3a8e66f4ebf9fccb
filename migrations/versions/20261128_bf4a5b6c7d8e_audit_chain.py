"""audit chain: every audit entry carries the hash of the one before

Revision ID: bf4a5b6c7d8e
Revises: ae3f4a5b6c7d
Create Date: 2026-11-28 02:30:00

"""
import hashlib
import json
from datetime import timezone

from alembic import op
import sqlalchemy as sa

import wijkbudget.db


# revision identifiers, used by Alembic.
revision = 'bf4a5b6c7d8e'
down_revision = 'ae3f4a5b6c7d'
branch_labels = None
depends_on = None


# The append-only triggers, exactly as the foundation migration (bfac57c965dd) made them. They
# refuse the UPDATEs of the backfill, so they are dropped for it and made again afterwards.
APPEND_ONLY_TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
        "BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END",
        "CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries "
        "BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END $$",
        "CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries "
        "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()",
    ],
}
DROP_TRIGGERS = {
    "sqlite": ["DROP TRIGGER audit_entries_no_update", "DROP TRIGGER audit_entries_no_delete"],
    "postgresql": [
        "DROP TRIGGER audit_entries_no_change ON audit_entries",
        "DROP FUNCTION audit_entries_append_only()",
    ],
}

# The hash formula of wijkbudget.audit.chain, frozen here as it was when the chain began.
GENESIS = "0" * 64
FIELDS = (
    "id", "at", "actor_id", "action", "object_type", "object_id", "wijk_id", "reason", "details"
)
entries = sa.table(
    "audit_entries",
    *(sa.column(name) for name in FIELDS if name not in ("at", "details")),
    sa.column("at", wijkbudget.db.UTCDateTime()),
    sa.column("details", sa.JSON()),
    sa.column("prev_hash", sa.String(64)),
    sa.column("hash", sa.String(64)),
)


def _entry_hash(prev_hash, row):
    payload = {name: getattr(row, name) for name in FIELDS}
    payload["at"] = row.at.astimezone(timezone.utc).isoformat()
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + text).encode("utf-8")).hexdigest()


def _backfill():
    """Chain the entries written before this migration, in id order."""
    bind = op.get_bind()
    rows = bind.execute(sa.select(*(entries.c[name] for name in FIELDS)).order_by(entries.c.id))
    prev_hash = GENESIS
    for row in rows.all():
        digest = _entry_hash(prev_hash, row)
        bind.execute(
            entries.update()
            .where(entries.c.id == row.id)
            .values(prev_hash=prev_hash, hash=digest)
        )
        prev_hash = digest


def _drop_triggers():
    for statement in DROP_TRIGGERS.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def _create_triggers():
    for statement in APPEND_ONLY_TRIGGERS.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade():
    _drop_triggers()
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))

    _backfill()

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_prev_hash'), ['prev_hash'], unique=True)
    _create_triggers()


def downgrade():
    _drop_triggers()
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_prev_hash'))
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
    _create_triggers()
