from . import test_finance_roles
from . import test_payment_approval
from . import test_finance_sod
from . import test_credit_review
from . import test_margin_approval
from . import test_vendor_price_change
from . import test_landed_cost_timing
from . import test_finance_kpi
