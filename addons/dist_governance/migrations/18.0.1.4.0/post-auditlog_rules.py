"""The audit rules (data/auditlog_rule_data.xml) are subscribed when the addon
installs; a database that had the addon already gets them here, draft, from
the upgrade: subscribe those this upgrade created (no "View logs" action
yet), as the install would have."""

from openupgradelib import openupgrade

RULES = (
    "auditlog_rule_supplierinfo",
    "auditlog_rule_product_template",
    "auditlog_rule_product_product",
    "auditlog_rule_pricelist_item",
    "auditlog_rule_partner_credit_limit",
    "auditlog_rule_orderpoint",
    "auditlog_rule_users",
    "auditlog_rule_groups",
)


@openupgrade.migrate()
def migrate(env, version):
    rules = env["auditlog.rule"].browse()
    for name in RULES:
        rule = env.ref(f"dist_governance.{name}", raise_if_not_found=False)
        rules |= rule or rules.browse()
    rules.filtered(lambda r: r.state == "draft" and not r.action_id).subscribe()
