from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.aftersales_service.tests.common import AftersalesServiceCase


@tagged("post_install", "-at_install")
class TestSparePartCatalogue(AftersalesServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.planner = new_test_user(
            cls.env, "as_catalogue_planner", groups="aftersales_parts.group_parts_planner"
        )
        part = cls.env["product.template"].with_context(default_aftersales_is_spare_part=True)
        cls.fan_a = part.create({"name": "Fan motor A", "is_storable": True})
        cls.fan_b = part.create({"name": "Fan motor B", "is_storable": True})
        cls.fan_c = part.create({"name": "Fan motor C", "is_storable": True})
        cls.air_con = cls.env["product.template"].create(
            {"name": "Split AC", "is_storable": True, "tracking": "serial"}
        )

    def test_supersession_chain_leads_to_the_current_part(self):
        self.fan_a.aftersales_successor_id = self.fan_b
        self.fan_b.aftersales_successor_id = self.fan_c
        self.assertEqual(self.fan_a.aftersales_current_part_id, self.fan_c)
        self.assertEqual(self.fan_b.aftersales_current_part_id, self.fan_c)
        self.assertEqual(self.fan_c.aftersales_current_part_id, self.fan_c)
        parts = self.fan_a | self.fan_b | self.fan_c
        self.assertEqual(set(parts._current_parts().values()), {self.fan_c})

    def test_a_supersession_cycle_is_refused(self):
        self.fan_a.aftersales_successor_id = self.fan_b
        self.fan_b.aftersales_successor_id = self.fan_c
        with self.assertRaisesRegex(ValidationError, "cannot loop back"):
            self.fan_c.aftersales_successor_id = self.fan_a
        with self.assertRaisesRegex(ValidationError, "cannot loop back"):
            self.fan_a.aftersales_successor_id = self.fan_a

    def test_ordering_a_superseded_part_proposes_its_successor(self):
        self.fan_a.aftersales_successor_id = self.fan_b
        self.fan_b.aftersales_successor_id = self.fan_c
        vendor = self.env["res.partner"].create({"name": "Motor Works"})
        order = Form(self.env["purchase.order"])
        order.partner_id = vendor
        with order.order_line.new() as line:
            line.product_id = self.fan_a.product_variant_id
            self.assertEqual(line.product_id, self.fan_c.product_variant_id)
        self.assertEqual(order.save().order_line.product_id, self.fan_c.product_variant_id)

    def test_a_unit_lists_the_parts_that_fit_it_with_their_stock(self):
        self.env["aftersales.part.fitment"].create(
            [
                {"part_id": self.fan_c.id, "product_id": self.air_con.id, "failure_rate": 0.05},
                {"part_id": self.fan_a.id, "product_id": self.air_con.id, "quantity": 2},
            ]
        )
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        self.env["stock.quant"]._update_available_quantity(
            self.fan_c.product_variant_id, warehouse.lot_stock_id, 7
        )
        product = self.air_con.product_variant_id
        lot = self.env["stock.lot"].create({"name": "AC-P1", "product_id": product.id})
        unit = self.env["aftersales.equipment"].create({"product_id": product.id, "lot_id": lot.id})
        self.assertEqual(unit.fitting_part_count, 2)
        action = unit.action_view_fitting_parts()
        fitments = self.env["aftersales.part.fitment"].search(action["domain"])
        self.assertEqual(fitments.part_id, self.fan_a | self.fan_c)
        on_hand = {fit.part_id: fit.part_qty_available for fit in fitments}
        self.assertEqual(on_hand, {self.fan_c: 7, self.fan_a: 0})

    def test_fitment_figures_are_validated(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as refusal:
            self.env["aftersales.part.fitment"].create(
                {"part_id": self.fan_a.id, "product_id": self.air_con.id, "quantity": -1}
            )
        message = self.env["aftersales.part.fitment"]._sql_error_to_message(refusal.exception)
        self.assertIn("quantity per unit must be positive", message)

    def test_only_planners_maintain_fitments(self):
        fitment = self.env["aftersales.part.fitment"].create(
            {"part_id": self.fan_a.id, "product_id": self.air_con.id}
        )
        self.assertTrue(fitment.with_user(self.service_user).part_id)
        with self.assertRaises(AccessError):
            fitment.with_user(self.service_user).quantity = 3
        fitment.with_user(self.planner).quantity = 3
        self.assertEqual(fitment.quantity, 3)
