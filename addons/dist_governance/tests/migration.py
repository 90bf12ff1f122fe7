"""Run a migration script of an addon directly, as Odoo's upgrade would:
`migrations/<version>/<name>.py` has a hyphen in its name, so it is loaded
by path."""

import importlib.util

from odoo.tools.misc import file_path


def load_migration(addon, version, name):
    path = file_path(f"{addon}/migrations/{version}/{name}.py")
    spec = importlib.util.spec_from_file_location(
        f"{addon}_migration_{version.replace('.', '_')}_{name.replace('-', '_')}",
        path,
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_migration(env, addon, version, name, from_version):
    """Run the script's migrate(env, version) as an upgrade from
    `from_version` would. openupgradelib's decorator is left out: it reads
    the upgrade's stage from Odoo's migration manager, absent here."""
    migrate = load_migration(addon, version, name).migrate
    env.flush_all()  # the scripts may work in SQL
    getattr(migrate, "__wrapped__", migrate)(env, from_version)
    env.invalidate_all()
