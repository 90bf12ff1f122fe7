from . import test_finance_roles
