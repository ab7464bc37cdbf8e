from odoo.tests import tagged

from .common import PartsForecastCase
from .test_forecast_run import LUMPY, SMOOTH, SPARSE


@tagged("post_install", "-at_install")
class TestApplySuggestions(PartsForecastCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pump = cls.part("Pump", "vital")
        cls.seal = cls.part("Seal", "essential")
        cls.board = cls.part("Old board", "essential", lifecycle="phase_out")
        cls.fuse = cls.part("Fuse", "essential", lifecycle="last_time_buy")
        cls.demand(
            {
                (cls.pump, cls.wh1): SMOOTH,
                (cls.pump, cls.wh2): LUMPY,
                (cls.seal, cls.wh1): SPARSE,
                (cls.board, cls.wh1): SMOOTH,
                (cls.fuse, cls.wh1): SMOOTH,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.fuse.product_variant_id, cls.wh1.lot_stock_id, -998
        )
        Orderpoint = cls.env["stock.warehouse.orderpoint"]
        # a rule the planner set by hand: kept
        cls.manual = Orderpoint.create(
            {
                "product_id": cls.pump.product_variant_id.id,
                "warehouse_id": cls.wh2.id,
                "location_id": cls.wh2.lot_stock_id.id,
                "product_min_qty": 7,
                "product_max_qty": 30,
            }
        )
        # rules with no levels set by hand: the forecast sets them
        cls.seal_rule, cls.board_rule, cls.fuse_rule = Orderpoint.create(
            [
                {
                    "product_id": part.product_variant_id.id,
                    "warehouse_id": cls.wh1.id,
                    "location_id": cls.wh1.lot_stock_id.id,
                }
                for part in (cls.seal, cls.board, cls.fuse)
            ]
        )
        cls.board_rule.with_context(aftersales_apply_forecast=True).write(
            {"product_min_qty": 4, "product_max_qty": 9}
        )

    def setUp(self):
        super().setUp()
        self.forecast = self.new_run()
        self.forecast.action_run_now()
        self.lines = self.lines_by_key(self.forecast)

    def test_a_hand_edit_marks_the_rule_manual(self):
        self.assertTrue(self.manual.aftersales_manual_levels)
        self.assertFalse(self.seal_rule.aftersales_manual_levels)
        self.seal_rule.product_max_qty = 5
        self.assertTrue(self.seal_rule.aftersales_manual_levels)

    def test_apply_creates_and_updates_rules_and_keeps_manual_levels(self):
        pump1 = self.lines[(self.pump, self.wh1)]
        pump2 = self.lines[(self.pump, self.wh2)]
        seal = self.lines[(self.seal, self.wh1)]
        self.assertEqual(pump2.orderpoint_id, self.manual)
        self.assertEqual((pump2.current_min, pump2.current_max), (7, 30))
        self.assertAlmostEqual(pump2.change_pct, 100 * (pump2.max_qty - 30) / 30, places=1)
        self.forecast.line_ids.with_user(self.planner).action_apply()

        rule = pump1.orderpoint_id
        self.assertTrue(rule)
        self.assertEqual(rule.location_id, self.wh1.lot_stock_id)
        self.assertEqual(
            (rule.product_min_qty, rule.product_max_qty), (pump1.min_qty, pump1.max_qty)
        )
        self.assertGreater(rule.product_max_qty, 0)
        self.assertFalse(rule.aftersales_manual_levels)
        self.assertEqual(
            (self.seal_rule.product_min_qty, self.seal_rule.product_max_qty),
            (seal.min_qty, seal.max_qty),
        )
        self.assertEqual((self.manual.product_min_qty, self.manual.product_max_qty), (7, 30))
        self.assertEqual(pump2.state, "skipped")
        self.assertEqual(pump1.state, "applied")
        self.assertEqual(pump1.applied_by_id, self.planner)
        self.assertTrue(pump1.applied_date)
        message = self.forecast.message_ids[0]
        self.assertIn("applied 4 suggestions", message.body)
        self.assertIn("1 kept their manual levels", message.body)

    def test_phase_out_and_last_time_buy_parts_get_no_new_stock(self):
        board = self.lines[(self.board, self.wh1)]
        fuse = self.lines[(self.fuse, self.wh1)]
        self.assertGreater(fuse.last_time_buy_qty, 0)
        (board | fuse).with_user(self.planner).action_apply()
        self.assertEqual((self.board_rule.product_min_qty, self.board_rule.product_max_qty), (0, 0))
        self.assertEqual((self.fuse_rule.product_min_qty, self.fuse_rule.product_max_qty), (0, 0))
        self.assertEqual(board.state, "applied")
        self.assertIn("Phase-out", board.apply_note)

    def test_phase_out_part_without_rule_gets_none(self):
        self.board_rule.unlink()
        run = self.new_run()
        run.action_run_now()
        board = self.lines_by_key(run)[(self.board, self.wh1)]
        board.with_user(self.planner).action_apply()
        self.assertEqual(board.state, "applied")
        self.assertFalse(board.orderpoint_id)
        self.assertFalse(
            self.env["stock.warehouse.orderpoint"].search(
                [("product_id", "=", self.board.product_variant_id.id)]
            )
        )

    def test_applying_twice_changes_nothing_the_second_time(self):
        lines = self.forecast.line_ids.with_user(self.planner)
        lines.action_apply()
        rules = self.env["stock.warehouse.orderpoint"].search(
            [("product_id", "in", lines.product_id.ids)]
        )
        before = [(r.id, r.product_min_qty, r.product_max_qty, r.write_date) for r in rules]
        trace = [(line.state, line.applied_date, line.applied_by_id) for line in lines]
        messages = len(self.forecast.message_ids)
        self.assertFalse(lines.action_apply())
        rules_after = self.env["stock.warehouse.orderpoint"].search(
            [("product_id", "in", lines.product_id.ids)]
        )
        self.assertEqual(
            [(r.id, r.product_min_qty, r.product_max_qty, r.write_date) for r in rules_after],
            before,
        )
        self.assertEqual(
            [(line.state, line.applied_date, line.applied_by_id) for line in lines], trace
        )
        self.assertEqual(len(self.forecast.message_ids), messages)

    def test_a_later_run_updates_the_rule_it_created(self):
        pump1 = self.lines[(self.pump, self.wh1)]
        pump1.with_user(self.planner).action_apply()
        rule = pump1.orderpoint_id
        self.demand({(self.pump, self.wh1): [0] * 23 + [40]})
        run = self.new_run(warehouse_ids=[(6, 0, self.wh1.ids)], criticality="vital")
        run.action_run_now()
        line = self.lines_by_key(run)[(self.pump, self.wh1)]
        self.assertEqual(line.orderpoint_id, rule)
        self.assertNotEqual(line.max_qty, pump1.max_qty)
        line.with_user(self.planner).action_apply()
        self.assertEqual(line.orderpoint_id, rule)
        self.assertEqual(rule.product_max_qty, line.max_qty)

    def test_apply_from_the_server_action(self):
        action = self.env.ref("aftersales_parts.action_apply_forecast_lines")
        seal = self.lines[(self.seal, self.wh1)]
        action.with_user(self.planner).with_context(
            active_model=seal._name, active_ids=seal.ids, active_id=seal.id
        ).run()
        self.assertEqual(seal.state, "applied")
        self.assertEqual(self.seal_rule.product_max_qty, seal.max_qty)
