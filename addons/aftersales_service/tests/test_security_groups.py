from odoo.tests import tagged

from .common import AftersalesServiceCase


@tagged("post_install", "-at_install")
class TestSecurityGroups(AftersalesServiceCase):
    def test_groups_hang_off_the_after_sales_privilege(self):
        user_group = self.env.ref("aftersales_service.group_service_user")
        manager_group = self.env.ref("aftersales_service.group_service_manager")
        privilege = self.env.ref("aftersales_service.res_groups_privilege_service")
        self.assertEqual(user_group.privilege_id, privilege)
        self.assertEqual(manager_group.privilege_id, privilege)
        self.assertEqual(privilege.category_id.name, "After-Sales")

    def test_manager_implies_user_and_helpdesk_rights(self):
        self.assertTrue(self.service_manager.has_group("aftersales_service.group_service_user"))
        self.assertTrue(self.service_manager.has_group("helpdesk_mgmt.group_helpdesk_manager"))
        self.assertTrue(self.service_user.has_group("helpdesk_mgmt.group_helpdesk_user"))
        self.assertFalse(self.service_user.has_group("aftersales_service.group_service_manager"))

    def test_app_menu_only_for_service_users(self):
        self.assertIn(
            "aftersales_service.menu_aftersales_root", self.visible_menu_xmlids(self.service_user)
        )
        self.assertNotIn(
            "aftersales_service.menu_aftersales_root", self.visible_menu_xmlids(self.internal_user)
        )

    def test_configuration_menu_only_for_managers(self):
        self.assertNotIn(
            "aftersales_service.menu_configuration", self.visible_menu_xmlids(self.service_user)
        )
        self.assertIn(
            "aftersales_service.menu_configuration_teams",
            self.visible_menu_xmlids(self.service_manager),
        )

    def test_service_user_can_log_a_request(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.service_user)
            .create({"name": "Dishwasher leaks", "description": "Water under the door"})
        )
        self.assertEqual(ticket.create_uid, self.service_user)
        self.assertTrue(ticket.number)
