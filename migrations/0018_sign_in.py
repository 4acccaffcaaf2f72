"""Sign-in hardening (issue 8, point 4): TOTP two-factor sign-in (the encrypted secret and the last time-step
accepted, so a code is never accepted twice), the inactivity clock restarted by an admin (active_since), why an
account is off (disabled_reason: "inactive" for INACTIVE_DAYS without a sign-in) and an admin's early end of a
sign-in lock (lock_cleared_at). user.last_login_at already existed.

Written after a schema diff of the models on 2026-11-27, keeping only these columns.
"""
from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_column('user', 'totp_secret', CharField(max_length=255, null=True)))
    migrator.migrate(migrator.add_column('user', 'totp_last_step', BigIntegerField(null=True)))
    migrator.migrate(migrator.add_column('user', 'active_since', DateTimeField(null=True)))
    migrator.migrate(migrator.add_column('user', 'disabled_reason', CharField(max_length=20, default='')))
    migrator.migrate(migrator.add_column('user', 'lock_cleared_at', DateTimeField(null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('user', 'lock_cleared_at'))
    migrator.migrate(migrator.drop_column('user', 'disabled_reason'))
    migrator.migrate(migrator.drop_column('user', 'active_since'))
    migrator.migrate(migrator.drop_column('user', 'totp_last_step'))
    migrator.migrate(migrator.drop_column('user', 'totp_secret'))
