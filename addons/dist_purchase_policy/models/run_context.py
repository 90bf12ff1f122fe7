"""The context of one replenishment run of one company: its settings,
read once, and what the run knows as it goes. A plain object (not a model):
the run's methods read and fill it."""

from datetime import timedelta

from odoo import fields


class RunContext:
    """What one run of one company knows as it goes (plain Python values)."""

    def __init__(self, run_model, company, anchor, warehouse_ids=None, reader=None):
        self.env = run_model.env
        self.company = company
        self.anchor = anchor
        # the run's date: the company's day (its time zone's), whose start
        # is the anchor
        self.today = company._dist_local_day(anchor)
        self.now = fields.Datetime.now()
        self.period_days = company._dist_period_days()
        self.periods = company.dist_history_periods
        self.start = anchor - timedelta(days=self.period_days * self.periods)
        # the company's settings, read once (the loops run per segment)
        self.cut_a = company.dist_abc_cut_a
        self.cut_b = company.dist_abc_cut_b
        self.cut_x = company.dist_xyz_cut_x
        self.cut_y = company.dist_xyz_cut_y
        self.abc_margin = company.dist_abc_margin
        self.xyz_margin = company.dist_xyz_margin
        self.runs = company.dist_hysteresis_runs
        self.min_receipts = company.dist_min_receipts
        self.holding_rate = company.dist_holding_rate / 100.0
        self.order_cost = company.dist_order_cost
        self.stats = {}
        # warehouse jobs of a large company: the warehouses this run writes
        self.scope = sorted(warehouse_ids) if warehouse_ids else None
        # (product, warehouse) -> engine.records.Segment being computed
        self.segments = {}
        self.history = []
        # vendor scorecards (engine.records.VendorCard): partner -> card,
        # (partner, product) -> card
        self.vendor_cards = {}
        self.product_cards = {}
        # statements handed to the reader: name -> Future of rows; `priority`
        # puts this company's before those of the companies after it
        self.reader = reader
        self.priority = 0
        self.reads = {}
        self.offloaded = 0
        # called once the run submitted all of its statements
        self.then = None
        # filled as the run goes (see the run's methods)
        self.matrix = {}  # (abc, xyz, pattern) -> policy id
        self.text = {}  # the run's sentences
        self.existing = {}  # (product, warehouse) -> (segment id, values)
        self.overrides = {}  # (product, warehouse or None) -> (override, policy)
        self.policies = {}  # policy id -> engine.records.Policy
        self.packs = {}  # product -> purchase pack
        self.partner_names = {}
        self.suppliers = {}  # product -> [engine.records.Supplier]
        self.categories = {}  # product -> category
        self.grades = {}  # partner -> grade
        self.choice_weights = None  # engine.records.ChoiceWeights
        self.vendor_choice = {}  # product -> engine.records.VendorChoice
        self.warehouses = {}  # id -> {"code", "location_id"}
        self.orderpoint_by_segment = {}
        self.buyers = {}
        self.role_buyer = None

    def submitted(self):
        """All of this run's statements are submitted."""
        then, self.then = self.then, None
        if then:
            then()

    def count(self, key, value=1):
        self.stats[key] = self.stats.get(key, 0) + value

    def submit(self, name, query, tables=()):
        self.reads[name] = self.reader.submit(query, self.priority, tables)
        if self.reader.parallel and not self.reader.written.intersection(tables):
            # not on the run's cursor: counted here for the run's figures
            self.offloaded += 1
