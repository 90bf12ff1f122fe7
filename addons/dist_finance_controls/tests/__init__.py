from . import test_finance_roles
from . import test_margin_approval
from . import test_vendor_price_change
