from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    """Databases that had the addon before policies existed get the shipped
    policies and a complete matrix per company, as a fresh install does."""
    env["dist.replenishment.policy"]._dist_create_defaults(
        env["res.company"].search([])
    )
