from odoo.tests import HttpCase, tagged

from .common import PartsFixtureMixin
from .test_forecast_run import SMOOTH


@tagged("post_install", "-at_install")
class TestForecastTour(PartsFixtureMixin, HttpCase):
    def test_start_a_run_open_a_suggestion_apply_it(self):
        pump = self.part("Tour Pump", "vital", delay=30)
        self.demand({(pump, self.wh1): SMOOTH})
        self.start_tour("/odoo", "aftersales_parts_forecast", login=self.planner.login)
        run = self.env["aftersales.forecast.run"].search([("create_uid", "=", self.planner.id)])
        self.assertEqual(run.state, "done")
        self.assertEqual(run.horizon, 6)
        line = run.line_ids.filtered(lambda line: line.product_tmpl_id == pump)
        self.assertEqual(line.state, "applied")
        self.assertEqual(line.applied_by_id, self.planner)
        rule = line.orderpoint_id
        self.assertEqual(rule.product_id, pump.product_variant_id)
        self.assertEqual(rule.warehouse_id, self.wh1)
        self.assertGreater(rule.product_max_qty, 0)
        self.assertEqual((rule.product_min_qty, rule.product_max_qty), (line.min_qty, line.max_qty))
