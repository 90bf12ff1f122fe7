"""The warehouse rules through OCA's scanner app (stock_barcodes).

The scanner's wizards end in Odoo's own paths, where the rules sit: a
receipt is validated with the picking's Validate (receiving tolerance,
quality checks, the reason form), a count is applied with Odoo's apply
wizard (the approval matrix, count results). What is closed here is what
the scanner adds on its way: it works on the picking or location the
wizard holds, a record the caller may never have opened, and its "No
backorder" choice per line leaves a short line final without the
operation's backorder setting.
"""

from odoo import models
from odoo.exceptions import UserError


class WizStockBarcodesRead(models.AbstractModel):
    _inherit = "wiz.stock.barcodes.read"

    def _dist_check_scope(self, picking=None, locations=None):
        """The picking and locations a scan works on must be ones the
        caller may see (their companies, the record rules): the scanner's
        wizard takes them from the client as plain ids."""
        Picking = self.env["stock.picking"]
        if picking and not Picking.search_count([("id", "in", picking.ids)]):
            raise UserError(
                self.env._(
                    "You cannot scan into this transfer: it belongs to a company "
                    "you do not work in."
                )
            )
        locations = (locations or self.env["stock.location"]).filtered("id")
        if locations:
            seen = self.env["stock.location"].search_count(
                [("id", "in", locations.ids)]
            )
            if seen != len(locations):
                raise UserError(
                    self.env._(
                        "You cannot scan in this location: it belongs to a "
                        "company you do not work in."
                    )
                )


class WizStockBarcodesReadPicking(models.TransientModel):
    _inherit = "wiz.stock.barcodes.read.picking"

    def _process_stock_move_line(self):
        # a scan writes the picking's lines: only on a picking of the
        # caller's companies, from and to their locations
        self._dist_check_scope(
            self.env.context.get("picking", self.picking_id),
            self.location_id | self.location_dest_id,
        )
        return super()._process_stock_move_line()

    def _get_picking_to_validate(self):
        self._dist_check_scope(self.picking_id)
        return super()._get_picking_to_validate()


class WizStockBarcodesReadInventory(models.TransientModel):
    _inherit = "wiz.stock.barcodes.read.inventory"

    def _add_inventory_quant(self):
        # Odoo creates a counted quant as superuser once the fields are
        # allowed: the location must be one of the caller's companies
        self._dist_check_scope(locations=self.location_id)
        return super()._add_inventory_quant()


class StockPickingType(models.Model):
    _inherit = "stock.picking.type"

    def _dist_set_barcode_options(self):
        """Receipts, deliveries and internal transfers without scanner
        options get OCA's generic operation options (those the scanner
        itself uses for a transfer whose type has none, without packing
        every receipt): the scanner app lists only the operation types that
        have options. A warehouse manager may choose others."""
        options = self.env.ref(
            "stock_barcodes.stock_barcodes_option_group_operation",
            raise_if_not_found=False,
        )
        todo = self.filtered(
            lambda t: (
                t.code in ("incoming", "outgoing", "internal")
                and not t.barcode_option_group_id
            )
        )
        if options and todo:
            # sudo: set up with the warehouse, by whoever creates it
            todo.sudo().barcode_option_group_id = options
        return todo


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    def _create_or_update_sequences_and_picking_types(self):
        result = super()._create_or_update_sequences_and_picking_types()
        self.env["stock.picking.type"].with_context(active_test=False).search(
            [("warehouse_id", "in", self.ids)]
        )._dist_set_barcode_options()
        return result
