from . import stock_picking_deviation
from . import stock_picking_deviation_line
from . import sale_order_promise_override
from . import stock_picking_pin
