from . import test_finance_roles
from . import test_margin_approval
