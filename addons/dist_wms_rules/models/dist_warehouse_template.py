from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dist_governance.roles import check_role

RECEPTION_STEPS = [
    ("one_step", "Receive in 1 step (stock)"),
    ("two_steps", "Receive then store (2 steps)"),
    ("three_steps", "Receive, quality control, then store (3 steps)"),
]
DELIVERY_STEPS = [
    ("ship_only", "Deliver (1 step)"),
    ("pick_ship", "Pick then deliver (2 steps)"),
    ("pick_pack_ship", "Pick, pack, then deliver (3 steps)"),
]


class DistWarehouseTemplate(models.Model):
    """The company's standard for a warehouse: receipt and delivery steps,
    putaway by product category, receiving tolerance, quality-checked
    categories, count cadence per class and daily count cap, quarantine.
    Applying it configures a warehouse through Odoo's own objects (the
    warehouse's steps and routes, locations, putaway rules); the compliance
    check lists where a warehouse deviates from it."""

    _name = "dist.warehouse.template"
    _description = "Warehouse standard"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    reception_steps = fields.Selection(
        selection=RECEPTION_STEPS, required=True, default="one_step"
    )
    delivery_steps = fields.Selection(
        selection=DELIVERY_STEPS, required=True, default="ship_only"
    )
    putaway_ids = fields.One2many(
        comodel_name="dist.warehouse.template.putaway", inverse_name="template_id"
    )
    rcv_tolerance_percent = fields.Float(
        string="Receiving tolerance (%)", digits=(5, 2), default=5.0
    )
    rcv_tolerance_qty = fields.Float(
        string="Receiving tolerance (units)", digits="Product Unit of Measure"
    )
    quality_checklist_id = fields.Many2one(
        comodel_name="dist.quality.checklist",
        string="Quality checklist",
        check_company=True,
        help="The checklist receipts of the categories below go through.",
    )
    quality_categ_ids = fields.Many2many(
        comodel_name="product.category", string="Quality-checked categories"
    )
    count_days_a = fields.Integer(string="Count A every (days)", default=30)
    count_days_b = fields.Integer(string="Count B every (days)", default=90)
    count_days_c = fields.Integer(string="Count C every (days)", default=365)
    count_cap = fields.Integer(string="Count lines per day", default=200)
    quarantine_name = fields.Char(
        string="Quarantine location", default="Quarantine", required=True
    )
    warehouse_ids = fields.One2many(
        comodel_name="stock.warehouse", inverse_name="dist_template_id"
    )
    deviation_ids = fields.One2many(
        comodel_name="dist.warehouse.deviation", inverse_name="template_id"
    )
    active = fields.Boolean(default=True)

    @api.constrains(
        "count_days_a",
        "count_days_b",
        "count_days_c",
        "count_cap",
        "rcv_tolerance_percent",
        "rcv_tolerance_qty",
    )
    def _check_values(self):
        for template in self:
            if (
                min(template.count_days_a, template.count_days_b, template.count_days_c)
                < 1
            ):
                raise ValidationError(
                    self.env._(
                        "%(name)s: a count cadence is at least 1 day.",
                        name=template.name,
                    )
                )
            if template.count_cap < 1:
                raise ValidationError(
                    self.env._(
                        "%(name)s: a warehouse counts at least one line a day.",
                        name=template.name,
                    )
                )
            if (
                not 0 <= template.rcv_tolerance_percent <= 100
                or template.rcv_tolerance_qty < 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(name)s: the receiving tolerance must be between 0 "
                        "and 100 %% and at least 0 units.",
                        name=template.name,
                    )
                )

    @api.constrains("quality_categ_ids", "quality_checklist_id")
    def _check_quality(self):
        for template in self:
            if template.quality_categ_ids and not template.quality_checklist_id:
                raise ValidationError(
                    self.env._(
                        "%(name)s names quality-checked categories: choose the "
                        "checklist they go through.",
                        name=template.name,
                    )
                )

    # ------------------------------------------------------------------
    # applying
    # ------------------------------------------------------------------

    def action_apply(self, warehouses=None):
        """Configure `warehouses` (default: those following the template)."""
        check_role(
            self.env,
            self.env._("apply a warehouse standard"),
            "dist_wms_rules.group_warehouse_manager",
        )
        self.check_access("write")
        self.ensure_one()
        warehouses = warehouses if warehouses is not None else self.warehouse_ids
        alien = warehouses.filtered(lambda w: w.company_id != self.company_id)
        if alien:
            raise UserError(
                self.env._(
                    "%(template)s is a standard of %(company)s; it cannot "
                    "configure %(warehouses)s of another company.",
                    template=self.name,
                    company=self.company_id.name,
                    warehouses=", ".join(alien.mapped("name")),
                )
            )
        for warehouse in warehouses:
            self._dist_apply_to(warehouse)
        self._dist_check_compliance(warehouses)
        return True

    def _dist_apply_to(self, warehouse):
        warehouse.write(
            {
                "dist_template_id": self.id,
                "reception_steps": self.reception_steps,
                "delivery_steps": self.delivery_steps,
                "dist_rcv_tolerance_own": True,
                "dist_rcv_tolerance_percent": self.rcv_tolerance_percent,
                "dist_rcv_tolerance_qty": self.rcv_tolerance_qty,
                "dist_count_days_a": self.count_days_a,
                "dist_count_days_b": self.count_days_b,
                "dist_count_days_c": self.count_days_c,
                "dist_count_cap": self.count_cap,
            }
        )
        warehouse.dist_quarantine_location_id = self._dist_location(
            warehouse, warehouse.view_location_id, self.quarantine_name
        )
        Rule = self.env["stock.putaway.rule"]
        for line in self.putaway_ids:
            target = line._dist_target(warehouse)
            rule = Rule.search(
                [
                    ("location_in_id", "=", warehouse.lot_stock_id.id),
                    ("category_id", "=", line.categ_id.id),
                    ("product_id", "=", False),
                    ("company_id", "=", warehouse.company_id.id),
                ],
                limit=1,
            )
            values = {
                "location_in_id": warehouse.lot_stock_id.id,
                "category_id": line.categ_id.id,
                "location_out_id": target.id,
                "company_id": warehouse.company_id.id,
            }
            if rule:
                rule.write(values)
            else:
                Rule.create(values)
        if self.quality_categ_ids:
            self.quality_checklist_id.write(
                {"categ_ids": [Command.link(c.id) for c in self.quality_categ_ids]}
            )

    @api.model
    def _dist_location(self, warehouse, parent, path):
        """The internal location `path` ("Bulk/Row 1") under `parent`,
        created where missing."""
        Location = self.env["stock.location"]
        location = parent
        for name in [part.strip() for part in path.split("/") if part.strip()]:
            child = Location.search(
                [("location_id", "=", location.id), ("name", "=", name)], limit=1
            )
            location = child or Location.create(
                {
                    "name": name,
                    "location_id": location.id,
                    "usage": "internal",
                    "company_id": warehouse.company_id.id,
                }
            )
        return location

    # ------------------------------------------------------------------
    # compliance
    # ------------------------------------------------------------------

    def action_check_compliance(self):
        # the deviation list is rewritten with the system's rights
        check_role(
            self.env,
            self.env._("check warehouses against their standard"),
            "stock.group_stock_user",
        )
        self.check_access("read")
        self._dist_check_compliance(self.warehouse_ids)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_wms_rules.dist_warehouse_deviation_action"
        )
        action["domain"] = [("template_id", "in", self.ids)]
        return action

    @api.model
    def _dist_check_compliance(self, warehouses):
        """Replace the recorded deviations of `warehouses` by what they
        deviate from their template now."""
        # sudo: the deviation list is the system's record of a check any
        # warehouse user may run, for warehouses they can read
        Deviation = self.env["dist.warehouse.deviation"].sudo()
        Deviation.search([("warehouse_id", "in", warehouses.ids)]).unlink()
        vals_list = []
        for warehouse in warehouses.filtered("dist_template_id"):
            template = warehouse.dist_template_id
            for aspect, expected, actual in template._dist_deviations(warehouse):
                vals_list.append(
                    {
                        "template_id": template.id,
                        "warehouse_id": warehouse.id,
                        "company_id": warehouse.company_id.id,
                        "aspect": aspect,
                        "expected": expected,
                        "actual": actual,
                    }
                )
        return Deviation.create(vals_list)

    def _dist_deviations(self, warehouse):
        """[(aspect, expected, actual)] where `warehouse` differs."""
        self.ensure_one()
        _ = self.env._
        found = []

        def label(field, value):
            return dict(self._fields[field]._description_selection(self.env)).get(
                value, value or "-"
            )

        if warehouse.reception_steps != self.reception_steps:
            found.append(
                (
                    _("Receipt steps"),
                    label("reception_steps", self.reception_steps),
                    label("reception_steps", warehouse.reception_steps),
                )
            )
        if warehouse.delivery_steps != self.delivery_steps:
            found.append(
                (
                    _("Delivery steps"),
                    label("delivery_steps", self.delivery_steps),
                    label("delivery_steps", warehouse.delivery_steps),
                )
            )
        tolerance = (self.rcv_tolerance_percent, self.rcv_tolerance_qty)
        actual = (
            (warehouse.dist_rcv_tolerance_percent, warehouse.dist_rcv_tolerance_qty)
            if warehouse.dist_rcv_tolerance_own
            else (
                warehouse.company_id.dist_rcv_tolerance_percent,
                warehouse.company_id.dist_rcv_tolerance_qty,
            )
        )
        if tolerance != actual:
            found.append(
                (
                    _("Receiving tolerance"),
                    _("%(p)s %% / %(q)s units", p=tolerance[0], q=tolerance[1]),
                    _("%(p)s %% / %(q)s units", p=actual[0], q=actual[1]),
                )
            )
        for abc in ("A", "B", "C"):
            want = self[f"count_days_{abc.lower()}"]
            have = warehouse._dist_count_cadence(abc)
            if want != have:
                found.append(
                    (
                        _("Count cadence %(abc)s", abc=abc),
                        _("%(days)s days", days=want),
                        _("%(days)s days", days=have),
                    )
                )
        if warehouse.dist_count_cap != self.count_cap:
            found.append(
                (
                    _("Count lines per day"),
                    str(self.count_cap),
                    str(warehouse.dist_count_cap),
                )
            )
        quarantine = warehouse.dist_quarantine_location_id
        if not quarantine or quarantine.name != self.quarantine_name:
            found.append(
                (
                    _("Quarantine location"),
                    self.quarantine_name,
                    quarantine.display_name or _("none"),
                )
            )
        rules = self.env["stock.putaway.rule"].search(
            [
                ("location_in_id", "=", warehouse.lot_stock_id.id),
                ("product_id", "=", False),
                ("category_id", "in", self.putaway_ids.categ_id.ids),
            ]
        )
        by_categ = {rule.category_id: rule for rule in rules}
        for line in self.putaway_ids:
            rule = by_categ.get(line.categ_id)
            want = line._dist_expected_name(warehouse)
            have = rule.location_out_id.display_name if rule else _("no putaway rule")
            if have != want:
                found.append(
                    (
                        _("Putaway of %(categ)s", categ=line.categ_id.display_name),
                        want,
                        have,
                    )
                )
        if self.quality_categ_ids:
            missing = self.quality_categ_ids - self.quality_checklist_id.categ_ids
            if missing:
                found.append(
                    (
                        _("Quality-checked categories"),
                        ", ".join(self.quality_categ_ids.mapped("display_name")),
                        _(
                            "%(names)s not checked",
                            names=", ".join(missing.mapped("display_name")),
                        ),
                    )
                )
        return found
