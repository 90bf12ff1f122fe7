"""The numbers behind replenishment policies, free of the ORM.

Pure functions on plain Python values so that they can be checked against
published worked examples and reused by set-based runs:

- safety_stock: service level to z, safety stock with demand and lead-time
  variability, reorder point, order-up-to level with MOQ and pack rounding;
- forecast: moving average, simple exponential smoothing, Croston, SBA, TSB;
- classify: ABC by consumption value, XYZ by coefficient of variation,
  demand pattern by the Syntetos-Boylan ADI/CV2 rule.
"""

from . import classify, forecast, hysteresis, safety_stock
