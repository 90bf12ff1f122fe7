"""The suite's own models of this addon that carry a company keep their
records in their writer's companies (see dist.company.guard.mixin)."""

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
