from . import test_roles
from . import test_purchase_approval
from . import test_approval_matrix
from . import test_matrix_tour
from . import test_approval_hardening
from . import test_policy_math
from . import test_replenishment_run
