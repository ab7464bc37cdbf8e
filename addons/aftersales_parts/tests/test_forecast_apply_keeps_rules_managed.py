from odoo.tests import tagged

from .common import PartsForecastCase
from .test_forecast_run import SMOOTH, SPARSE


@tagged("post_install", "-at_install")
class TestApplyKeepsRulesForecastManaged(PartsForecastCase):
    """Applying a run writes the levels of existing rules without marking them manual, so the
    next run still suggests (and applies) new levels for them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pump = cls.part("Pump", "vital")
        cls.seal = cls.part("Seal", "essential")
        cls.demand({(cls.pump, cls.wh1): SMOOTH, (cls.seal, cls.wh1): SPARSE})
        cls.seal_rule = cls.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": cls.seal.product_variant_id.id,
                "warehouse_id": cls.wh1.id,
                "location_id": cls.wh1.lot_stock_id.id,
            }
        )

    def apply_new_run(self):
        run = self.new_run(warehouse_ids=[(6, 0, self.wh1.ids)])
        run.action_run_now()
        run.line_ids.with_user(self.planner).action_apply()
        return self.lines_by_key(run)

    def test_an_existing_rule_stays_forecast_managed_after_apply(self):
        seal = self.apply_new_run()[(self.seal, self.wh1)]
        self.assertEqual(seal.state, "applied")
        self.assertEqual(seal.orderpoint_id, self.seal_rule)
        self.assertEqual(self.seal_rule.product_max_qty, seal.max_qty)
        self.assertFalse(self.seal_rule.aftersales_manual_levels)

    def test_the_next_run_applies_again_to_the_rules_it_set(self):
        first = self.apply_new_run()
        pump_rule = first[(self.pump, self.wh1)].orderpoint_id
        self.assertTrue(pump_rule)
        self.demand(
            {(self.seal, self.wh1): [0] * 23 + [30], (self.pump, self.wh1): [0] * 23 + [60]}
        )
        second = self.apply_new_run()
        for part, rule in ((self.seal, self.seal_rule), (self.pump, pump_rule)):
            line = second[(part, self.wh1)]
            self.assertEqual(line.state, "applied", part.name)
            self.assertEqual(line.orderpoint_id, rule)
            self.assertEqual(rule.product_max_qty, line.max_qty)
            self.assertFalse(rule.aftersales_manual_levels)
