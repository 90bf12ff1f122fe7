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


class DistCountResult(models.Model):
    _name = "dist.count.result"
    _inherit = ["dist.count.result", "dist.company.guard.mixin"]


class DistInventoryAccuracy(models.Model):
    _name = "dist.inventory.accuracy"
    _inherit = ["dist.inventory.accuracy", "dist.company.guard.mixin"]


class DistInventoryAdjustment(models.Model):
    _name = "dist.inventory.adjustment"
    _inherit = ["dist.inventory.adjustment", "dist.company.guard.mixin"]


class DistQualityCheck(models.Model):
    _name = "dist.quality.check"
    _inherit = ["dist.quality.check", "dist.company.guard.mixin"]


class DistQualityCheckLine(models.Model):
    _name = "dist.quality.check.line"
    _inherit = ["dist.quality.check.line", "dist.company.guard.mixin"]


class DistQualityChecklist(models.Model):
    _name = "dist.quality.checklist"
    _inherit = ["dist.quality.checklist", "dist.company.guard.mixin"]


class DistQualityChecklistItem(models.Model):
    _name = "dist.quality.checklist.item"
    _inherit = ["dist.quality.checklist.item", "dist.company.guard.mixin"]


class DistReceiptTolerance(models.Model):
    _name = "dist.receipt.tolerance"
    _inherit = ["dist.receipt.tolerance", "dist.company.guard.mixin"]


class DistWarehouseDeviation(models.Model):
    _name = "dist.warehouse.deviation"
    _inherit = ["dist.warehouse.deviation", "dist.company.guard.mixin"]


class DistWarehouseTemplate(models.Model):
    _name = "dist.warehouse.template"
    _inherit = ["dist.warehouse.template", "dist.company.guard.mixin"]


class DistWarehouseTemplatePutaway(models.Model):
    _name = "dist.warehouse.template.putaway"
    _inherit = ["dist.warehouse.template.putaway", "dist.company.guard.mixin"]
