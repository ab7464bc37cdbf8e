from odoo.tests import Form, new_test_user, tagged

from .test_technician_stock import TechnicianStockCase


@tagged("post_install", "-at_install")
class TestVanStockHooks(TechnicianStockCase):
    """The technicians' vans (``stock.location.aftersales_technician_id``) and their route
    (``stock.warehouse.aftersales_van_route_id``) for users holding only stock groups: they
    restock a van and open its location like any other; a location they make, or a warehouse
    they edit, gets nothing of ours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_manager = new_test_user(
            cls.env, "van_stock_manager", groups="stock.group_stock_manager"
        )

    def test_a_stock_manager_restocks_a_van_and_a_stock_user_brings_the_parts(self):
        self.put(self.filter_part, self.stock, 20)
        orderpoint = (
            self.env["stock.warehouse.orderpoint"]
            .with_user(self.stock_manager)
            .create(
                {
                    "product_id": self.filter_part.id,
                    "location_id": self.van.id,
                    "warehouse_id": self.warehouse.id,
                    "route_id": self.warehouse.aftersales_van_route_id.id,
                    "product_min_qty": 2,
                    "product_max_qty": 5,
                }
            )
        )
        orderpoint.action_replenish()
        transfer = (
            self.env["stock.move"]
            .search(
                [("product_id", "=", self.filter_part.id), ("location_dest_id", "=", self.van.id)]
            )
            .picking_id
        )
        self.assertEqual(transfer.picking_type_id, self.warehouse.int_type_id)
        self.validate_as(self.stock_user, transfer)
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.filter_part, self.van), 5
        )

    def test_a_stock_user_opens_the_van_and_the_warehouse(self):
        for record in (self.van, self.warehouse):
            with self.subTest(model=record._name):
                record = record.with_user(self.stock_user)
                with Form(record) as form:
                    self.assertEqual(form.id, record.id)
                [values] = record.web_read({"display_name": {}})
                self.assertEqual(values["display_name"], record.sudo().display_name)
        # the van's technician and route are readable fields, not blocked ones
        self.assertEqual(
            self.van.with_user(self.stock_user).aftersales_technician_id.id, self.technician.id
        )

    def test_a_stock_manager_edits_the_warehouse_and_makes_a_location(self):
        route = self.warehouse.aftersales_van_route_id
        rules = route.rule_ids
        warehouse = self.warehouse.with_user(self.stock_manager)
        with Form(warehouse) as form:
            form.name = "Main Warehouse (renamed)"
        self.assertEqual(self.warehouse.name, "Main Warehouse (renamed)")
        with Form(self.env["stock.location"].with_user(self.stock_manager)) as form:
            form.name = "Shelf 9"
            form.location_id = self.stock
        location = form.record
        self.assertFalse(location.aftersales_technician_id)
        self.assertEqual(location.warehouse_id, self.warehouse)
        # the vans' route is unchanged: no rule towards the new shelf
        self.assertEqual(self.warehouse.aftersales_van_route_id, route)
        self.assertEqual(route.rule_ids, rules)
        self.assertEqual(rules.location_dest_id, self.van | self.van_2)
