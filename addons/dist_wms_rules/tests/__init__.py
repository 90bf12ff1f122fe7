from . import test_counting
from . import test_delivery_events
from . import test_priority
from . import test_promise
from . import test_receiving
from . import test_roles
from . import test_templates
from . import test_kpi
