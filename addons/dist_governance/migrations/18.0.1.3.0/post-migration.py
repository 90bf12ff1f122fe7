"""The reviewers of a review are users allowed in its document's company
(and their delegates): the open reviews' stored lists are computed again."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    reviews = env["tier.review"].search([("status", "in", ("waiting", "pending"))])
    reviews._dist_recompute_reviewers()
