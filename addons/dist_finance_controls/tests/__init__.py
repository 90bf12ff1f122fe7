from . import test_finance_roles
from . import test_three_way_match
from . import test_match_security
