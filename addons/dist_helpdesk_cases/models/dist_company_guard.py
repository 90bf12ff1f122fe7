"""The suite's own models of this addon that carry a company keep their
records in their writer's companies (see dist.company.guard.mixin)."""

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
