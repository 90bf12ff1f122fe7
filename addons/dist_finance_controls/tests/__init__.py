from . import test_finance_roles
from . import test_landed_cost_timing
from . import test_finance_kpi
