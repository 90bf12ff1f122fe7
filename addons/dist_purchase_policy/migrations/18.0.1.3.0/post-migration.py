from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    """Vendors get a buyer per company (empty: Odoo's Buyer when that user
    buys for the company, else the company's buyer role). Open
    recommendations and purchase exceptions the run gave to a vendor's Buyer
    of another company go to their own company's buyer."""
    env["res.partner"]._dist_reown_foreign_work()
