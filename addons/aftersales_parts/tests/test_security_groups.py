from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.aftersales_service.tests.common import AftersalesServiceCase


@tagged("post_install", "-at_install")
class TestPartsGroups(AftersalesServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.planner = new_test_user(
            cls.env, "as_parts_planner", groups="aftersales_parts.group_parts_planner"
        )

    def test_planner_gets_service_and_inventory_rights(self):
        self.assertTrue(self.planner.has_group("aftersales_service.group_service_user"))
        self.assertTrue(self.planner.has_group("stock.group_stock_user"))
        self.assertFalse(self.service_user.has_group("aftersales_parts.group_parts_planner"))

    def test_reordering_rules_menu_for_planners_only(self):
        self.assertIn(
            "aftersales_parts.menu_parts_orderpoints", self.visible_menu_xmlids(self.planner)
        )
        self.assertNotIn("aftersales_parts.menu_parts", self.visible_menu_xmlids(self.service_user))

    def test_planner_can_set_a_reordering_rule(self):
        product = self.env["product.product"].create({"name": "Door seal", "is_storable": True})
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        orderpoint = (
            self.env["stock.warehouse.orderpoint"]
            .with_user(self.planner)
            .create(
                {
                    "product_id": product.id,
                    "warehouse_id": warehouse.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "product_min_qty": 2,
                    "product_max_qty": 6,
                }
            )
        )
        self.assertEqual((orderpoint.product_min_qty, orderpoint.product_max_qty), (2, 6))

    def test_planner_cannot_delete_reordering_rules(self):
        product = self.env["product.product"].create({"name": "Drain pump", "is_storable": True})
        orderpoint = self.env["stock.warehouse.orderpoint"].create(
            {"product_id": product.id, "product_min_qty": 1, "product_max_qty": 3}
        )
        with self.assertRaises(AccessError):
            orderpoint.with_user(self.planner).unlink()
        self.assertTrue(orderpoint.exists())
