from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.aftersales_parts.models import aftersales_forecast_run_line_apply as apply
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import PartsForecastCase

#: Queries of one Apply of one batch, whatever its number of lines (lock and read the lines,
#: read their rules, check access, write levels, create rules, update the lines, post on the run).
APPLY_QUERIES = 32


@tagged("post_install", "-at_install")
class TestApplyInBatches(PartsForecastCase):
    """Apply writes rules and lines batch by batch with a fixed number of queries, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parts = cls.env["product.template"].create(
            [
                {
                    "name": f"Batch part {i:02d}",
                    "is_storable": True,
                    "aftersales_is_spare_part": True,
                    # every fourth is phasing out: no new rule, its existing rule set to 0
                    "aftersales_lifecycle": "phase_out" if i % 4 == 3 else "active",
                    "route_ids": [(6, 0, cls.env.ref("purchase_stock.route_warehouse0_buy").ids)],
                }
                for i in range(24)
            ]
        )
        # stock above every suggested min: the rules have nothing to order, so the queries
        # counted are Apply's, not core's per-rule quantity to order (its own cost)
        Quant = cls.env["stock.quant"]
        for part in cls.parts:
            for warehouse in (cls.wh1, cls.wh2):
                Quant._update_available_quantity(
                    part.product_variant_id, warehouse.lot_stock_id, 500
                )
        Orderpoint = cls.env["stock.warehouse.orderpoint"]
        # parts 0-5 have a forecast-managed rule in wh1, part 6 and 7 one set by hand
        cls.rules = Orderpoint.with_context(aftersales_apply_forecast=True).create(
            [
                {
                    "product_id": part.product_variant_id.id,
                    "warehouse_id": cls.wh1.id,
                    "location_id": cls.wh1.lot_stock_id.id,
                    "product_min_qty": 1,
                    "product_max_qty": 2,
                }
                for part in cls.parts[:6]
            ]
        )
        cls.manual = Orderpoint.create(
            [
                {
                    "product_id": part.product_variant_id.id,
                    "warehouse_id": cls.wh1.id,
                    "location_id": cls.wh1.lot_stock_id.id,
                    "product_min_qty": 7,
                    "product_max_qty": 30,
                }
                for part in cls.parts[6:8]
            ]
        )

    def setUp(self):
        super().setUp()
        self.forecast = self.new_run()
        self.forecast.action_run_now()
        # the lines of these tests are made by suggest(), each with its own levels
        self.forecast.line_ids.unlink()
        self.assertEqual(self.forecast.state, "done")

    def suggest(self, parts, warehouse, run=None, start=3):
        """Lines of ``run`` for ``parts`` in ``warehouse``, each with its own levels."""
        run = run or self.forecast
        return self.env["aftersales.forecast.run.line"].create(
            [
                {
                    "run_id": run.id,
                    "company_id": run.company_id.id,
                    "product_tmpl_id": part.id,
                    "product_id": part.product_variant_id.id,
                    "warehouse_id": warehouse.id,
                    "lifecycle": part.aftersales_lifecycle,
                    # as the engine's lines: a part not active holds no stock
                    "min_qty": stocked * (start + i),
                    "max_qty": stocked * (2 * (start + i) + 1),
                }
                for i, part in enumerate(parts)
                for stocked in [part.aftersales_lifecycle == "active"]
            ]
        )

    def rule(self, part, warehouse):
        return self.env["stock.warehouse.orderpoint"].search(
            [
                ("product_id", "=", part.product_variant_id.id),
                ("location_id", "=", warehouse.lot_stock_id.id),
            ]
        )

    def test_queries_per_batch_do_not_grow_with_lines(self):
        """Apply's own queries: core's recomputation of the rules' stored fields at the next
        flush (their deadline, one route lookup per rule) is core's cost of any new level."""
        # each batch: rules updated, rules set by hand, rules created, phase-out without rule
        warm = self.suggest(self.parts[22:24], self.wh2, start=60)
        small = self.suggest(self.parts[0:2] | self.parts[6:7] | self.parts[8:12], self.wh1)
        small |= self.suggest(self.parts[12:14], self.wh2, start=40)
        large = self.suggest(
            self.parts[2:6] | self.parts[7:8] | self.parts[12:24], self.wh1, start=20
        ) | self.suggest(self.parts[14:22], self.wh2, start=40)
        self.assertEqual((len(small), len(large)), (9, 25))
        warm.with_user(self.planner).action_apply()  # the registry's caches, as in production
        for lines in (small, large):
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(APPLY_QUERIES, flush=False):
                lines.with_user(self.planner).action_apply()
        self.env.flush_all()
        self.assertEqual(set((small | large).mapped("state")), {"applied", "skipped"})
        for line in small | large:
            rule = self.rule(line.product_tmpl_id, line.warehouse_id)
            if rule in self.manual:
                self.assertEqual(line.state, "skipped")
                self.assertEqual((rule.product_min_qty, rule.product_max_qty), (7, 30))
            elif line.lifecycle == "phase_out":
                self.assertEqual(line.state, "applied")
                # no new rule for a part phasing out, its existing one set to 0
                self.assertEqual(rule.mapped("product_max_qty"), [0.0] if rule else [])
            else:
                self.assertEqual(line.state, "applied")
                self.assertEqual(line.orderpoint_id, rule)
                self.assertEqual(
                    (rule.product_min_qty, rule.product_max_qty), (line.min_qty, line.max_qty)
                )
                self.assertFalse(rule.aftersales_manual_levels)
                self.assertEqual(rule.company_id, self.company)
        self.assertEqual(
            set((large - large.filtered("orderpoint_id")).mapped("lifecycle")), {"phase_out"}
        )

    def test_batches_of_a_selection_give_the_same_rules(self):
        lines = self.suggest(self.parts, self.wh1) | self.suggest(self.parts, self.wh2)
        with patch.object(apply, "APPLY_BATCH", 5):
            lines.with_user(self.planner).action_apply()
        self.assertEqual(
            lines.filtered(lambda line: line.state == "skipped").orderpoint_id, self.manual
        )
        active = lines.filtered(lambda line: line.lifecycle == "active" and line.state == "applied")
        self.assertEqual(len(active), 2 * 18 - 1)  # part 6 keeps its manual levels
        for line in active:
            self.assertEqual(line.orderpoint_id.product_max_qty, line.max_qty)
            self.assertEqual(line.orderpoint_id.warehouse_id, line.warehouse_id)
        message = self.forecast.message_ids[0]
        self.assertIn("applied 46 suggestions", message.body)
        self.assertIn("2 kept their manual levels", message.body)

    def test_a_second_user_waiting_for_the_lock_applies_nothing(self):
        """Two users apply the same lines at once: the second locks them once the first has
        committed, reads them applied and writes nothing."""
        other = new_test_user(
            self.env,
            "as_parts_planner_other",
            groups="aftersales_parts.group_parts_planner",
            company_id=self.company.id,
        )
        lines = self.suggest(self.parts[:4], self.wh1)
        Line = type(self.env["aftersales.forecast.run.line"])
        lock = Line.lock_for_update
        first = []

        def lock_after_the_other_user(records, **kwargs):
            if not first:  # the other user's apply commits while this one waits
                first.append(True)
                records.with_user(other)._apply_now()
            return lock(records, **kwargs)

        self.assertEqual(set(lines.mapped("state")), {"proposed"})
        with patch.object(Line, "lock_for_update", lock_after_the_other_user):
            self.assertFalse(lines.with_user(self.planner)._apply_now())
        self.assertEqual(set(lines.mapped("state")), {"applied"})
        self.assertEqual(lines.applied_by_id, other)
        self.assertEqual(
            len(self.forecast.message_ids.filtered(lambda m: "applied 4" in (m.body or ""))), 1
        )

    def test_lines_locked_by_another_request_are_refused_clearly(self):
        lines = self.suggest(self.parts[:2], self.wh1)
        with (
            patch.object(
                type(lines),
                "lock_for_update",
                side_effect=apply.LockError("Cannot grab a lock on records"),
                autospec=True,
            ),
            self.assertRaisesRegex(UserError, "right now"),
        ):
            lines.with_user(self.planner).action_apply()
        self.assertEqual(set(lines.mapped("state")), {"proposed"})

    def test_a_selection_over_two_runs_applies_the_latest_run(self):
        newer = self.new_run()
        newer.action_run_now()
        newer.line_ids.unlink()
        old = self.suggest(self.parts[:2], self.wh1, start=3)
        new = self.suggest(self.parts[:2], self.wh1, run=newer, start=9)
        (old | new).with_user(self.planner).action_apply()
        self.assertEqual(set(new.mapped("state")), {"applied"})
        self.assertEqual(set(old.mapped("state")), {"skipped"})
        self.assertIn(newer.name, old[0].apply_note)
        self.assertEqual(self.rules[:2].mapped("product_max_qty"), new.mapped("max_qty"))

    def test_a_large_selection_is_applied_by_jobs_once(self):
        lines = self.suggest(self.parts, self.wh1) | self.suggest(self.parts, self.wh2)
        with (
            patch.object(apply, "APPLY_IN_REQUEST", 10),
            patch.object(apply, "APPLY_BATCH", 20),
            trap_jobs() as trap,
        ):
            action = lines.with_user(self.planner).action_apply()
            self.assertEqual(action["tag"], "display_notification")
            self.assertEqual(set(lines.mapped("state")), {"proposed"})
            trap.assert_jobs_count(3)
            # a second click while the jobs wait enqueues nothing more
            lines.with_user(self.planner).action_apply()
            trap.assert_jobs_count(3)
            self.assertEqual(
                {job.recordset.env.uid for job in trap.enqueued_jobs}, {self.planner.id}
            )
            trap.perform_enqueued_jobs()
        self.assertEqual(set(lines.mapped("state")), {"applied", "skipped"})
        self.assertEqual(len(lines.filtered(lambda line: line.state == "applied")), 46)

    def test_apply_all_of_a_run(self):
        lines = self.suggest(self.parts[:12], self.wh1)
        lines[0].with_user(self.planner).action_apply()
        run = self.forecast.with_user(self.planner)
        run.action_apply_all()
        self.assertEqual(set(lines.mapped("state")), {"applied", "skipped"})
        with self.assertRaisesRegex(UserError, "no suggestion left"):
            run.action_apply_all()
        draft = self.new_run()
        with self.assertRaises(UserError):
            draft.action_apply_all()

    def test_warehouse_user_cannot_apply_a_run(self):
        lines = self.suggest(self.parts[:2], self.wh1)
        with self.assertRaises(AccessError):
            self.forecast.with_user(self.warehouse_user).action_apply_all()
        self.assertEqual(set(lines.mapped("state")), {"proposed"})
        self.assertEqual(self.rules[0].product_max_qty, 2)

    def test_a_selection_over_two_companies_writes_each_company_rules(self):
        other_company = self.env["res.company"].create({"name": "Parts Singapore Pte Ltd"})
        other_wh = self.env["stock.warehouse"].search(
            [("company_id", "=", other_company.id)], limit=1
        )
        both = new_test_user(
            self.env,
            "as_parts_planner_two_companies",
            groups="aftersales_parts.group_parts_planner",
            company_ids=[(6, 0, (self.company | other_company).ids)],
            company_id=self.company.id,
        )
        other_run = (
            self.env["aftersales.forecast.run"]
            .with_company(other_company)
            .create({"company_id": other_company.id})
        )
        here = self.suggest(self.parts[8:10], self.wh1)
        there = self.suggest(self.parts[8:10], other_wh, run=other_run)
        with self.assertRaises(AccessError):
            (here | there).with_user(self.planner).action_apply()
        self.assertEqual(set((here | there).mapped("state")), {"proposed"})
        (here | there).with_user(both).with_context(
            allowed_company_ids=(self.company | other_company).ids
        ).action_apply()
        self.assertEqual(here.orderpoint_id.company_id, self.company)
        self.assertEqual(there.orderpoint_id.company_id, other_company)
        self.assertEqual(there.orderpoint_id.warehouse_id, other_wh)
