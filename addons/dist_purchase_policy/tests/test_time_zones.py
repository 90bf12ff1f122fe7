from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ReplenishmentCase

# 20:00 on 1 June in Los Angeles (UTC-7 in summer) is 03:00 UTC on 2 June
EVENING_1_JUNE_LA = datetime(2026, 6, 2, 3, 0)


@tagged("post_install", "-at_install")
class TestRunDay(ReplenishmentCase):
    """The company is in Los Angeles: a run there at 20:00 on 1 June (2 June
    already in UTC) is the run of 1 June, whoever starts it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dist_tz = "America/Los_Angeles"
        cls.bolt = cls.product("Carriage bolt M10", cost=10.0, min_qty=50.0)
        cls.demand(cls.bolt, [100] * 12)
        cls.stock(cls.bolt, 10.0)

    def test_run_date_need_date_and_rfq_are_company_days(self):
        self.set_cell_policy("A", "X", "smooth", "strategic")
        with freeze_time(EVENING_1_JUNE_LA):
            run = self.Run.with_user(self.manager)._run_company(self.company)
        # demand up to the start of 1 June there (07:00 UTC)
        self.assertEqual(run.anchor, datetime(2026, 6, 1, 7, 0))
        rec = self.env["dist.purchase.recommendation"].search(
            [("product_id", "=", self.bolt.id)]
        )
        self.assertEqual(rec.run_date, date(2026, 6, 1))
        # 10 on hand, 100 a month and no safety stock: about 3 days' cover
        self.assertEqual(rec.need_date, date(2026, 6, 4))
        # a second run the same evening there changes nothing
        with freeze_time(datetime(2026, 6, 2, 6, 0)):
            again = self.Run.with_user(self.manager)._run_company(self.company)
        self.assertEqual(again.anchor, run.anchor)
        self.assertEqual(again.recommendations_created, 0)
        # the RFQ expects the goods by the end of the need day there
        rec = rec.with_user(self.buyer)
        rec.action_approve()
        rec.action_create_orders()
        self.assertEqual(
            rec.purchase_id.order_line.date_planned,
            datetime.combine(rec.need_date + timedelta(days=1), datetime.min.time())
            + timedelta(hours=7, seconds=-1),
        )
