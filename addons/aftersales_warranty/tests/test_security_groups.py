from odoo.tests import new_test_user, tagged

from odoo.addons.aftersales_service.tests.common import AftersalesServiceCase


@tagged("post_install", "-at_install")
class TestWarrantyGroups(AftersalesServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warranty_user = new_test_user(
            cls.env, "as_warranty_user", groups="aftersales_warranty.group_warranty_user"
        )
        cls.approver_in_stock = new_test_user(
            cls.env,
            "as_warranty_approver",
            groups="aftersales_warranty.group_warranty_approver,stock.group_stock_user",
        )

    def test_roles_imply_each_other_in_order(self):
        manager = new_test_user(
            self.env, "as_warranty_manager", groups="aftersales_warranty.group_warranty_manager"
        )
        for group in (
            "aftersales_warranty.group_warranty_approver",
            "aftersales_warranty.group_warranty_user",
            "aftersales_service.group_service_user",
        ):
            self.assertTrue(manager.has_group(group), group)
        self.assertFalse(
            self.warranty_user.has_group("aftersales_warranty.group_warranty_approver")
        )
        self.assertFalse(self.warranty_user.has_group("aftersales_service.group_service_manager"))

    def test_groups_share_the_after_sales_category(self):
        privilege = self.env.ref("aftersales_warranty.res_groups_privilege_warranty")
        self.assertEqual(
            privilege.category_id, self.env.ref("aftersales_service.module_category_aftersales")
        )
        self.assertEqual(
            self.env.ref("aftersales_warranty.group_warranty_manager").privilege_id, privilege
        )

    def test_warranty_menu_shows_claims_and_repairs_to_the_right_roles(self):
        self.assertIn(
            "aftersales_warranty.menu_warranty_repairs",
            self.visible_menu_xmlids(self.approver_in_stock),
        )
        # Repair orders are stock documents: without stock rights they stay hidden.
        warranty_user_menus = self.visible_menu_xmlids(self.warranty_user)
        self.assertIn("aftersales_warranty.menu_warranty_claims", warranty_user_menus)
        self.assertNotIn("aftersales_warranty.menu_warranty_repairs", warranty_user_menus)
        self.assertNotIn("aftersales_warranty.menu_warranty_configuration", warranty_user_menus)
        self.assertNotIn(
            "aftersales_warranty.menu_warranty", self.visible_menu_xmlids(self.service_user)
        )
