from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common import PartsForecastCase


@tagged("post_install", "-at_install")
class TestVanReplenishment(PartsForecastCase):
    """A forecast run sets the reordering levels of the technicians' vans from what each van
    consumed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tech_user = cls.env["res.users"].create(
            {
                "name": "Van Tech",
                "login": "as_van_tech",
                "group_ids": [
                    (6, 0, [cls.env.ref("aftersales_service.group_service_technician").id])
                ],
            }
        )
        technician = cls.env["aftersales.technician"].create(
            {"user_id": cls.tech_user.id, "warehouse_id": cls.wh1.id}
        )
        technician.action_create_location()
        cls.van = technician.location_id
        # the van was made 12 months ago: its levels come from those 12 months only
        cls.env.cr.execute(
            "UPDATE stock_location SET create_date = %s WHERE id = %s",
            [datetime.combine(cls.this_month - relativedelta(months=12), time(8)), cls.van.id],
        )
        cls.van.invalidate_recordset(["create_date"])
        cls.filter_drier = cls.part("Filter drier", criticality="essential")
        cls.relay = cls.part("Start relay", criticality="vital")

    @classmethod
    def van_demand(cls, template, series):
        """Done moves out of the van to customers, one per month, ``series`` ending last
        month."""
        product = template.product_variant_id
        cls.env["stock.quant"]._update_available_quantity(product, cls.van, sum(series))
        moves = cls.env["stock.move"].create(
            [
                {
                    "product_id": product.id,
                    "product_uom_qty": quantity,
                    "product_uom": product.uom_id.id,
                    "location_id": cls.van.id,
                    "location_dest_id": cls.customers.id,
                }
                for quantity in series
                if quantity
            ]
        )
        moves._action_confirm()
        moves._action_assign()
        for move in moves:
            move.quantity = move.product_uom_qty
        moves.picked = True
        moves._action_done()
        months = [age for age, quantity in enumerate(reversed(series), start=1) if quantity]
        for move, age in zip(moves, reversed(months), strict=True):
            move.date = datetime.combine(cls.this_month - relativedelta(months=age), time(10))
        cls.env.flush_all()

    def van_rule(self, template):
        return self.env["stock.warehouse.orderpoint"].search(
            [("location_id", "=", self.van.id), ("product_id", "=", template.product_variant_id.id)]
        )

    def test_levels_cover_a_week_of_the_vans_demand_at_the_target(self):
        # 12 months alternating 2 and 6 (mean 4, deviation 2), and older demand the van never
        # saw (before it was made) that does not count
        self.van_demand(self.filter_drier, [50, 50] + [2, 6] * 6)
        run = self.new_run()
        run.action_run_now()
        rule = self.van_rule(self.filter_drier)
        # weekly mean 4 / (52 / 12) = 0.923; weekly deviation 2 / sqrt(52 / 12) = 0.961;
        # essential target 0.95: z = 1.645, so min = ceil(0.923 + 1.581) = 3, max = 3 + 1
        self.assertEqual((rule.product_min_qty, rule.product_max_qty), (3, 4))
        self.assertEqual(rule.route_id, self.wh1.aftersales_van_route_id)
        self.assertEqual(rule.warehouse_id, self.wh1)
        self.assertFalse(rule.aftersales_manual_levels)

    def test_vital_parts_get_the_higher_target(self):
        self.van_demand(self.relay, [2, 6] * 6)
        self.new_run().action_run_now()
        rule = self.van_rule(self.relay)
        # vital target 0.99: z = 2.326, min = ceil(0.923 + 2.235) = 4, max = 5
        self.assertEqual((rule.product_min_qty, rule.product_max_qty), (4, 5))

    def test_levels_set_by_hand_are_kept_and_others_updated(self):
        self.van_demand(self.filter_drier, [2, 6] * 6)
        self.van_demand(self.relay, [2, 6] * 6)
        self.new_run().action_run_now()
        manual = self.van_rule(self.relay)
        manual.write({"product_min_qty": 10, "product_max_qty": 12})
        self.assertTrue(manual.aftersales_manual_levels)
        self.van_rule(self.filter_drier).with_context(aftersales_apply_forecast=True).write(
            {"product_min_qty": 0, "product_max_qty": 0}
        )
        self.new_run().action_run_now()
        self.assertEqual((manual.product_min_qty, manual.product_max_qty), (10, 12))
        self.assertEqual(self.van_rule(self.filter_drier).product_min_qty, 3)

    def test_applying_warehouse_suggestions_leaves_the_van_rule_alone(self):
        self.van_demand(self.filter_drier, [2, 6] * 6)
        run = self.new_run()
        run.action_run_now()
        van_rule = self.van_rule(self.filter_drier)
        line = run.line_ids.filtered(
            lambda line: line.product_tmpl_id == self.filter_drier and line.warehouse_id == self.wh1
        )
        self.assertTrue(line)
        line.with_user(self.planner).action_apply()
        self.assertEqual((van_rule.product_min_qty, van_rule.product_max_qty), (3, 4))
        self.assertEqual(line.orderpoint_id.location_id, self.wh1.lot_stock_id)
