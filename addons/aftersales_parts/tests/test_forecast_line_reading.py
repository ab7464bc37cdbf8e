import json

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.aftersales_parts.forecasting.methods import METHODS
from odoo.addons.aftersales_parts.models.forecast_methods import FORECAST_METHODS

from .common import PartsForecastCase
from .test_forecast_run import SMOOTH


@tagged("post_install", "-at_install")
class TestSuggestionLinesRead(PartsForecastCase):
    """A planner reads a suggestion without knowing the engine: the method in words, why a line
    holds no stock, a warning under the target, the months as a chart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pump = cls.part("Pump", "vital")
        cls.remote = cls.part("Remote", "desirable", lifecycle="phase_out")
        cls.valve = cls.part(
            "Valve",
            "essential",
            lifecycle="last_time_buy",
            aftersales_last_time_buy_date=fields.Date.today() + relativedelta(months=2),
            aftersales_support_end_date=fields.Date.today() + relativedelta(months=18),
        )
        cls.demand({(part, cls.wh1): SMOOTH for part in (cls.pump, cls.remote, cls.valve)})
        cls.env["stock.quant"]._update_available_quantity(
            cls.valve.product_variant_id, cls.wh1.lot_stock_id, -1000
        )

    def setUp(self):
        super().setUp()
        run = self.new_run(warehouse_ids=[(6, 0, self.wh1.ids)])
        run.action_run_now()
        self.lines = self.lines_by_key(run)

    def test_every_engine_method_has_words(self):
        self.assertEqual({code for code, _label in FORECAST_METHODS}, set(METHODS))
        pump = self.lines[(self.pump, self.wh1)]
        labels = dict(FORECAST_METHODS)
        self.assertIn(pump.method, labels)
        run_labels = dict(self.env["aftersales.forecast.run"]._selection_method())
        self.assertEqual(run_labels["ma12"], "12-Month Moving Average")

    def test_lines_without_stock_say_why(self):
        remote = self.lines[(self.remote, self.wh1)]
        valve = self.lines[(self.valve, self.wh1)]
        pump = self.lines[(self.pump, self.wh1)]
        self.assertEqual((remote.min_qty, remote.max_qty), (0, 0))
        self.assertIn("Phase-out", remote.reason)
        self.assertGreater(valve.last_time_buy_qty, 0)
        self.assertIn(f"order {valve.last_time_buy_qty:g} once before", valve.reason)
        self.assertGreater(pump.max_qty, 0)
        self.assertFalse(pump.reason)

    def test_no_change_is_shown_without_a_current_rule(self):
        pump = self.lines[(self.pump, self.wh1)]
        self.assertFalse(pump.orderpoint_id)
        self.assertGreater(pump.max_qty, 0)
        self.assertEqual(pump.change_pct, 0)

    def test_a_line_below_its_target_is_flagged(self):
        # the engine's figures, set as the engine would (nobody else writes them)
        pump = self.lines[(self.pump, self.wh1)].sudo()
        pump.write({"expected_service": 0.741, "target": 0.99})
        self.assertTrue(pump.service_shortfall)
        pump.write({"expected_service": 0.99})
        self.assertFalse(pump.service_shortfall)
        remote = self.lines[(self.remote, self.wh1)].sudo()
        remote.write({"expected_service": 0.0, "target": 0.9})
        self.assertFalse(remote.service_shortfall, "a phase-out part is not stocked on purpose")

    def test_history_and_forecast_drawn_as_bars(self):
        pump = self.lines[(self.pump, self.wh1)]
        months = len(json.loads(pump.history)) + len(pump.forecast_values())
        self.assertTrue(str(pump.chart).startswith("<svg"))
        self.assertEqual(str(pump.chart).count("<rect"), months)
        self.assertEqual(str(pump.chart).count('fill="#0d6efd"'), len(pump.forecast_values()))
