from . import test_receiving
from . import test_roles
