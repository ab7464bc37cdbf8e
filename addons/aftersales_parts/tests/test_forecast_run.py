import json
import math

import numpy as np
from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.aftersales_parts.forecasting.planning import plan
from odoo.addons.aftersales_parts.models.aftersales_forecast_run_line import FORECAST_DRAWS
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import PartsForecastCase

SMOOTH = [4, 6, 5, 7, 3, 5, 6, 4, 5, 8, 6, 5, 4, 7, 5, 6, 3, 6, 5, 7, 4, 6, 5, 6]
SPARSE = [0, 0, 2, 0, 0, 0, 1, 0, 0, 3, 0, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 4, 0, 0]
LUMPY = [0, 9, 0, 0, 0, 1, 0, 0, 14, 0, 0, 2, 0, 0, 0, 11, 0, 0, 0, 1, 0, 0, 12, 0]
FADING = [9, 8, 9, 7, 8, 7, 6, 7, 6, 5, 6, 5, 4, 5, 4, 3, 4, 3, 2, 3, 2, 2, 1, 2]


@tagged("post_install", "-at_install")
class TestForecastRun(PartsForecastCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.compressor = cls.part("Compressor", "vital", delay=45)
        cls.fan = cls.part("Fan motor", "essential", delay=10)
        cls.valve = cls.part("Valve", "essential")
        cls.gasket = cls.part("Gasket", "desirable", delay=0)
        cls.demand(
            {
                (cls.compressor, cls.wh1): SPARSE,
                (cls.compressor, cls.wh2): LUMPY,
                (cls.fan, cls.wh1): SMOOTH,
                (cls.fan, cls.wh2): FADING,
                (cls.valve, cls.wh2): SPARSE,
                (cls.gasket, cls.wh1): SMOOTH,
            }
        )

    def assert_line_is_engine_row(self, line, result, row):
        self.assertEqual(line.method, result["method"][row])
        self.assertEqual(line.demand_class, result["class"][row])
        np.testing.assert_allclose(line.forecast_values(), result["forecast"][row], atol=1e-6)
        self.assertAlmostEqual(line.forecast_total, result["forecast"][row].sum(), places=3)
        self.assertAlmostEqual(line.engine_min, result["min"][row], places=3)
        self.assertAlmostEqual(line.engine_max, result["max"][row], places=3)
        self.assertAlmostEqual(line.expected_service, result["expected_service"][row], places=3)

    def test_lines_match_the_engine_for_the_same_history(self):
        run = self.new_run()
        run.action_run_now()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.progress, 100)
        lines = self.lines_by_key(run)
        self.assertEqual(
            set(lines),
            {
                (self.compressor, self.wh1),
                (self.compressor, self.wh2),
                (self.fan, self.wh1),
                (self.fan, self.wh2),
                (self.valve, self.wh2),
                (self.gasket, self.wh1),
            },
        )
        # one engine call per criticality: the vital target for the compressor...
        vital = self.engine([SPARSE, LUMPY], [2, 2], 0.99)
        self.assert_line_is_engine_row(lines[(self.compressor, self.wh1)], vital, 0)
        self.assert_line_is_engine_row(lines[(self.compressor, self.wh2)], vital, 1)
        # ...the essential one for the fan (vendor lead time 10 days: 1 month) and the valve
        # (no vendor: the run's default lead time, 1 month)
        essential = self.engine([SMOOTH, FADING, SPARSE], [1, 1, 1], 0.95)
        self.assert_line_is_engine_row(lines[(self.fan, self.wh1)], essential, 0)
        self.assert_line_is_engine_row(lines[(self.fan, self.wh2)], essential, 1)
        self.assert_line_is_engine_row(lines[(self.valve, self.wh2)], essential, 2)
        desirable = self.engine([SMOOTH], [0], 0.90)
        self.assert_line_is_engine_row(lines[(self.gasket, self.wh1)], desirable, 0)

        line = lines[(self.compressor, self.wh1)]
        self.assertEqual(line.lead_time, 2)  # 45 days of vendor lead time
        self.assertEqual(line.target, 0.99)
        self.assertEqual(json.loads(line.history), SPARSE)
        self.assertEqual(line.history_nonzero_months, 6)
        self.assertEqual((line.min_qty, line.max_qty), (line.engine_min, line.engine_max))
        fan = lines[(self.fan, self.wh1)]
        self.assertEqual(fan.demand_class, "smooth")
        self.assertGreater(fan.rmsse, 0)
        self.assertGreater(fan.mase, 0)
        self.assertAlmostEqual(fan.monthly_mean, fan.forecast_total / 6, places=3)
        self.assertAlmostEqual(
            fan.safety_stock,
            max(fan.engine_max - sum(fan.forecast_values()[:2]), 0),
            places=3,
        )
        self.assertEqual(run.line_count, 6)

    def test_history_window_ends_with_last_month(self):
        run = self.new_run(history_months=12)
        run.action_run_now()
        line = self.lines_by_key(run)[(self.fan, self.wh1)]
        self.assertEqual(json.loads(line.history), SMOOTH[-12:])
        self.assertEqual(run.date_reference, self.this_month)

    def test_scope_by_warehouse_and_criticality(self):
        run = self.new_run(warehouse_ids=[(6, 0, self.wh2.ids)], criticality="essential")
        run.action_run_now()
        self.assertEqual(
            set(self.lines_by_key(run)), {(self.fan, self.wh2), (self.valve, self.wh2)}
        )

    def test_superseded_part_demand_goes_to_its_successor(self):
        new_valve = self.part("Valve mk2", "essential")
        self.valve.aftersales_successor_id = new_valve
        self.demand({(new_valve, self.wh2): [0] * 20 + [1, 1, 1, 1]})
        run = self.new_run(criticality="essential")
        run.action_run_now()
        lines = self.lines_by_key(run)
        self.assertNotIn((self.valve, self.wh2), lines)
        expected = [a + b for a, b in zip(SPARSE, [0] * 20 + [1, 1, 1, 1], strict=True)]
        self.assertEqual(json.loads(lines[(new_valve, self.wh2)].history), expected)

    def test_installed_base_is_blended_in_for_parts_with_little_history(self):
        chiller = self.env["product.product"].create(
            {"name": "Chiller 40 kW", "is_storable": True, "tracking": "serial"}
        )
        board = self.part("Control board", "essential")
        self.env["aftersales.part.fitment"].create(
            {
                "part_id": board.id,
                "product_id": chiller.product_tmpl_id.id,
                "quantity": 2,
                "failure_rate": 0.5,
            }
        )
        for serial, state in (("CH-1", "in_service"), ("CH-2", "in_service"), ("CH-3", "retired")):
            self.env["aftersales.equipment"].create(
                {
                    "product_id": chiller.id,
                    "lot_id": self.env["stock.lot"]
                    .create({"name": serial, "product_id": chiller.id})
                    .id,
                    "state": state,
                }
            )
        # two months of demand in the second warehouse: 2/6 of history, 4/6 installed base
        self.demand({(board, self.wh2): [0] * 21 + [3, 0, 1]})
        run = self.new_run(criticality="essential")
        run.action_run_now()
        line = self.lines_by_key(run)[(board, self.wh2)]
        # units registered without a delivery count where the part's demand is
        self.assertNotIn((board, self.wh1), self.lines_by_key(run))
        self.assertAlmostEqual(line.installed_base_monthly, 0.5 * 2 * 2 / 12, places=4)
        self.assertAlmostEqual(line.blend_weight, 1 - 2 / 6, places=4)
        history = [[0] * 21 + [3, 0, 1]]
        series = [SMOOTH, FADING, SPARSE] + history  # the essential block
        engine = self.engine(series, [1, 1, 1, 1], 0.95)
        row = 3
        blended = (1 / 3) * engine["forecast"][row] + (2 / 3) * (2 / 12)
        np.testing.assert_allclose(line.forecast_values(), blended, atol=1e-6)
        # the engine blends and sets the levels itself: the line is what plan() gives
        planned = plan(
            np.array(series, dtype=float),
            horizon=6,
            lead_time=np.array([1, 1, 1, 1]),
            target=0.95,
            base_rate=[0, 0, 0, 2 / 12],
            n_samples=FORECAST_DRAWS,
        )
        np.testing.assert_allclose(planned["forecast"][row], blended, atol=1e-12)
        self.assertAlmostEqual(planned["blend_weight"][row], 1 - 2 / 6)
        self.assertEqual((line.min_qty, line.max_qty), (planned["min"][row], planned["max"][row]))
        # stored to 3 decimals: 0.7885 is kept as 0.789
        self.assertAlmostEqual(
            line.expected_service, planned["expected_service"][row], delta=0.0005 + 1e-9
        )

    def test_part_without_history_is_planned_from_the_installed_base(self):
        split = self.env["product.product"].create(
            {"name": "Split unit", "is_storable": True, "tracking": "serial"}
        )
        filter_part = self.part("Filter", "desirable")
        self.env["aftersales.part.fitment"].create(
            {"part_id": filter_part.id, "product_id": split.product_tmpl_id.id, "failure_rate": 3}
        )
        self.env["aftersales.equipment"].create(
            {
                "product_id": split.id,
                "lot_id": self.env["stock.lot"].create({"name": "SP-1", "product_id": split.id}).id,
            }
        )
        run = self.new_run(criticality="desirable")
        run.action_run_now()
        line = self.lines_by_key(run)[(filter_part, self.wh1)]  # the first warehouse
        self.assertEqual(line.blend_weight, 1)
        np.testing.assert_allclose(line.forecast_values(), [0.25] * 6)
        self.assertGreater(line.max_qty, 0)

    def test_phase_out_parts_get_no_stock_and_last_time_buys_a_quantity(self):
        self.fan.aftersales_lifecycle = "phase_out"
        self.valve.write(
            {
                "aftersales_lifecycle": "last_time_buy",
                "aftersales_support_end_date": self.this_month + relativedelta(months=9, days=3),
            }
        )
        self.env["stock.quant"]._update_available_quantity(
            self.valve.product_variant_id, self.wh2.lot_stock_id, -998
        )
        run = self.new_run(criticality="essential")
        run.action_run_now()
        lines = self.lines_by_key(run)
        fan = lines[(self.fan, self.wh1)]
        self.assertEqual((fan.min_qty, fan.max_qty), (0, 0))
        self.assertGreater(fan.engine_max, 0)
        valve = lines[(self.valve, self.wh2)]
        self.assertEqual((valve.min_qty, valve.max_qty), (0, 0))
        forecast = valve.forecast_values()
        remaining = sum(forecast) + 4 * forecast[-1]  # 10 months: the 6 forecast, then flat
        self.assertEqual(valve.on_hand, 2)
        self.assertEqual(valve.last_time_buy_qty, math.ceil(remaining - 1e-9) - 2)
        self.assertGreater(valve.last_time_buy_qty, 0)

    def test_last_time_buy_quantity_nets_what_is_on_hand(self):
        self.valve.aftersales_lifecycle = "last_time_buy"
        self.env["stock.quant"]._update_available_quantity(
            self.valve.product_variant_id, self.wh2.lot_stock_id, -1000
        )
        run = self.new_run(criticality="essential")
        run.action_run_now()
        valve = self.lines_by_key(run)[(self.valve, self.wh2)]
        self.assertEqual(valve.on_hand, 0)
        self.assertEqual(valve.last_time_buy_qty, math.ceil(valve.forecast_total - 1e-9))

    def test_on_hand_leaves_out_goods_beside_the_stock_location(self):
        self.valve.aftersales_lifecycle = "last_time_buy"
        returns = self.env["stock.location"].create(
            {"name": "Returns", "usage": "internal", "location_id": self.wh2.view_location_id.id}
        )
        self.env["stock.quant"]._update_available_quantity(
            self.valve.product_variant_id, returns, 7
        )
        in_stock = self.valve.product_variant_id.with_context(
            location=self.wh2.lot_stock_id.id
        ).qty_available
        run = self.new_run(criticality="essential")
        run.action_run_now()
        self.assertEqual(self.lines_by_key(run)[(self.valve, self.wh2)].on_hand, in_stock)

    def test_fixed_method(self):
        run = self.new_run(method="sba", criticality="vital")
        run.action_run_now()
        result = self.engine([SPARSE, LUMPY], [2, 2], 0.99, method="sba")
        lines = self.lines_by_key(run)
        self.assert_line_is_engine_row(lines[(self.compressor, self.wh1)], result, 0)
        self.assertEqual(lines[(self.compressor, self.wh2)].method, "sba")

    def test_a_run_starts_once_and_a_running_one_is_not_deleted(self):
        run = self.new_run(criticality="vital")
        run.action_run_now()
        with self.assertRaises(UserError):
            run.action_run_now()
        with self.assertRaises(UserError):
            run.action_start()
        running = self.new_run(criticality="vital")
        with trap_jobs():
            running.action_start()
        self.assertEqual(running.state, "running")
        with self.assertRaises(UserError):
            running.unlink()
        run.unlink()
        self.assertFalse(run.exists())

    def test_daily_cron_starts_a_run_per_company(self):
        runs = self.env["aftersales.forecast.run"].search([])
        cron = self.env.ref("aftersales_parts.ir_cron_daily_forecast_run")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertEqual(cron.code.strip(), "model._cron_daily_run()")
        with trap_jobs() as trap:
            self.env["aftersales.forecast.run"]._cron_daily_run()
            self.assertGreaterEqual(trap.jobs_count(), 1)
        new = self.env["aftersales.forecast.run"].search([]) - runs
        self.assertIn(self.company, new.company_id)
        self.assertTrue(all(run.state in ("running", "done") for run in new))
        self.assertTrue(all(run.criticality == "all" and run.method == "auto" for run in new))
