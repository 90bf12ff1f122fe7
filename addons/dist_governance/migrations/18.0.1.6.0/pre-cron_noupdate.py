"""The addon's scheduled actions (data/dist_exception_data.xml) are shipped
noupdate from this version: an administrator's interval, next call or
activation is no longer reset by an upgrade. A database that had the addon
holds their external ids as updatable: mark them noupdate before the data
loads."""

from openupgradelib import openupgrade

CRONS = (
    "ir_cron_dist_exception_escalate",
    "ir_cron_tier_review_escalate",
    "ir_cron_dist_approval_delegation_refresh",
)


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.set_xml_ids_noupdate_value(env, "dist_governance", list(CRONS), True)
