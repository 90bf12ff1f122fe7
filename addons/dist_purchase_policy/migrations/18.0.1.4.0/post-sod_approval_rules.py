from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    """Every company gets the shipped pair of conflicting duties "Maintains
    approval rules" / "Places purchase orders" (the duty comes with
    dist_governance's data). Users who already hold both show in the
    conflicts report until a controller separates them or logs a waiver."""
    env["dist.sod.rule"]._dist_create_defaults(env["res.company"].search([]))
