from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .atp import Availability

OVERRIDE_GROUP = "dist_wms_rules.group_promise_override"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _dist_check_promises(self):
        """Available-to-promise of every stocked line of these orders, in
        one pass per company: writes each line's availability, earliest and
        promise date; returns the lines not met by their commitment date.
        Dates are days of the line's warehouse (its time zone's), stored as
        the last second of the day: a promise holds until its day ends."""
        now = fields.Datetime.now()
        short = self.env["sale.order.line"]
        for company in self.company_id:
            orders = self.filtered(lambda o, c=company: o.company_id == c)
            lines = orders.order_line._dist_atp_lines()
            if not lines:
                continue
            warehouse_of = {
                line: (line.warehouse_id or line.order_id.warehouse_id)
                for line in lines
            }
            availability = Availability(
                self.env,
                company,
                set(lines.product_id.ids),
                {w.id for w in warehouse_of.values() if w},
                exclude_moves=lines.move_ids.ids,
            )
            today_of = {w: w._dist_today() for w in set(warehouse_of.values()) if w}
            ordered = sorted(
                lines,
                key=lambda line: (
                    line._dist_commitment(now),
                    line.order_id.id,
                    line.sequence,
                    line.id,
                ),
            )
            rows = []
            for line in ordered:
                warehouse = warehouse_of[line]
                commitment = line._dist_commitment(now)
                quantity = line.product_uom._compute_quantity(
                    line.product_uom_qty, line.product_id.uom_id
                )
                if not warehouse:
                    source, available, earliest = False, 0.0, None
                else:
                    source, available, day = availability.promise(
                        line.product_id.id,
                        warehouse.id,
                        quantity,
                        warehouse._dist_local_day(commitment),
                        today_of[warehouse],
                    )
                    earliest = warehouse._dist_day_end(day) if day else None
                rows.append(
                    (
                        line.id,
                        source or "short",
                        max(available, 0.0),
                        earliest,
                        earliest,
                    )
                )
                if not source:
                    short |= line
            self._dist_write_promises(rows)
        return short

    def _dist_write_promises(self, rows):
        """One UPDATE for all the lines checked (the check's query count
        does not grow with the number of lines)."""
        ids, sources, quantities, earliest, promised = zip(*rows, strict=True)
        fnames = [
            "dist_atp_source",
            "dist_atp_qty",
            "dist_earliest_date",
            "dist_promise_date",
        ]
        self.env["sale.order.line"].flush_model(fnames)
        self.env.cr.execute(
            SQL(
                """
                UPDATE sale_order_line l
                   SET dist_atp_source = v.source,
                       dist_atp_qty = v.qty,
                       dist_earliest_date = v.earliest,
                       dist_promise_date = v.promised
                  FROM unnest(%s::int4[], %s::varchar[], %s::float8[],
                              %s::timestamp[], %s::timestamp[])
                       AS v(id, source, qty, earliest, promised)
                 WHERE l.id = v.id
                """,
                list(ids),
                list(sources),
                list(quantities),
                list(earliest),
                list(promised),
            )
        )
        self.env["sale.order.line"].browse(ids).invalidate_recordset(fnames)

    def action_dist_check_availability(self):
        """The quotation's button: availability and dates of every line,
        nothing refused."""
        # the promise dates are written in SQL: who may change the orders
        self.check_access("write")
        self._dist_check_promises()
        return True

    def action_confirm(self):
        """Orders whose lines cannot be met by their commitment date are
        refused with the earliest date of each line; a user holding the
        promise override confirms them with a reason, which is logged.
        System confirmations (superuser, e.g. a paid web order) are never
        refused but get their promise dates all the same."""
        # the promise dates are written in SQL before Odoo's confirmation
        # checks the caller's rights: check them first
        self.check_access("write")
        checked = self.filtered(lambda o: o.company_id.dist_atp_check)
        short = checked._dist_check_promises() if checked else None
        if short and not self.env.su:
            reason = (
                self.env.context.get("dist_promise_override_reason") or ""
            ).strip()
            if not self.env.user.has_group(OVERRIDE_GROUP):
                raise UserError(self._dist_shortfall_message(short))
            if not reason:
                return self._dist_override_action(short)
            short.order_id._dist_log_override(short, reason)
        return super().action_confirm()

    def _dist_shortfall_lines(self, short):
        lines = []
        for line in short:
            # the days of the warehouse the line ships from
            place = line.warehouse_id or line.order_id.warehouse_id or line.company_id
            earliest = place._dist_local_day(line.dist_earliest_date)
            lines.append(
                self.env._(
                    "- %(order)s, %(product)s: %(qty)s %(uom)s by %(date)s, "
                    "%(available)s available; %(earliest)s",
                    order=line.order_id.name,
                    product=line.product_id.display_name,
                    qty=line.product_uom_qty,
                    uom=line.product_uom.name,
                    date=fields.Date.to_string(
                        place._dist_local_day(
                            line._dist_commitment(fields.Datetime.now())
                        )
                    ),
                    available=round(line.dist_atp_qty, 2),
                    earliest=self.env._(
                        "earliest %(date)s", date=fields.Date.to_string(earliest)
                    )
                    if earliest
                    else self.env._("no receipt planned and no vendor: no date"),
                )
            )
        return "\n".join(lines)

    def _dist_shortfall_message(self, short):
        return self.env._(
            "These lines cannot be met by their commitment date:\n%(lines)s\n"
            "Move the commitment date to the earliest date, change the "
            "quantities, or ask a user allowed to confirm beyond "
            "available-to-promise.",
            lines=self._dist_shortfall_lines(short),
        )

    def _dist_override_action(self, short):
        wizard = self.env["sale.order.promise.override"].create(
            {
                "order_ids": [fields.Command.set(short.order_id.ids)],
                "summary": self._dist_shortfall_lines(short),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Confirm beyond available-to-promise"),
            "res_model": "sale.order.promise.override",
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": dict(self.env.context),
        }

    def _dist_log_override(self, short, reason):
        Audit = self.env["dist.audit.entry"]
        for order in self:
            lines = short.filtered(lambda line, o=order: line.order_id == o)
            detail = self._dist_shortfall_lines(lines)
            Audit._log(order, "promise_override", old=detail[:250], new=reason[:250])
            order.message_post(
                body=self.env._(
                    "Confirmed beyond available-to-promise by %(user)s: "
                    "%(reason)s\n%(lines)s",
                    user=self.env.user.name,
                    reason=reason,
                    lines=detail,
                ),
                subtype_xmlid="mail.mt_note",
            )
