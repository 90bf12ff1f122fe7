"""Each role lands on its workspace (res.users._dist_role_homes): give the
users who already hold a role theirs, keeping a home an administrator chose
that is not one of the suite's. Runs once the roles of this addon are
loaded; the last addon upgraded sees every role."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    env["res.users"].with_context(active_test=False).search(
        [("share", "=", False)]
    )._dist_set_role_homes()
