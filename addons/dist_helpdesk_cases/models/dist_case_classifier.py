import json
import logging
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html2plaintext

from odoo.addons.dist_governance.roles import check_role

from .. import classify

_logger = logging.getLogger(__name__)

TRAINING_LIMIT = 20000


class DistCaseClassifier(models.Model):
    """How a company's incoming mail is sorted into case categories: keyword
    rules of the categories until there are enough resolved cases, then a
    model trained on them (resolved cases and the categories agents gave
    or corrected). One per company, retrained nightly and on demand; the
    share it labels right on a held-out fifth of the cases is kept."""

    _name = "dist.case.classifier"
    _inherit = ["dist.system.fields.mixin"]
    # one per company, trained by the suite
    _dist_system_fields = (
        "company_id",
        "mode",
        "model_data",
        "sample_count",
        "holdout_count",
        "holdout_accuracy",
        "rules_accuracy",
        "trained_at",
    )
    _description = "Case classification of incoming mail"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    threshold = fields.Float(
        string="Confidence threshold",
        default=0.6,
        help="Below this confidence a case is not categorised: it waits for "
        "an agent, whose choice is kept as training data.",
    )
    min_samples = fields.Integer(
        string="Cases before the model",
        default=40,
        help="Keyword rules decide until this many resolved or agent-"
        "categorised cases exist.",
    )
    mode = fields.Selection(
        selection=[("rules", "Keyword rules"), ("model", "Trained model")],
        default="rules",
        readonly=True,
    )
    model_data = fields.Text(readonly=True, copy=False)
    sample_count = fields.Integer(string="Training cases", readonly=True)
    holdout_count = fields.Integer(string="Held-out cases", readonly=True)
    holdout_accuracy = fields.Float(
        string="Held-out accuracy",
        readonly=True,
        help="Share of a held-out fifth of the cases the model (trained on "
        "the rest) put in the category they ended in.",
    )
    rules_accuracy = fields.Float(
        string="Keyword rules' accuracy",
        readonly=True,
        help="Share of the same held-out cases the keyword rules got right: "
        "the model takes over only when it does better.",
    )
    trained_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("company_unique", "UNIQUE (company_id)", "One classifier per company."),
    ]

    @api.constrains("threshold", "min_samples")
    def _check_settings(self):
        for classifier in self:
            if not 0 < classifier.threshold < 1:
                raise ValidationError(
                    self.env._(
                        "The confidence threshold is a share between 0 and 1 "
                        "(e.g. 0.6), not %(value)s.",
                        value=classifier.threshold,
                    )
                )
            if classifier.min_samples < 1:
                raise ValidationError(
                    self.env._(
                        "The model needs at least one case to learn from (not "
                        "%(value)s).",
                        value=classifier.min_samples,
                    )
                )

    @api.model
    def _dist_for(self, company):
        classifier = self.sudo().search([("company_id", "=", company.id)], limit=1)
        # sudo: every company has its classifier; it holds counts of words,
        # created the first time a case of the company is classified
        return classifier or self.sudo().create({"company_id": company.id})

    @api.depends("company_id")
    def _compute_display_name(self):
        for classifier in self:
            classifier.display_name = self.env._(
                "Case classification - %(company)s", company=classifier.company_id.name
            )

    # ------------------------------------------------------------------
    # training
    # ------------------------------------------------------------------

    def _dist_samples(self):
        """(text, category id) of the company's cases that teach: resolved
        ones and those an agent categorised, newest first."""
        self.ensure_one()
        # sudo: training reads every case of the company, whoever triggers it
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search_read(
                [
                    ("company_id", "=", self.company_id.id),
                    ("category_id", "!=", False),
                    "|",
                    ("closed", "=", True),
                    ("dist_classified_by", "=", "agent"),
                ],
                ["name", "description", "category_id"],
                order="id desc",
                limit=TRAINING_LIMIT,
            )
        )
        return [
            (
                self._dist_text(ticket["name"], ticket["description"]),
                ticket["category_id"][0],
                ticket["id"],
            )
            for ticket in tickets
        ]

    @api.model
    def _dist_text(self, subject, body):
        return f"{subject or ''}\n{html2plaintext(body or '')}"

    def action_train(self):
        """Train now (the form's button): a service manager of the
        classifier's company."""
        check_role(
            self.env,
            self.env._("train the case classification"),
            "dist_helpdesk_cases.group_service_manager",
        )
        # the training reads every case of the company and writes with the
        # system's rights: the caller must be able to change this classifier
        self.check_access("write")
        return self._dist_train_now()

    def _dist_train_now(self):
        for classifier in self:
            samples = classifier._dist_samples()
            classifier._dist_train([(text, label) for text, label, __ in samples])
        return True

    def _dist_train(self, samples):
        """Train on `samples` [(text, label)]: held-out accuracy on every
        fifth sample with a model of the others, then the model on all."""
        self.ensure_one()
        held_out = samples[::5]
        rest = [s for i, s in enumerate(samples) if i % 5]
        score = classify.accuracy(classify.train(rest), held_out) if held_out else 0
        rules = self._dist_rules()
        rules_score = (
            sum(
                1
                for text, label in held_out
                if classify.keyword_rules(rules, text)[0] == str(label)
            )
            / len(held_out)
            if held_out
            else 0
        )
        model = classify.train(samples)
        use_model = len(samples) >= self.min_samples and score >= rules_score
        # sudo: the model is the system's, retrained for every user
        self.sudo().write(
            {
                "model_data": json.dumps(model),
                "sample_count": len(samples),
                "holdout_count": len(held_out),
                "holdout_accuracy": score,
                "rules_accuracy": rules_score,
                "trained_at": fields.Datetime.now(),
                "mode": "model" if use_model else "rules",
            }
        )
        _logger.info(
            "Case classifier of %s trained on %s cases, held-out accuracy %.1f %%",
            self.company_id.name,
            len(samples),
            score * 100,
        )

    @api.model
    def _cron_dist_train(self):
        companies = self.env["res.company"].search([])
        for company in companies:
            self._dist_for(company)._dist_train_now()

    # ------------------------------------------------------------------
    # classifying
    # ------------------------------------------------------------------

    def _dist_rules(self):
        """{category id: [keywords]} of the categories open to the company."""
        categories = self.env["helpdesk.ticket.category"].search(
            [
                ("dist_keywords", "!=", False),
                "|",
                ("company_id", "=", False),
                ("company_id", "=", self.company_id.id),
            ]
        )
        return {
            category.id: [
                k.strip().lower()
                for k in re.split(r"[,\n]", category.dist_keywords)
                if k.strip()
            ]
            for category in categories
        }

    def _dist_classify(self, text):
        """(category, confidence, source) for `text`."""
        self.ensure_one()
        Category = self.env["helpdesk.ticket.category"]
        if self.mode == "model" and self.model_data:
            label, confidence = classify.predict(json.loads(self.model_data), text)
            source = "model"
        else:
            label, confidence = classify.keyword_rules(self._dist_rules(), text)
            source = "rules"
        category = Category.browse(int(label)).exists() if label else Category
        return category, confidence, source
