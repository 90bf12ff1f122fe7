"""Fulfilment priority of deliveries.

score = tier weight x tier share            (strategic 1, key 2/3, standard 1/3)
      + promise weight x urgency            (1 when the promise date is due or
                                             past, falling to 0 a week ahead)
      + age weight x age share              (the order's age, full at 14 days)
      + case weight x (an open case on it)

Weights are set per company (defaults 40/30/20/10, so a score is out of
100). The queue sorts pinned deliveries first, then by score; only
warehouse managers pin, with a reason. Scores are refreshed for all open
deliveries in one statement when the hourly check runs, and on demand.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.dist_governance.roles import check_role

TIER_SHARE = {"strategic": 1.0, "key": 2.0 / 3.0, "standard": 1.0 / 3.0}
MANAGER_GROUP = "dist_wms_rules.group_warehouse_manager"
PRIORITY_FIELDS = ("dist_priority_score", "dist_priority_detail")
PIN_FIELDS = ("dist_pinned", "dist_pin_reason", "dist_pinned_by_id")
OPEN_STATES = ("waiting", "confirmed", "assigned")


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "dist.system.fields.mixin"]
    # computed by the priority refresh, set by a manager's pin button only
    _dist_system_fields = PRIORITY_FIELDS + PIN_FIELDS

    dist_priority_score = fields.Float(
        string="Fulfilment priority",
        digits=(6, 2),
        # a group of the queue (a warehouse) shows its most urgent delivery,
        # not a sum of scores
        aggregator="max",
        copy=False,
        readonly=True,
        index=True,
        help="Computed from the customer's service tier, the promise date, "
        "the order's age and an open case; the picking queue sorts by it.",
    )
    dist_priority_detail = fields.Char(
        string="Priority detail", copy=False, readonly=True
    )
    dist_pinned = fields.Boolean(
        string="Pinned",
        copy=False,
        readonly=True,
        tracking=True,
        help="Pinned by a warehouse manager to the top of the picking queue.",
    )
    dist_pin_reason = fields.Char(string="Pin reason", copy=False, readonly=True)
    dist_pinned_by_id = fields.Many2one(
        comodel_name="res.users", string="Pinned by", copy=False, readonly=True
    )

    def _dist_system_fields_message(self, labels):
        return self.env._(
            "%(fields)s of a transfer are kept by the suite: the fulfilment "
            "priority is computed from the service tier, the promise date, the "
            "order's age and open cases, and a warehouse manager pins or unpins "
            "a delivery with its buttons, with a reason.",
            fields=labels,
        )

    def _dist_open_case_pickings(self):
        """Deliveries of `self` with an open customer case: none here (a
        bridge addon that links cases to deliveries names them)."""
        return self.browse()

    def _dist_priority_values(self, now):
        """{picking id: (score, detail)} of these deliveries."""
        values = {}
        with_case = self._dist_open_case_pickings()
        for picking in self:
            company = picking.company_id
            partner = picking.partner_id.commercial_partner_id
            tier = partner.dist_service_tier or "standard"
            promise = picking.dist_promise_date or picking.scheduled_date
            # days left: days of the warehouse, due today counts as due
            place = picking.picking_type_id.warehouse_id or company
            days_left = (
                (place._dist_local_day(promise) - place._dist_local_day(now)).days
                if promise
                else 7
            )
            urgency = 1.0 if days_left <= 0 else max(0.0, 1.0 - days_left / 7.0)
            ordered = picking.sale_id.date_order or picking.create_date or now
            age = min(max((now - ordered).total_seconds() / 86400.0, 0.0) / 14.0, 1.0)
            case = 1.0 if picking in with_case else 0.0
            parts = (
                company.dist_priority_weight_tier * TIER_SHARE[tier],
                company.dist_priority_weight_promise * urgency,
                company.dist_priority_weight_age * age,
                company.dist_priority_weight_case * case,
            )
            score = round(sum(parts), 2)
            detail = self.env._(
                "tier %(tier).0f + promise %(promise).0f + age %(age).0f + case "
                "%(case).0f",
                tier=parts[0],
                promise=parts[1],
                age=parts[2],
                case=parts[3],
            )
            values[picking.id] = (score, detail)
        return values

    @api.model
    def _dist_refresh_priorities(self, domain=None, now=None):
        """Recompute the score of every open delivery (in `domain`), written
        in one statement; returns the deliveries refreshed."""
        now = now or fields.Datetime.now()
        pickings = self.search(
            [
                ("picking_type_code", "=", "outgoing"),
                ("state", "in", OPEN_STATES),
                *(domain or []),
            ]
        )
        if not pickings:
            return pickings
        values = pickings._dist_priority_values(now)
        self.flush_model(list(PRIORITY_FIELDS))
        ids = list(values)
        self.env.cr.execute(
            SQL(
                """
                UPDATE stock_picking p
                   SET dist_priority_score = v.score,
                       dist_priority_detail = v.detail
                  FROM unnest(%s::int4[], %s::numeric[], %s::varchar[])
                       AS v(id, score, detail)
                 WHERE p.id = v.id
                   AND (p.dist_priority_score, p.dist_priority_detail)
                       IS DISTINCT FROM (v.score, v.detail)
                """,
                ids,
                [values[i][0] for i in ids],
                [values[i][1] for i in ids],
            )
        )
        pickings.invalidate_recordset(list(PRIORITY_FIELDS))
        return pickings

    def action_dist_refresh_priority(self):
        # the scores are written in SQL: a warehouse user of these deliveries
        check_role(
            self.env,
            self.env._("refresh the picking queue's priorities"),
            "stock.group_stock_user",
        )
        self.check_access("read")
        self._dist_refresh_priorities([("id", "in", self.ids)])
        return True

    def _dist_check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only a warehouse manager can pin or unpin deliveries in "
                    "the picking queue."
                )
            )

    def action_dist_pin(self, reason):
        """Pin these deliveries to the top of the queue, with a reason."""
        self._dist_check_manager()
        # the manager's own companies' deliveries only
        self.check_access("write")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why these deliveries jump the queue."))
        # sudo: the pin fields are closed to direct writes; this is their
        # writer, for a manager checked above
        self.sudo().write(
            {
                "dist_pinned": True,
                "dist_pin_reason": reason,
                "dist_pinned_by_id": self.env.uid,
            }
        )
        for picking in self:
            picking.message_post(
                body=self.env._(
                    "Pinned to the top of the picking queue: %(reason)s", reason=reason
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_dist_unpin(self):
        self._dist_check_manager()
        self.check_access("write")
        # sudo: as in action_dist_pin
        self.sudo().write(
            {"dist_pinned": False, "dist_pin_reason": False, "dist_pinned_by_id": False}
        )
        return True
