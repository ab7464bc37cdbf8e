from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSuiteMenus(TransactionCase):
    """One Reporting and one Configuration menu for the suite (issue 20, finding 6)."""

    def test_warranty_reports_and_settings_are_sections_of_the_suite_menus(self):
        root = self.env.ref("aftersales_service.menu_aftersales_root")
        reporting = self.env.ref("aftersales_service.menu_reporting")
        configuration = self.env.ref("aftersales_service.menu_configuration")
        self.assertEqual(
            self.env.ref("aftersales_warranty.menu_warranty_reporting").parent_id, reporting
        )
        self.assertEqual(
            self.env.ref("aftersales_warranty.menu_warranty_configuration").parent_id,
            configuration,
        )
        under_root = self.env["ir.ui.menu"].search([("parent_id", "child_of", root.id)])
        for label in ("Reporting", "Configuration"):
            self.assertEqual(
                len(under_root.filtered(lambda menu, label=label: menu.name == label)), 1, label
            )

    def test_a_warranty_approver_sees_the_suite_reporting_menu(self):
        approver = self.env["res.users"].create(
            {
                "name": "Menu Approver",
                "login": "as_menu_approver",
                "group_ids": [
                    (6, 0, [self.env.ref("aftersales_warranty.group_warranty_approver").id])
                ],
            }
        )
        visible = self.env["ir.ui.menu"].with_user(approver)._visible_menu_ids()
        self.assertIn(self.env.ref("aftersales_service.menu_reporting").id, visible)
        self.assertIn(self.env.ref("aftersales_warranty.menu_warranty_claim_analysis").id, visible)
        self.assertNotIn(
            self.env.ref("aftersales_warranty.menu_warranty_configuration").id, visible
        )

    def test_the_app_opens_on_the_warranty_dashboard_for_an_approver(self):
        approver = self.env["res.users"].create(
            {
                "name": "Home Approver",
                "login": "as_home_approver",
                "group_ids": [
                    (6, 0, [self.env.ref("aftersales_warranty.group_warranty_approver").id])
                ],
            }
        )
        clerk = self.env["res.users"].create(
            {
                "name": "Home Clerk",
                "login": "as_home_clerk",
                "group_ids": [(6, 0, [self.env.ref("aftersales_warranty.group_warranty_user").id])],
            }
        )
        home = self.env.ref("aftersales_service.action_aftersales_home")
        self.assertEqual(
            home.with_user(approver).run()["tag"], "aftersales_warranty.warranty_dashboard"
        )
        self.assertEqual(home.with_user(clerk).run()["res_model"], "helpdesk.ticket")
