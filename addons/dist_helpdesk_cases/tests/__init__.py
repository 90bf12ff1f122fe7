from . import test_cases
from . import test_roles
from . import test_sla
from . import test_portal
from . import test_resolutions
from . import test_classify
from . import test_kpi
from . import test_control_tower_access
