from . import test_roles
from . import test_roles_tour
from . import test_exceptions
from . import test_segregation
from . import test_exception_tour
from . import test_kpi
from . import test_kpi_dashboards
from . import test_control_tower_access
