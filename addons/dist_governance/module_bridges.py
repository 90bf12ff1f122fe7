"""Bridge addons on an existing database.

A bridge addon joins two domain addons and is `auto_install`: Odoo installs
it by itself when the second of its dependencies is installed, but not when
a database that already has both is updated (`-u` only upgrades what is
installed). A domain addon's migration calls `install_bridges` so that the
update that brings a bridge installs it too.
"""

import logging

_logger = logging.getLogger(__name__)

READY = ("installed", "to upgrade", "to install")


def install_bridges(env, module_name):
    """Mark for installation the auto-installed addons that depend on
    `module_name` and whose every dependency is installed (or being
    installed or upgraded in this run): the loader installs them after the
    modules it is upgrading. Nothing else is pulled in. Returns them."""
    Module = env["ir.module.module"]
    bridges = Module.search(
        [
            ("state", "=", "uninstalled"),
            ("auto_install", "=", True),
            ("dependencies_id.name", "=", module_name),
        ]
    ).filtered(
        lambda module: all(
            dep.depend_id.state in READY for dep in module.dependencies_id
        )
    )
    if bridges:
        _logger.info("installing bridge addons %s", ", ".join(bridges.mapped("name")))
        bridges.button_install()
    return bridges
