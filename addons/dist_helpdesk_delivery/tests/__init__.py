from . import test_order_panel
