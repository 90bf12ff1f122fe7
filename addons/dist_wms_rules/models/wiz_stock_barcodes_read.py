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
