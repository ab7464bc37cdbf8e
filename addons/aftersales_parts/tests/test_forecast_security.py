from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import PartsForecastCase
from .test_forecast_run import SMOOTH


@tagged("post_install", "-at_install")
class TestForecastAccess(PartsForecastCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pump = cls.part("Pump", "vital")
        cls.demand({(cls.pump, cls.wh1): SMOOTH})
        cls.forecast = cls.env["aftersales.forecast.run"].create(
            {"history_months": 24, "horizon": 6, "criticality": "vital"}
        )
        cls.forecast.action_run_now()
        cls.other_company = cls.env["res.company"].create({"name": "Parts Malaysia Sdn Bhd"})
        cls.other_run = (
            cls.env["aftersales.forecast.run"]
            .with_company(cls.other_company)
            .create({"company_id": cls.other_company.id})
        )
        cls.other_run.action_run_now()
        cls.other_line = cls.env["aftersales.forecast.run.line"].create(
            {
                "run_id": cls.other_run.id,
                "company_id": cls.other_company.id,
                "product_tmpl_id": cls.pump.id,
                "product_id": cls.pump.product_variant_id.id,
                "warehouse_id": cls.env["stock.warehouse"]
                .search([("company_id", "=", cls.other_company.id)], limit=1)
                .id,
            }
        )
        cls.both = new_test_user(
            cls.env,
            "as_parts_planner_both",
            groups="aftersales_parts.group_parts_planner",
            company_ids=[(6, 0, (cls.company | cls.other_company).ids)],
            company_id=cls.company.id,
        )

    def test_planner_creates_starts_and_applies_runs(self):
        run = self.new_run(criticality="vital")
        run.action_run_now()
        self.assertTrue(run.line_ids)
        run.line_ids.with_user(self.planner).action_apply()
        self.assertEqual(set(run.line_ids.mapped("state")), {"applied"})
        rule = run.line_ids.orderpoint_id.with_user(self.planner)
        rule.product_max_qty += 1
        self.assertTrue(rule.aftersales_manual_levels)

    def test_a_started_run_keeps_its_settings(self):
        draft = self.new_run(criticality="vital")
        draft.write({"horizon": 3})
        self.assertEqual(draft.horizon, 3)
        draft.action_run_now()
        for vals in ({"horizon": 6}, {"target_vital": 0.5}, {"service_scope": "value"}):
            with self.assertRaises(UserError):
                draft.write(vals)
        self.assertEqual((draft.horizon, draft.target_vital), (3, 0.99))
        draft.with_user(self.planner).write({"name": "Spring review"})

    def test_a_planner_changes_runs_and_suggestions_only_through_their_buttons(self):
        """Over RPC as over the form: the state and the plan are the actions' and the
        engine's, whatever rights a planner has on the models."""
        run = self.new_run(criticality="vital")
        for vals in ({"state": "done"}, {"date_reference": "2020-01-01"}, {"chunk_count": 0}):
            with self.assertRaises(AccessError):
                run.write(vals)
        run.action_run_now()
        self.assertEqual(run.state, "done")
        line = run.line_ids[:1].with_user(self.planner)
        for vals in ({"state": "applied"}, {"max_qty": 1000}, {"orderpoint_id": False}):
            with self.assertRaises(AccessError):
                line.write(vals)
        with self.assertRaises(AccessError):
            line.create({"run_id": run.id, "product_tmpl_id": self.pump.id})
        chunk = run.chunk_ids[:1].with_user(self.planner)
        with self.assertRaises(AccessError):
            chunk.write({"state": "pending"})
        with self.assertRaises(AccessError):
            chunk.create({"run_id": run.id, "sequence": 9, "criticality": "vital"})
        self.assertEqual((line.state, chunk.state), ("proposed", "done"))
        # the buttons still do it
        line.action_apply()
        self.assertEqual(line.state, "applied")

    def test_a_warehouse_user_cannot_start_or_resume_a_run(self):
        draft = self.env["aftersales.forecast.run"].create({"criticality": "vital"})
        for action in ("action_start", "action_run_now"):
            with self.assertRaises(AccessError):
                getattr(draft.with_user(self.warehouse_user), action)()
        self.assertEqual(draft.state, "draft")

    def test_warehouse_user_reads_suggestions_only(self):
        run = self.forecast.with_user(self.warehouse_user)
        line = run.line_ids[:1]
        self.assertTrue(line)
        self.assertEqual(line.product_tmpl_id, self.pump)
        self.assertGreater(line.max_qty, 0)
        with self.assertRaises(AccessError):
            line.action_apply()
        self.assertEqual(line.state, "proposed")
        with self.assertRaises(AccessError):
            line.write({"state": "applied"})
        with self.assertRaises(AccessError):
            run.write({"horizon": 3})
        with self.assertRaises(AccessError):
            self.env["aftersales.forecast.run"].with_user(self.warehouse_user).create({})
        with self.assertRaises(AccessError):
            run.unlink()

    def test_service_user_without_inventory_rights_sees_nothing(self):
        desk = new_test_user(
            self.env, "as_parts_desk_only", groups="aftersales_service.group_service_user"
        )
        self.assertFalse(desk.has_group("stock.group_stock_user"))
        with self.assertRaises(AccessError):
            self.forecast.with_user(desk).check_access("read")

    def test_runs_and_lines_stay_in_their_company(self):
        Run = self.env["aftersales.forecast.run"].with_user(self.planner)
        Line = self.env["aftersales.forecast.run.line"].with_user(self.planner)
        self.assertIn(self.forecast, Run.search([]))
        self.assertNotIn(self.other_run, Run.search([]))
        self.assertNotIn(self.other_line, Line.search([]))
        with self.assertRaises(AccessError):
            self.other_run.with_user(self.planner).read(["name"])
        with self.assertRaises(AccessError):
            self.other_line.with_user(self.planner).action_apply()
        self.assertEqual(self.other_line.state, "proposed")
        both = Run.with_user(self.both).with_context(
            allowed_company_ids=(self.company | self.other_company).ids
        )
        self.assertIn(self.other_run, both.search([]))
        chunks = self.env["aftersales.forecast.run.chunk"].with_user(self.planner).search([])
        self.assertNotIn(self.other_company, chunks.company_id)
