"""The suite's own models of this addon that carry a company keep their
records in their writer's companies (see dist.company.guard.mixin).

One file for all of them, on purpose (an exception to "one model per file"):
each class is one line of meaning, "this model is guarded", and the reader
checking which models are guarded wants the list in one place, not spread
over a dozen three-line files. The guard is added here, loaded after the
models' own files, rather than in each model's `_inherit`, so that its
create/write wrap every override of the model in this addon. Core models
the suite guards (sale.order, stock.picking, ...) keep their own
`<model>_company_guard.py` beside the model's other extensions."""

from odoo import models


class DistLeadtimeProposal(models.Model):
    _name = "dist.leadtime.proposal"
    _inherit = ["dist.leadtime.proposal", "dist.company.guard.mixin"]


class DistPolicyMatrixCell(models.Model):
    _name = "dist.policy.matrix.cell"
    _inherit = ["dist.policy.matrix.cell", "dist.company.guard.mixin"]


class DistPolicyOverride(models.Model):
    _name = "dist.policy.override"
    _inherit = ["dist.policy.override", "dist.company.guard.mixin"]


class DistProductSegment(models.Model):
    _name = "dist.product.segment"
    _inherit = ["dist.product.segment", "dist.company.guard.mixin"]


class DistProductSegmentHistory(models.Model):
    _name = "dist.product.segment.history"
    _inherit = ["dist.product.segment.history", "dist.company.guard.mixin"]


class DistPurchaseRecommendation(models.Model):
    _name = "dist.purchase.recommendation"
    _inherit = ["dist.purchase.recommendation", "dist.company.guard.mixin"]


class DistReplenishmentPolicy(models.Model):
    _name = "dist.replenishment.policy"
    _inherit = ["dist.replenishment.policy", "dist.company.guard.mixin"]


class DistReplenishmentRun(models.Model):
    _name = "dist.replenishment.run"
    _inherit = ["dist.replenishment.run", "dist.company.guard.mixin"]


class DistVendorScorecard(models.Model):
    _name = "dist.vendor.scorecard"
    _inherit = ["dist.vendor.scorecard", "dist.company.guard.mixin"]
