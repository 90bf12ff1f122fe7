from . import test_count_classes
from . import test_receipt_tolerance
from . import test_roles
from . import test_install_on_update
