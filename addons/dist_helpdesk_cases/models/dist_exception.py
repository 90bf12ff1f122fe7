from odoo import api, fields, models

# the documents whose exceptions open cases (the categories' "Opens cases
# for" names which exception types do)
SOURCE_MODEL = "stock.picking"


class DistException(models.Model):
    """Exceptions of delivery problems open a customer case in the category
    that handles their type, once; the case and the exception close
    together."""

    _inherit = "dist.exception"

    dist_ticket_ids = fields.One2many(
        comodel_name="helpdesk.ticket", inverse_name="dist_exception_id"
    )

    @api.model
    def raise_exception(self, type_code, source, summary, **values):
        exception = super().raise_exception(type_code, source, summary, **values)
        exception._dist_open_cases()
        return exception

    def _dist_case_categories(self):
        """{exception type code: category} of the categories that open cases."""
        # sudo: routing configuration, read for whoever raises the exception
        categories = (
            self.env["helpdesk.ticket.category"]
            .sudo()
            .search([("dist_exception_codes", "!=", False)])
        )
        routes = {}
        for category in categories:
            for code in (category.dist_exception_codes or "").split(","):
                if code.strip():
                    routes.setdefault(code.strip(), category)
        return routes

    def _dist_open_cases(self):
        """A case for each open exception of a routed type on a delivery
        that has none yet (a recurrence or a second check adds nothing)."""
        routes = self._dist_case_categories()
        # sudo: whoever raised the exception (a warehouse operator, a job)
        # may not read the register; only its type, state and source count
        todo = self.sudo().filtered(
            lambda e: (
                e.state in ("open", "progress")
                and e.res_model == SOURCE_MODEL
                and e.type_id.code in routes
                and not e.dist_ticket_ids
            )
        )
        if not todo:
            return self.env["helpdesk.ticket"]
        # sudo: the system opens the case for the service team, whoever
        # raised the exception (a warehouse operator, a scheduled check)
        Ticket = self.env["helpdesk.ticket"].sudo()
        vals_list = []
        for exception in todo:
            picking = self.env[SOURCE_MODEL].sudo().browse(exception.res_id)
            category = routes[exception.type_id.code]
            partner = picking.partner_id
            vals_list.append(
                {
                    "name": exception.summary[:200],
                    "description": exception.description or exception.summary,
                    "category_id": category.id,
                    "team_id": category.dist_team_id.id or False,
                    "company_id": exception.company_id.id,
                    "partner_id": partner.id or False,
                    "partner_name": partner.name or False,
                    "partner_email": partner.email or False,
                    "dist_picking_id": picking.id,
                    "dist_sale_order_id": picking.sale_id.id or False,
                    "dist_product_id": exception.product_id.id or False,
                    "dist_exception_id": exception.id,
                }
            )
        return Ticket.with_company(todo.company_id[:1]).create(vals_list)

    @api.model
    def _cron_dist_open_cases(self):
        """Cases for open exceptions raised before this addon was installed
        or written in bulk; idempotent."""
        routes = self._dist_case_categories()
        if not routes:
            return self.env["helpdesk.ticket"]
        # sudo: the scheduled check covers every company
        exceptions = self.sudo().search(
            [
                ("state", "in", ("open", "progress")),
                ("res_model", "=", SOURCE_MODEL),
                ("type_id.code", "in", list(routes)),
                ("dist_ticket_ids", "=", False),
            ]
        )
        return exceptions._dist_open_cases()

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") in ("resolved", "cancel") and not self.env.context.get(
            "dist_closing_case"
        ):
            self.sudo().dist_ticket_ids._dist_close_from_exception()
        return result
