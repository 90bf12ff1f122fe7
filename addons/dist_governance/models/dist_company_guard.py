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


class DistApprovalDelegation(models.Model):
    _name = "dist.approval.delegation"
    _inherit = ["dist.approval.delegation", "dist.company.guard.mixin"]


class DistApprovalMatrix(models.Model):
    _name = "dist.approval.matrix"
    _inherit = ["dist.approval.matrix", "dist.company.guard.mixin"]


class DistAuditEntry(models.Model):
    _name = "dist.audit.entry"
    _inherit = ["dist.audit.entry", "dist.company.guard.mixin"]


class DistException(models.Model):
    _name = "dist.exception"
    _inherit = ["dist.exception", "dist.company.guard.mixin"]


class DistExceptionType(models.Model):
    _name = "dist.exception.type"
    _inherit = ["dist.exception.type", "dist.company.guard.mixin"]


class DistKpiBaseline(models.Model):
    _name = "dist.kpi.baseline"
    _inherit = ["dist.kpi.baseline", "dist.company.guard.mixin"]


class DistKpiBaselineLine(models.Model):
    _name = "dist.kpi.baseline.line"
    _inherit = ["dist.kpi.baseline.line", "dist.company.guard.mixin"]


class DistKpiSnapshot(models.Model):
    _name = "dist.kpi.snapshot"
    _inherit = ["dist.kpi.snapshot", "dist.company.guard.mixin"]


class DistKpiTarget(models.Model):
    _name = "dist.kpi.target"
    _inherit = ["dist.kpi.target", "dist.company.guard.mixin"]


class DistRootCause(models.Model):
    _name = "dist.root.cause"
    _inherit = ["dist.root.cause", "dist.company.guard.mixin"]


class DistSodRule(models.Model):
    _name = "dist.sod.rule"
    _inherit = ["dist.sod.rule", "dist.company.guard.mixin"]


class DistSodWaiver(models.Model):
    _name = "dist.sod.waiver"
    _inherit = ["dist.sod.waiver", "dist.company.guard.mixin"]
