from . import stock_picking_deviation
