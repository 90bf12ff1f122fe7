import re

from odoo import api, fields, models
from odoo.exceptions import AccessError

REFERENCE = re.compile(r"\b[A-Za-z][\w-]*(?:/[\w-]+)*[0-9]{3,}\b")


# the classifier's verdict on a case
CLASSIFY_FIELDS = (
    "dist_suggested_category_id",
    "dist_category_confidence",
    "dist_classified_by",
    "dist_needs_triage",
)


class HelpdeskTicket(models.Model):
    """Mail to a helpdesk alias sorted into a category: the company's
    classifier (keyword rules, then a model of its resolved cases) with a
    confidence; below the threshold the case waits for an agent, whose
    choice is kept to learn from. Order and delivery references in the mail
    link the case to them."""

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "dist.system.fields.mixin"]
    # the classifier's verdict; an agent changes the category, not these
    _dist_system_fields = CLASSIFY_FIELDS

    dist_suggested_category_id = fields.Many2one(
        comodel_name="helpdesk.ticket.category",
        string="Suggested category",
        readonly=True,
        copy=False,
    )
    dist_category_confidence = fields.Float(
        string="Confidence", readonly=True, copy=False
    )
    dist_classified_by = fields.Selection(
        selection=[
            ("rules", "Keyword rules"),
            ("model", "Trained model"),
            ("reference", "Order reference"),
            ("agent", "Agent"),
        ],
        string="Categorised by",
        readonly=True,
        copy=False,
        index=True,
    )
    dist_needs_triage = fields.Boolean(
        string="Waits for an agent",
        readonly=True,
        copy=False,
        index=True,
        help="The classifier was not confident enough to set the category.",
    )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        if not self.env.su:
            # the mail gateway calls it as the system; over RPC it would
            # classify and link with the system's rights in any company
            raise AccessError(
                self.env._(
                    "%(user)s cannot open a case from a mail: the mail gateway does.",
                    user=self.env.user.name,
                )
            )
        values = dict(custom_values or {})
        verdict = {}
        if not values.get("category_id"):
            company = (
                self.env["res.company"].browse(values["company_id"])
                if values.get("company_id")
                else self.env.company
            )
            classified = self._dist_classify_mail(
                msg_dict.get("subject"),
                msg_dict.get("body"),
                company,
                values.get("partner_id") or msg_dict.get("author_id"),
            )
            verdict = {
                name: classified.pop(name)
                for name in CLASSIFY_FIELDS
                if name in classified
            }
            values.update(classified)
        ticket = super().message_new(msg_dict, custom_values=values)
        if verdict:
            # sudo: the classifier's verdict, computed here and not taken
            # from the caller's values, on the case the mail just opened
            ticket.sudo().write(verdict)
        return ticket

    @api.model
    def _dist_classify_mail(self, subject, body, company, partner_id=None):
        """Values for a case from the mail: links from its references, a
        category when the classifier is confident enough."""
        classifier = self.env["dist.case.classifier"]._dist_for(company)
        text = classifier._dist_text(subject, body)
        values = self._dist_mail_links(text, company, partner_id)
        category, confidence, source = classifier._dist_classify(text)
        if confidence < classifier.threshold and values.get("dist_picking_id"):
            late = self._dist_reference_category(values["dist_picking_id"])
            if late:
                category, confidence, source = late, classifier.threshold, "reference"
        values.update(
            {
                "dist_suggested_category_id": category.id,
                "dist_category_confidence": confidence,
                "dist_classified_by": source,
            }
        )
        if category and confidence >= classifier.threshold:
            values["category_id"] = category.id
        else:
            values["dist_needs_triage"] = True
        return values

    @api.model
    def _dist_mail_links(self, text, company, partner_id=None):
        """Order and delivery named in the mail, of the company and (when
        the sender is known) of the sender's company."""
        candidates = set(REFERENCE.findall(text or ""))
        if not candidates:
            return {}
        partner = self.env["res.partner"].browse(partner_id).commercial_partner_id
        # sudo: the mail gateway links the case to documents of its own
        # company, checked against the sender below
        Order = self.env["sale.order"].sudo()
        Picking = self.env["stock.picking"].sudo()
        domain = [("name", "in", list(candidates)), ("company_id", "=", company.id)]
        if partner:
            domain.append(("partner_id", "child_of", partner.id))
        picking = Picking.search(
            domain + [("picking_type_code", "=", "outgoing")], limit=1
        )
        order = Order.search(domain, limit=1) or picking.sale_id
        values = {}
        if order:
            values["dist_sale_order_id"] = order.id
            if not partner:
                values["partner_id"] = order.partner_id.id
        if picking and (not order or picking.sale_id in (order, Order)):
            values["dist_picking_id"] = picking.id
        return values

    @api.model
    def _dist_reference_category(self, picking_id):
        """The delayed-shipment category when the delivery named in the
        mail is open and past its scheduled date."""
        # sudo: reading the state and date of the delivery the mail names
        picking = self.env["stock.picking"].sudo().browse(picking_id)
        if picking.state not in ("done", "cancel") and (
            picking.scheduled_date and picking.scheduled_date < fields.Datetime.now()
        ):
            return self.env.ref(
                "dist_helpdesk_cases.case_category_delayed_shipment",
                raise_if_not_found=False,
            )
        return None

    def write(self, vals):
        # the classifier's own write runs as superuser; the flag alone, sent
        # over RPC, does not keep a corrected category marked as the model's
        classifying = self.env.su and self.env.context.get("dist_classifying")
        if "category_id" in vals and not classifying:
            corrected = self.filtered(
                lambda t: (
                    t.dist_classified_by in ("rules", "model", "reference")
                    or t.dist_needs_triage
                )
            )
            if corrected:
                corrected.check_access("write")
                # sudo: who categorised a case is the system's record
                corrected.sudo().with_context(dist_classifying=True).write(
                    {"dist_classified_by": "agent", "dist_needs_triage": False}
                )
        return super().write(vals)

    def action_dist_accept_category(self):
        """The agent confirms the suggested category."""
        self.check_access("write")
        for ticket in self.filtered("dist_suggested_category_id"):
            ticket.category_id = ticket.dist_suggested_category_id
        return True
