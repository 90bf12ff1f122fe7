from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    """Receiving control became a company setting, off for a new company.
    Companies of a database that had the addon before kept it on, as they
    had it. (Available-to-promise keeps its stored value: only a new
    company's default changed.)"""
    openupgrade.logged_query(env.cr, "UPDATE res_company SET dist_rcv_check = TRUE")
