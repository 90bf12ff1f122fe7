"""The suite's own models of this addon that carry a company keep their
records in their writer's companies (see dist.company.guard.mixin); one
file for all of them, loaded after the models' own files, as in the other
addons."""

from odoo import models


class DistCreditRelease(models.Model):
    _name = "dist.credit.release"
    _inherit = ["dist.credit.release", "dist.company.guard.mixin"]


class DistMatchTolerance(models.Model):
    _name = "dist.match.tolerance"
    _inherit = ["dist.match.tolerance", "dist.company.guard.mixin"]


class DistSaleMarginRule(models.Model):
    _name = "dist.sale.margin.rule"
    _inherit = ["dist.sale.margin.rule", "dist.company.guard.mixin"]


class DistSalePriceException(models.Model):
    _name = "dist.sale.price.exception"
    _inherit = ["dist.sale.price.exception", "dist.company.guard.mixin"]


class DistSalePriceExceptionLine(models.Model):
    _name = "dist.sale.price.exception.line"
    _inherit = ["dist.sale.price.exception.line", "dist.company.guard.mixin"]


class DistVendorPriceChange(models.Model):
    _name = "dist.vendor.price.change"
    _inherit = ["dist.vendor.price.change", "dist.company.guard.mixin"]
