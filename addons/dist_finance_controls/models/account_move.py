import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dist_governance.models.review_route import review_route

from .account_move_line import BILL_TYPES, MATCH_FIELDS, VARIANCE_STATUSES

_logger = logging.getLogger(__name__)

VARIANCE_TYPES = ("price_variance", "quantity_variance")
OPEN_STATES = ("open", "progress")
MOVE_MATCH_FIELDS = ("dist_match_state", "dist_match_variance_cc")


class AccountMove(models.Model):
    """Vendor bills under the three-way match.

    Posting a bill first matches it again (account.move.line
    _compute_dist_match). A bill with a line beyond tolerance is held: it
    stays in draft, a `price_variance` / `quantity_variance` exception is
    raised on it for the purchase order's buyer, and its validation is
    requested through the approval matrix (document type `vendor_bill`,
    amount: the variance value held). Once the matrix approved it, the
    clerk posts it, and the exceptions are resolved. `_post` refuses a held
    bill that is not approved, whoever calls it."""

    _name = "account.move"
    _inherit = ["account.move", "dist.system.fields.mixin"]
    _dist_system_fields = MOVE_MATCH_FIELDS

    dist_match_state = fields.Selection(
        selection=[
            ("no_po", "No purchase order"),
            ("matched", "Matched"),
            ("variance", "Variance"),
        ],
        string="Three-way match",
        compute="_compute_dist_match_state",
        store=True,
        index="btree_not_null",
        help="Matched: every line billing a purchase order is within the "
        "match tolerances. Variance: at least one is beyond them; the bill "
        "posts only once the approval matrix approved it.",
    )
    dist_match_variance_cc = fields.Monetary(
        string="Variance to approve",
        currency_field="company_currency_id",
        compute="_compute_dist_match_state",
        store=True,
        help="The variance value of the lines beyond tolerance, in company "
        "currency: the amount the approval matrix reads for vendor bills.",
    )
    dist_on_hold = fields.Boolean(
        string="On hold",
        compute="_compute_dist_on_hold",
        search="_search_dist_on_hold",
        help="The bill has an open price or quantity variance exception: "
        "it waits for approval, or for a corrected bill.",
    )

    @api.depends(
        "move_type",
        "invoice_line_ids.dist_match_status",
        "invoice_line_ids.dist_variance_value",
    )
    def _compute_dist_match_state(self):
        for move in self:
            lines = move.invoice_line_ids.filtered("dist_match_status")
            if move.move_type not in BILL_TYPES or not lines:
                move.dist_match_state = False
                move.dist_match_variance_cc = 0.0
                continue
            held = lines.filtered(lambda ln: ln.dist_match_status in VARIANCE_STATUSES)
            if held:
                move.dist_match_state = "variance"
            elif any(ln.dist_match_status == "matched" for ln in lines):
                move.dist_match_state = "matched"
            else:
                move.dist_match_state = "no_po"
            move.dist_match_variance_cc = sum(held.mapped("dist_variance_value"))

    def _compute_dist_on_hold(self):
        held = self._dist_open_variance_exceptions()
        held_ids = set(held.mapped("res_id"))
        for move in self:
            move.dist_on_hold = move.id in held_ids

    def _search_dist_on_hold(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Search bills on hold with = or != only."))
        # sudo: which bills have an open variance exception, a fact shown
        # to whoever may list the bills (the list itself keeps its rules)
        exceptions = (
            self.env["dist.exception"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "account.move"),
                    ("type_id.code", "in", VARIANCE_TYPES),
                    ("state", "in", OPEN_STATES),
                ]
            )
        )
        ids = list(set(exceptions.mapped("res_id")))
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", ids)]

    def _dist_open_variance_exceptions(self):
        """The open price and quantity variance exceptions of these moves,
        in one search."""
        ids = [move_id for move_id in self.ids if isinstance(move_id, int)]
        if not ids:
            return self.env["dist.exception"]
        # sudo: the match reads and resolves its own exceptions for whoever
        # posts the bill (a clerk owns none of them)
        return (
            self.env["dist.exception"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "account.move"),
                    ("res_id", "in", ids),
                    ("type_id.code", "in", VARIANCE_TYPES),
                    ("state", "in", OPEN_STATES),
                ]
            )
        )

    # ------------------------------------------------------------------
    # The match
    # ------------------------------------------------------------------

    def _dist_bills_to_match(self):
        """Draft vendor bills and refunds billing a purchase order."""
        if not self.env["account.move.line"]._dist_match_enabled():
            return self.browse()
        return self.filtered(
            lambda m: (
                m.move_type in BILL_TYPES
                and m.state == "draft"
                and any(m.invoice_line_ids.mapped("purchase_line_id"))
            )
        )

    def _dist_rematch(self):
        """Match the bills again now: tolerances, receipts and other bills
        may have changed since the lines were computed."""
        lines = self.invoice_line_ids
        Line = self.env["account.move.line"]
        for name in MATCH_FIELDS:
            self.env.add_to_compute(Line._fields[name], lines)
        for name in MOVE_MATCH_FIELDS:
            self.env.add_to_compute(self._fields[name], self)
        self.flush_recordset(list(MOVE_MATCH_FIELDS))

    def _dist_held(self):
        """The bills beyond tolerance whose variance is not approved, in
        the companies where the match holds bills (_dist_holds_in)."""
        variance = self.filtered(
            lambda m: (
                m.dist_match_state == "variance" and m.validation_status != "validated"
            )
        )
        holds = {
            company: self._dist_holds_in(company) for company in variance.company_id
        }
        return variance.filtered(lambda m: holds[m.company_id])

    @api.model
    def _dist_holds_in(self, company):
        """Whether bills beyond tolerance wait for approval in `company`:
        once somebody can approve them there (a finance controller) or the
        approval matrix has a line for vendor bills (active or archived: a
        governance controller decided). Before, a company that has set up
        neither posts them as Odoo does, the variance exception raised for
        the buyer (a database without the finance roles keeps Odoo's
        flows)."""
        doc_type = self.env.ref(
            "dist_finance_controls.approval_document_type_vendor_bill",
            raise_if_not_found=False,
        )
        if not doc_type:
            return False
        # sudo: whether the company's matrix and roles are set up, read for
        # whoever posts
        lines = (
            self.env["dist.approval.matrix"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("company_id", "=", company.id),
                    ("document_type_id", "=", doc_type.id),
                ],
                limit=1,
            )
        )
        if lines:
            return True
        role = self.env.ref("dist_finance_controls.group_finance_controller")
        return bool(
            role.sudo().users.filtered(lambda u: company in u.company_ids and u.active)
        )

    def _dist_variance_owner(self):
        """The purchase order's buyer, else the vendor's buyer in the
        bill's company (dist_purchase_policy), else nobody: the exception
        type's owning role then takes it."""
        self.ensure_one()
        # sudo: who bought, to name the owner, whatever the clerk may open
        orders = self.sudo().invoice_line_ids.purchase_line_id.order_id
        buyer = orders.user_id[:1]
        if buyer:
            return buyer
        partner = self.partner_id.commercial_partner_id
        buyers = partner.sudo()._dist_buyers_for(self.company_id)[0]
        return self.env["res.users"].browse(buyers.get(partner.id) or ())

    def _dist_sync_variance_exceptions(self):
        """Raise the variance exceptions of the bills beyond tolerance, one
        per type and bill (raising again counts a recurrence), and resolve
        those whose variance has gone."""
        Exception_ = self.env["dist.exception"]
        open_ones = self._dist_open_variance_exceptions()
        gone = Exception_.sudo()
        for move in self:
            lines = move.invoice_line_ids
            wanted = {
                "price_variance": lines.filtered(
                    lambda ln: ln.dist_match_status in ("price", "both")
                ),
                "quantity_variance": lines.filtered(
                    lambda ln: ln.dist_match_status in ("quantity", "both")
                ),
            }
            mine = open_ones.filtered(lambda e, m=move: e.res_id == m.id)
            for code, variance_lines in wanted.items():
                if not variance_lines:
                    gone |= mine.filtered(lambda e, c=code: e.type_id.code == c)
                    continue
                orders = variance_lines.sudo().purchase_line_id.order_id
                Exception_.raise_exception(
                    code,
                    move,
                    self.env._(
                        "%(bill)s of %(vendor)s (%(orders)s): %(what)s",
                        bill=move.display_name,
                        vendor=move.partner_id.display_name,
                        orders=", ".join(orders.mapped("name")),
                        what=variance_lines._dist_variance_summary(),
                    ),
                    company_id=move.company_id.id,
                    partner_id=move.partner_id.commercial_partner_id.id,
                    product_id=variance_lines.product_id[:1].id,
                    warehouse_id=orders.picking_type_id.warehouse_id[:1].id,
                    owner_id=move._dist_variance_owner().id,
                )
        gone._dist_resolve_bill_variances(
            self.env._("The bill matches its purchase order again.")
        )

    def _dist_check_covered(self):
        """Refuse, saying why, a held bill no line of the approval matrix
        covers: nobody could approve it."""
        self.invalidate_recordset(["need_validation"])
        uncovered = self.filtered(lambda m: not m.need_validation)
        if uncovered:
            move = uncovered[:1]
            raise UserError(
                self.env._(
                    "%(bill)s is beyond its match tolerance (%(what)s) and no "
                    "line of the approval matrix of %(company)s covers vendor "
                    "bills with a variance of %(amount)s: nobody could approve "
                    "it. Ask a governance controller to add one (document type "
                    "Vendor bill).",
                    bill=move.display_name,
                    what=move.invoice_line_ids._dist_variance_summary(),
                    company=move.company_id.name,
                    amount=format(move.dist_match_variance_cc, ",.2f"),
                )
            )

    def _dist_ensure_default_matrix_line(self):
        """The shipped matrix line for held bills (any variance, the
        finance controller approves), created in the bill's company the
        first time a bill is held there, when the company has no line for
        vendor bills at all (an archived one means a controller decided)
        and has a finance controller to name."""
        self.ensure_one()
        company = self.company_id
        doc_type = self.env.ref(
            "dist_finance_controls.approval_document_type_vendor_bill",
            raise_if_not_found=False,
        )
        role = self.env.ref("dist_finance_controls.group_finance_controller")
        if not doc_type or not self.env[
            "dist.approval.matrix"
        ]._dist_create_shipped_line(
            company, doc_type, role, amount_min=company.currency_id.rounding or 0.01
        ):
            return
        _logger.info(
            "Shipped approval matrix line for vendor bills created in %s",
            company.name,
        )

    # ------------------------------------------------------------------
    # Buttons and the posting guard
    # ------------------------------------------------------------------

    def action_post(self):
        bills = self._dist_bills_to_match()
        held = self.browse()
        if bills:
            bills._dist_rematch()
            held = bills._dist_held()
            to_request = held.filtered(lambda m: not m.review_ids)
            # an approved variance is not detected again: it posts now
            (bills - to_request).filtered(
                lambda m: m.validation_status != "validated"
            )._dist_sync_variance_exceptions()
            if to_request:
                # matches them, raises their exceptions and asks the matrix
                to_request.request_validation()
        to_post = self - held
        reviewed = to_post.filtered("review_ids")
        result = False
        if to_post - reviewed:
            result = super(AccountMove, to_post - reviewed).action_post()
        if reviewed:
            # the review route keeps OCA's skip_validation_check, which
            # _post's own writes need on an entry whose validation is
            # through; the suite still refuses an open or rejected one
            # (tier.validation._tier_validation_check_state_on_write), and
            # the route serves nothing else here
            result = super(AccountMove, review_route(reviewed)).action_post()
        if held:
            return held._dist_held_notification()
        return result

    def _dist_held_notification(self):
        message = "\n".join(
            self.env._(
                "%(bill)s is on hold: %(what)s. It waits for %(tiers)s; post "
                "it once approved.",
                bill=move.display_name,
                what=move.invoice_line_ids._dist_variance_summary(),
                tiers=move._dist_tiers_label(
                    move.review_ids.filtered(
                        lambda r: r.status in ("waiting", "pending", "rejected")
                    )
                ),
            )
            for move in self
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Bill beyond match tolerance"),
                "message": message,
                "type": "warning",
                "sticky": True,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _post(self, soft=True):
        held = self.browse()
        if self.env["account.move.line"]._dist_match_enabled():
            # the stored match: Confirm matched the bills just before, and
            # server code posting directly gets the match as last computed
            held = self.filtered(
                lambda m: m.move_type in BILL_TYPES and m.state == "draft"
            )._dist_held()
        if held:
            move = held[:1]
            raise UserError(
                self.env._(
                    "%(bill)s is beyond its match tolerance (%(what)s): it "
                    "posts once the approval matrix approved the variance. "
                    "Press Post to ask for the approval.",
                    bill=move.display_name,
                    what=move.invoice_line_ids._dist_variance_summary(),
                )
            )
        posted = super()._post(soft=soft)
        approved = posted.filtered(
            lambda m: (
                m.move_type in BILL_TYPES
                and m.dist_match_state == "variance"
                and m.validation_status == "validated"
            )
        )
        if approved:
            approved._dist_open_variance_exceptions()._dist_resolve_bill_variances(
                self.env._(
                    "Variance approved through the approval matrix; bill posted."
                )
            )
        return posted

    def button_draft(self):
        # OCA drops the reviews of a bill reset to draft (they approved the
        # posting that is undone): the suite lets reviews go only on the
        # review route. Safe: Odoo's own checks (posted or cancelled, lock
        # dates, the user's rights) run first; posting again matches the
        # bill again and asks for a new approval if it is still beyond
        # tolerance. The resolved exceptions stay resolved (history).
        return super(AccountMove, review_route(self)).button_draft()

    def request_validation(self):
        bills = self._dist_bills_to_match()
        if bills:
            # the matrix reads the variance and its exceptions: both now
            bills._dist_rematch()
            bills._dist_sync_variance_exceptions()
            held = bills._dist_held().filtered(lambda m: not m.review_ids)
            for move in held:
                move._dist_ensure_default_matrix_line()
            held._dist_check_covered()
        return super().request_validation()

    def _dist_requesters(self):
        requesters = super()._dist_requesters()
        if self.move_type in BILL_TYPES:
            # sudo: who placed the purchase orders billed: a buyer does not
            # approve the variance of their own order
            requesters |= self.sudo().invoice_line_ids.purchase_line_id.order_id.user_id
        return requesters

    def _dist_needs_approval_intro(self):
        if self.move_type in BILL_TYPES and self.dist_match_state == "variance":
            return self.env._(
                "%(bill)s is beyond its match tolerance (%(what)s) and needs "
                "approval before it can be posted",
                bill=self.display_name,
                what=self.invoice_line_ids._dist_variance_summary(),
            )
        return super()._dist_needs_approval_intro()


class DistException(models.Model):
    _inherit = "dist.exception"

    def _dist_resolve_bill_variances(self, note):
        """Resolve these variance exceptions of bills, saying how."""
        if not self:
            return
        # sudo: the match closes the exceptions it raised, for whoever
        # posts the bill; the root cause is the shipped one for variances
        exceptions = self.sudo()
        exceptions.write(
            {
                "root_cause_id": self.env.ref(
                    "dist_finance_controls.root_cause_bill_variance"
                ).id,
                "corrective_action": note,
            }
        )
        exceptions.action_resolve()
