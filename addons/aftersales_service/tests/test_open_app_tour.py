from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOpenAppTour(HttpCase):
    def test_service_user_opens_the_after_sales_app(self):
        # start_tour logs in with the login as password, as new_test_user sets it
        new_test_user(self.env, "as_tour_user", groups="aftersales_service.group_service_user")
        self.start_tour("/odoo", "aftersales_open_app", login="as_tour_user")
