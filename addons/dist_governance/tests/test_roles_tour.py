from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRolesTour(HttpCase):
    def test_controller_finds_the_roles_in_the_web_client(self):
        new_test_user(
            self.env,
            login="dist_tour_controller",
            groups="base.group_user,dist_governance.group_governance_controller",
        )
        self.start_tour(
            "/odoo", "dist_governance_roles_tour", login="dist_tour_controller"
        )
