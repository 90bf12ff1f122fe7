from . import test_case_priority
from . import test_promise_and_quarantine
