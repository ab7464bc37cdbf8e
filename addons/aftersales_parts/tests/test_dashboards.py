import json
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common import PartsForecastCase
from .test_forecast_run import SMOOTH


@tagged("post_install", "-at_install")
class TestPartsDashboards(PartsForecastCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pump = cls.part("Pump", "vital", standard_price=10)
        cls.seal = cls.part("Seal", "desirable", lifecycle="obsolete", standard_price=2)
        cls.demand({(cls.pump, cls.wh1): SMOOTH})
        cls.env["stock.quant"]._update_available_quantity(
            cls.seal.product_variant_id, cls.wh2.lot_stock_id, 5
        )

    def report(self, model, **domain):
        self.env.flush_all()
        self.env.invalidate_all()
        return self.env[model].search([(field, "=", value) for field, value in domain.items()])

    def set_on_hand(self, quantity):
        quant = self.env["stock.quant"]._gather(self.pump.product_variant_id, self.wh1.lot_stock_id)
        self.env["stock.quant"]._update_available_quantity(
            self.pump.product_variant_id,
            self.wh1.lot_stock_id,
            quantity - sum(quant.mapped("quantity")),
        )

    def test_parts_at_risk(self):
        run = self.new_run()
        run.action_run_now()
        line = self.lines_by_key(run)[(self.pump, self.wh1)]
        self.assertGreater(line.lead_time_demand, 3)
        self.assertAlmostEqual(line.lead_time_demand, sum(line.forecast_values()[:2]), places=3)
        risk = self.report("aftersales.parts.risk.report", product_tmpl_id=self.pump.id)
        self.assertEqual((risk.on_hand, risk.at_risk), (1000, False))
        self.set_on_hand(3)
        risk = self.report("aftersales.parts.risk.report", product_tmpl_id=self.pump.id)
        self.assertEqual(risk.on_hand, 3)
        self.assertTrue(risk.at_risk)
        self.assertEqual(risk.warehouse_id, self.wh1)
        self.assertAlmostEqual(risk.shortfall, line.lead_time_demand - 3, places=2)
        receipt = self.env["stock.move"].create(
            {
                "product_id": self.pump.product_variant_id.id,
                "product_uom_qty": 40,
                "product_uom": self.pump.uom_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.wh1.lot_stock_id.id,
            }
        )
        receipt._action_confirm()
        risk = self.report("aftersales.parts.risk.report", product_tmpl_id=self.pump.id)
        self.assertEqual((risk.incoming, risk.at_risk), (40, False))
        # the latest run counts
        later = self.new_run(horizon=3)
        later.action_run_now()
        risk = self.report("aftersales.parts.risk.report", product_tmpl_id=self.pump.id)
        self.assertEqual(risk.run_id, later)

    def test_forecast_accuracy_over_time(self):
        run = self.new_run()
        run.action_run_now()
        line = self.lines_by_key(run)[(self.pump, self.wh1)]
        self.assertFalse(self.report("aftersales.parts.accuracy.report", run_id=run.id))
        # the run as if started three months ago (written by its actions only)
        run.sudo().date_reference = self.this_month - relativedelta(months=3)
        rows = self.report("aftersales.parts.accuracy.report", run_id=run.id).sorted("month")
        self.assertEqual(
            rows.mapped("month"), [self.this_month - relativedelta(months=m) for m in (3, 2, 1)]
        )
        forecast = line.forecast_values()[:3]
        for row, predicted, actual in zip(rows, forecast, SMOOTH[-3:], strict=True):
            self.assertAlmostEqual(row.forecast, predicted, places=4)
            self.assertEqual(row.actual, actual)
            self.assertAlmostEqual(row.abs_error, abs(predicted - actual), places=4)
        self.assertEqual(rows.mapped("months_ahead"), [1, 2, 3])

    def test_a_run_made_as_of_an_earlier_month_reads_only_the_history_before_it(self):
        three_months_ago = self.this_month - relativedelta(months=3)
        run = self.new_run()
        run.with_context(aftersales_history_until=three_months_ago).action_run_now()
        self.assertEqual(run.date_reference, three_months_ago)
        line = self.lines_by_key(run)[(self.pump, self.wh1)]
        self.assertEqual(json.loads(line.history)[-3:], SMOOTH[-6:-3])
        rows = self.report("aftersales.parts.accuracy.report", run_id=run.id)
        self.assertEqual(len(rows.filtered(lambda row: row.product_tmpl_id == self.pump)), 3)

    def test_a_newer_run_supersedes_the_suggestions_an_older_one_still_proposes(self):
        older = self.new_run()
        older.action_run_now()
        proposed = older.line_ids.filtered(lambda line: line.state == "proposed")
        self.assertTrue(proposed)
        newer = self.new_run()
        newer.action_run_now()
        self.assertEqual(set(proposed.mapped("state")), {"skipped"})
        self.assertIn(newer.name, proposed[0].apply_note)
        self.assertIn("proposed", newer.line_ids.mapped("state"))

    def test_the_app_opens_on_the_suggestions_for_a_planner(self):
        action = self.env["aftersales.home"].with_user(self.planner)._home_action()
        self.assertEqual(action["res_model"], "aftersales.forecast.run.line")

    def test_fill_rate_of_repair_and_visit_demand(self):
        repair = self.env["repair.order"].create({"product_id": False})
        production = self.env["stock.location"].search(
            [("usage", "=", "production"), ("company_id", "in", [self.company.id, False])], limit=1
        )
        moves = self.env["stock.move"].create(
            [
                {
                    "product_id": self.pump.product_variant_id.id,
                    "product_uom_qty": qty,
                    "product_uom": self.pump.uom_id.id,
                    "location_id": self.wh1.lot_stock_id.id,
                    "location_dest_id": production.id,
                    "repair_id": repair.id,
                }
                for qty in (2, 3)
            ]
        )
        moves._action_confirm()
        moves._action_assign()
        for move in moves:
            move.quantity = move.product_uom_qty
        moves.picked = True
        moves._action_done()
        # the second was asked for three days before stock could be reserved for it
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_move SET create_date = create_date - %s WHERE id = %s",
            (timedelta(days=3), moves[1].id),
        )
        rows = self.report("aftersales.parts.fill.rate.report", product_tmpl_id=self.pump.id)
        self.assertEqual(set(rows.mapped("demand_type")), {"repair"})
        self.assertEqual(sorted(rows.mapped("fill_rate")), [0, 100])
        self.assertEqual(sum(rows.mapped("served_quantity")), 2)
        groups = self.env["aftersales.parts.fill.rate.report"]._read_group(
            [("product_tmpl_id", "=", self.pump.id)], ["demand_type"], ["fill_rate:avg"]
        )
        self.assertEqual(groups, [("repair", 50.0)])

    def test_stock_value_by_criticality_and_lifecycle_and_obsolete_stock(self):
        rows = self.report("aftersales.parts.stock.value.report")
        pump = rows.filtered(lambda row: row.product_tmpl_id == self.pump)
        self.assertEqual((pump.criticality, pump.lifecycle), ("vital", "active"))
        self.assertEqual((pump.quantity, pump.value), (1000, 10000))
        self.assertFalse(pump.no_recent_demand)
        seal = rows.filtered(lambda row: row.product_tmpl_id == self.seal)
        self.assertEqual((seal.warehouse_id, seal.value), (self.wh2, 10))
        self.assertTrue(seal.no_recent_demand)
        groups = self.env["aftersales.parts.stock.value.report"]._read_group(
            [("product_tmpl_id", "in", (self.pump | self.seal).ids)],
            ["criticality", "lifecycle"],
            ["value:sum"],
        )
        self.assertEqual(
            sorted(groups), [("desirable", "obsolete", 10.0), ("vital", "active", 10000.0)]
        )
        obsolete = self.env.ref("aftersales_parts.action_parts_obsolete_stock_report")
        self.assertIn("search_default_obsolete", obsolete.context)
        obsolete_rows = self.env["aftersales.parts.stock.value.report"].search(
            ["|", ("lifecycle", "=", "obsolete"), ("no_recent_demand", "=", True)]
        )
        self.assertIn(seal, obsolete_rows)
        self.assertNotIn(pump, obsolete_rows)

    def test_warehouse_users_read_the_dashboards(self):
        run = self.new_run()
        run.action_run_now()
        self.env.flush_all()
        for model in (
            "aftersales.parts.risk.report",
            "aftersales.parts.accuracy.report",
            "aftersales.parts.fill.rate.report",
            "aftersales.parts.stock.value.report",
        ):
            Report = self.env[model].with_user(self.warehouse_user)
            self.assertTrue(Report.has_access("read"))
            Report.search([], limit=1)
        rows = (
            self.env["aftersales.parts.stock.value.report"]
            .with_user(self.warehouse_user)
            .search([("product_tmpl_id", "=", self.pump.id)])
        )
        self.assertEqual(rows.value, 10000)
