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


class DistCaseAction(models.Model):
    _name = "dist.case.action"
    _inherit = ["dist.case.action", "dist.company.guard.mixin"]


class DistCaseClassifier(models.Model):
    _name = "dist.case.classifier"
    _inherit = ["dist.case.classifier", "dist.company.guard.mixin"]


class DistCasePlaybookStep(models.Model):
    _name = "dist.case.playbook.step"
    _inherit = ["dist.case.playbook.step", "dist.company.guard.mixin"]


class DistCaseResolution(models.Model):
    _name = "dist.case.resolution"
    _inherit = ["dist.case.resolution", "dist.company.guard.mixin"]


class DistCaseResolutionLine(models.Model):
    _name = "dist.case.resolution.line"
    _inherit = ["dist.case.resolution.line", "dist.company.guard.mixin"]
