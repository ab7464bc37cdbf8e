from datetime import date, datetime

import numpy as np

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemandHistory(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the spare parts of any demo data stay out of these histories
        cls.env["product.template"].search([("aftersales_is_spare_part", "=", True)]).write(
            {"aftersales_is_spare_part": False}
        )
        cls.wh1 = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.wh2 = cls.env["stock.warehouse"].create({"name": "Penang depot", "code": "PGD"})
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.production = cls.env["stock.location"].search(
            [("usage", "=", "production"), ("company_id", "in", [cls.env.company.id, False])],
            limit=1,
        )
        cls.part_a, cls.part_b, cls.part_c = (
            cls._part(name) for name in ("Fan A", "Fan B", "Valve C")
        )
        cls.part_a.product_tmpl_id.aftersales_successor_id = cls.part_b.product_tmpl_id

    @classmethod
    def _part(cls, name):
        return cls.env["product.product"].create(
            {"name": name, "is_storable": True, "aftersales_is_spare_part": True}
        )

    def move(self, part, source, destination, quantity, when):
        if source.usage == "internal":
            self.env["stock.quant"]._update_available_quantity(part, source, quantity)
        move = self.env["stock.move"].create(
            {
                "product_id": part.id,
                "product_uom_qty": quantity,
                "product_uom": part.uom_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = quantity
        move.picked = True
        move._action_done()
        move.date = when
        return move

    def history(self, **kwargs):
        self.env.flush_all()
        return self.env["aftersales.part.demand"]._monthly_history(date(2026, 1, 1), 3, **kwargs)

    def build_scenario(self):
        stock1, stock2 = self.wh1.lot_stock_id, self.wh2.lot_stock_id
        self.move(self.part_a, stock1, self.customers, 5, datetime(2026, 1, 10))  # sold
        self.move(self.part_a, self.customers, stock1, 2, datetime(2026, 1, 20))  # returned
        self.move(self.part_b, stock1, self.production, 3, datetime(2026, 2, 3))  # repair
        self.move(self.part_c, stock1, self.customers, 1, datetime(2026, 3, 30))  # visit
        self.move(self.part_b, stock2, self.customers, 4, datetime(2026, 1, 15))
        shelf = self.env["stock.location"].create(
            {"name": "Shelf 9", "usage": "internal", "location_id": stock1.id}
        )
        self.move(self.part_c, stock1, shelf, 6, datetime(2026, 2, 1))  # internal: not demand
        self.move(self.part_c, stock1, self.customers, 9, datetime(2025, 12, 31))  # before

    def test_monthly_demand_nets_returns_rolls_up_supersession_per_warehouse(self):
        self.build_scenario()
        history = self.history()
        fan_b, valve_c = self.part_b.product_tmpl_id, self.part_c.product_tmpl_id
        self.assertEqual(set(history), {(fan_b, self.wh1), (fan_b, self.wh2), (valve_c, self.wh1)})
        np.testing.assert_array_equal(history[(fan_b, self.wh1)], [3, 3, 0])
        np.testing.assert_array_equal(history[(fan_b, self.wh2)], [4, 0, 0])
        np.testing.assert_array_equal(history[(valve_c, self.wh1)], [0, 0, 1])

    def test_history_of_one_warehouse(self):
        self.build_scenario()
        history = self.history(warehouses=self.wh2)
        self.assertEqual(list(history), [(self.part_b.product_tmpl_id, self.wh2)])

    def test_a_planner_excludes_an_outlier_month(self):
        self.build_scenario()
        self.env["aftersales.part.demand.exclusion"].create(
            {
                "product_tmpl_id": self.part_b.product_tmpl_id.id,
                "warehouse_id": self.wh1.id,
                "month": date(2026, 2, 17),
                "reason": "One-off fleet retrofit",
            }
        )
        np.testing.assert_array_equal(
            self.history()[(self.part_b.product_tmpl_id, self.wh1)], [3, np.nan, 0]
        )

    def test_queries_do_not_grow_with_the_number_of_parts(self):
        self.build_scenario()
        self.history()
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            small = self.history()
        for n in range(20):
            part = self._part(f"Extra part {n}")
            self.move(part, self.wh1.lot_stock_id, self.customers, 1, datetime(2026, 2, 5))
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            large = self.history()
        self.assertEqual(len(large), len(small) + 20)
