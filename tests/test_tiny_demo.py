"""The checks that read the demo model at the tiny scale, on one generation.

test_first_login.py, test_role_menus.py and test_the_day.py hold the checks
(and say what they prove); this class runs them all on one tiny scenario
(tests/tiny_demo.py) instead of generating it once per file.
"""

from odoo.tests import tagged

from tests.test_first_login import FirstLoginChecks
from tests.test_role_menus import RoleMenuChecks
from tests.test_the_day import TheDayChecks
from tests.tiny_demo import TinyDemoCase


@tagged("post_install", "-at_install")
class TestTinyDemo(FirstLoginChecks, RoleMenuChecks, TheDayChecks, TinyDemoCase):
    pass
