import numpy as np

from odoo.tests import tagged

from odoo.addons.aftersales_parts.forecasting.planning import SYSTEM_VALUE_FLOOR, plan
from odoo.addons.aftersales_parts.models.aftersales_forecast_run_line import FORECAST_DRAWS

from .common import PartsForecastCase

LUMPY = [0, 9, 0, 0, 0, 1, 0, 0, 14, 0, 0, 2, 0, 0, 0, 11, 0, 0, 0, 1, 0, 0, 12, 0]
SPARSE = [0, 0, 2, 0, 0, 0, 1, 0, 0, 3, 0, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 4, 0, 0]


@tagged("post_install", "-at_install")
class TestForecastRunValueScope(PartsForecastCase):
    """A run whose service level is for the whole warehouse at the least stock value."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # twins: the same demand, one cheap and one dear (no vendor: default lead time 1)
        cls.washer = cls.part("Washer", "essential", standard_price=2.0)
        cls.pump = cls.part("Pump", "essential", standard_price=900.0)
        cls.seal = cls.part("Seal", "essential", standard_price=15.0)
        cls.demand(
            {
                (cls.washer, cls.wh1): LUMPY,
                (cls.pump, cls.wh1): LUMPY,
                (cls.seal, cls.wh1): SPARSE,
            }
        )

    def test_run_plans_what_plan_gives_and_dear_parts_get_less(self):
        run = self.new_run(service_scope="value", warehouse_ids=[(6, 0, self.wh1.ids)])
        run.action_run_now()
        self.assertEqual(run.state, "done")
        lines = self.lines_by_key(run)
        washer = lines[(self.washer, self.wh1)]
        pump = lines[(self.pump, self.wh1)]
        seal = lines[(self.seal, self.wh1)]
        order = [washer, pump, seal]
        # the block's parts in the order the run gave them to the engine
        chunk = run.chunk_ids
        self.assertEqual(len(chunk), 1)
        given = [part for part, _whs in chunk.key_ids]
        order.sort(key=lambda line: given.index(line.product_tmpl_id.id))
        series = {washer: LUMPY, pump: LUMPY, seal: SPARSE}
        price = {washer: 2.0, pump: 900.0, seal: 15.0}
        result = plan(
            np.array([series[line] for line in order], dtype=float),
            horizon=6,
            lead_time=np.ones(3, dtype=np.int64),
            target=0.95,
            n_samples=FORECAST_DRAWS,
            scope="system",
            unit_cost=np.array([price[line] for line in order]),
            item_floor=SYSTEM_VALUE_FLOOR,
        )
        for row, line in enumerate(order):
            self.assertAlmostEqual(line.engine_max, result["max"][row], places=3)
            self.assertAlmostEqual(line.engine_min, result["min"][row], places=3)
            # stored with 3 digits
            self.assertAlmostEqual(
                line.expected_service, result["expected_service"][row], delta=5e-4 + 1e-9
            )
        # same demand, same forecast: the cheap washer is stocked deeper than the dear pump
        self.assertEqual(washer.forecast, pump.forecast)
        self.assertGreater(washer.max_qty, pump.max_qty)
        # ...and the block holds less value than a run for each part
        item_run = self.new_run(warehouse_ids=[(6, 0, self.wh1.ids)])
        item_run.action_run_now()
        item_lines = self.lines_by_key(item_run)
        self.assertLess(
            sum(line.max_qty * price[line] for line in order),
            sum(
                item_lines[(line.product_tmpl_id, self.wh1)].max_qty * price[line] for line in order
            ),
        )

    def test_a_part_without_cost_is_planned_at_the_cheapest_cost_of_its_block(self):
        self.seal.product_variant_id.standard_price = 0.0
        run = self.new_run(service_scope="value", warehouse_ids=[(6, 0, self.wh1.ids)])
        run.action_run_now()
        self.assertEqual(run.state, "done")
        lines = self.lines_by_key(run)
        # a free part would take unbounded stock: it weighs like the cheapest part instead
        seal = lines[(self.seal, self.wh1)]
        self.assertTrue(seal.max_qty > 0)
        self.assertLess(seal.max_qty, 10 * max(lines[(self.washer, self.wh1)].max_qty, 1.0))
