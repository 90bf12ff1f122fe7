"""The replenishment run's decisions, free of the ORM: typed records in,
typed records out.

- records: the records (vendor cards and options, policies, segments,
  levels, positions, proposals, weights);
- forecasting: the forecast methods' registry;
- scorecards: a vendor's score, grade, trend and drift from its receipts;
- vendors: a product's vendor options and the choice among them;
- levels: safety stock, reorder point and max of a segment;
- proposals: what a segment needs bought or moved;
- rounding: the run's rounding of stored figures.

The model dist.replenishment.run reads, builds these records, calls these
functions and writes; the figures (stats) are in ..stats."""

from . import forecasting, levels, proposals, records, rounding, scorecards, vendors
