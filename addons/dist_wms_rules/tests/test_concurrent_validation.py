import threading

from psycopg2 import errors

from odoo import Command, api
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase
from odoo.tools import SQL, mute_logger

OPERATOR_GROUPS = "base.group_user,dist_wms_rules.group_warehouse_operator"
USERS = (("dist_conc_anna", "Anna"), ("dist_conc_bob", "Bob"))
PARTNER = "Concurrent Hardware"
PRODUCT = "Concurrent gate valve"


@tagged("post_install", "-at_install")
class TestConcurrentValidation(TransactionCase):
    """Two warehouse operators press Validate on the same transfer at once,
    each in their own transaction, as two requests to two workers: the first
    validates it, the second waits, then is told in words who did, never
    Odoo's internal errors (a partner following twice, a replay on a done
    transfer)."""

    def setUp(self):
        super().setUp()
        # committed data both transactions see, removed after the test (and
        # before it, should an interrupted run have left some)
        self._cleanup()
        self.addCleanup(self._cleanup)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            env = env(context={"allowed_company_ids": company.ids})
            users = env["res.users"]
            for login, name in USERS:
                users |= new_test_user(
                    env,
                    login=login,
                    name=name,
                    groups=OPERATOR_GROUPS,
                    company_id=company.id,
                    company_ids=[Command.set(company.ids)],
                )
            product = env["product.product"].create({"name": PRODUCT, "type": "consu"})
            partner = env["res.partner"].create({"name": PARTNER})
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )
            pickings = []
            for picking_type in (warehouse.in_type_id, warehouse.out_type_id):
                picking = env["stock.picking"].create(
                    {
                        "picking_type_id": picking_type.id,
                        "partner_id": partner.id,
                        "move_ids": [
                            Command.create(
                                {
                                    "name": product.name,
                                    "product_id": product.id,
                                    "product_uom_qty": 4,
                                    "product_uom": product.uom_id.id,
                                }
                            )
                        ],
                    }
                )
                picking.action_confirm()
                picking.move_ids.quantity = 4
                picking.move_ids.picked = True
                pickings.append(picking.id)
        self.receipt_id, self.delivery_id = pickings
        self.anna_id, self.bob_id = users.ids

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})
            users = env["res.users"].search([("login", "in", [u for u, _n in USERS])])
            partners = env["res.partner"].search([("name", "=", PARTNER)])
            products = env["product.product"].search([("name", "=", PRODUCT)])
            pickings = env["stock.picking"].search([("partner_id", "in", partners.ids)])
            p = tuple(pickings.ids) or (0,)
            for query in (
                "DELETE FROM mail_followers "
                "WHERE res_model = 'stock.picking' AND res_id IN %(p)s",
                "DELETE FROM mail_message "
                "WHERE model = 'stock.picking' AND res_id IN %(p)s",
                "DELETE FROM stock_valuation_layer WHERE stock_move_id IN "
                "(SELECT id FROM stock_move WHERE picking_id IN %(p)s)",
                "DELETE FROM stock_move_line WHERE picking_id IN %(p)s",
                "DELETE FROM stock_move WHERE picking_id IN %(p)s",
                "DELETE FROM stock_picking WHERE id IN %(p)s",
            ):
                cr.execute(SQL(query, p=p))
            env.invalidate_all()
            templates = products.product_tmpl_id
            user_partners = users.partner_id
            users.unlink()
            products.unlink()
            templates.unlink()
            (partners | user_partners).exists().unlink()

    def _validate_at_once(self, picking_id, first_uid, second_uid):
        """`first_uid` validates the transfer and holds their transaction
        open while `second_uid` validates it too, replayed on a serialization
        failure as Odoo's RPC layer does (odoo.service.model.retrying);
        returns (the second's outcome, whether they waited for the first)."""
        cr1 = self.registry.cursor()
        cr2 = self.registry.cursor()
        outcome = {}
        try:
            env1 = api.Environment(cr1, first_uid, {})
            env2 = api.Environment(cr2, second_uid, {})
            # both transactions hold a snapshot before either validates
            cr1.execute("SELECT 1")
            cr2.execute("SELECT 1")
            self.assertIs(
                env1["stock.picking"].browse(picking_id).button_validate(), True
            )

            def second():
                # what Odoo's RPC layer does on a serialization failure
                # (odoo.service.model.retrying): roll back, replay
                for attempt in range(1, 4):
                    try:
                        outcome["result"] = (
                            env2["stock.picking"].browse(picking_id).button_validate()
                        )
                        cr2.commit()
                        return
                    except errors.SerializationFailure:
                        cr2.rollback()
                        env2.invalidate_all()
                        outcome["retries"] = attempt
                    except Exception as error:  # reported by the assertions
                        cr2.rollback()
                        outcome["error"] = error
                        return

            thread = threading.Thread(target=second)
            # the second's first attempt is logged as a bad query
            with mute_logger("odoo.sql_db"):
                thread.start()
                thread.join(timeout=1.5)
                waited = thread.is_alive()
                cr1.commit()
                thread.join(timeout=60)
            self.assertFalse(thread.is_alive())
        finally:
            cr1.close()
            cr2.close()
        return outcome, waited

    def test_two_operators_validate_one_receipt(self):
        outcome, waited = self._validate_at_once(
            self.receipt_id, self.anna_id, self.bob_id
        )
        self.assertTrue(waited, "the second validation waits for the first")
        self.assertNotIn("result", outcome)
        self.assertIsInstance(outcome["error"], UserError)
        self.assertEqual(outcome["retries"], 1, "replayed once, then refused")
        name, state, _followers = self._committed(self.receipt_id)
        self.assertEqual(
            outcome["error"].args[0],
            f"Receipt {name} was just validated by Anna; reload it.",
        )
        self.assertEqual(state, "done")

    def test_same_operator_validates_one_delivery_twice(self):
        # two tabs, or a double click: the same follower would be added twice
        outcome, waited = self._validate_at_once(
            self.delivery_id, self.anna_id, self.anna_id
        )
        self.assertTrue(waited)
        self.assertIsInstance(outcome.get("error"), UserError)
        name, state, followers = self._committed(self.delivery_id)
        self.assertEqual(
            outcome["error"].args[0],
            f"Delivery {name} was just validated by Anna; reload it.",
        )
        self.assertEqual(state, "done")
        self.assertEqual(followers.count("Anna"), 1, "Anna follows it once")

    def _committed(self, picking_id):
        """(name, state, follower names) of the transfer as committed (the
        test's own transaction predates the validations)."""
        with self.registry.cursor() as cr:
            picking = api.Environment(cr, api.SUPERUSER_ID, {})["stock.picking"]
            picking = picking.browse(picking_id)
            return (
                picking.name,
                picking.state,
                picking.message_partner_ids.mapped("name"),
            )
