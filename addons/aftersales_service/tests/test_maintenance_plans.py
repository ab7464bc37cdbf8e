from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AftersalesServiceCase


@tagged("post_install", "-at_install")
class TestMaintenancePlans(AftersalesServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("aftersales_service.strategy_never_fail").write(
            {"maintenance_interval_number": 3, "maintenance_interval_type": "months"}
        )
        cls.chiller = cls.env["product.product"].create(
            {
                "name": "Hospital chiller",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_repair_cost": "high",
                "aftersales_failure_cost": "high",
            }
        )

    def register_unit(self, serial, **vals):
        lot = self.env["stock.lot"].create({"name": serial, "product_id": self.chiller.id})
        return self.env["aftersales.equipment"].create(
            {"product_id": self.chiller.id, "lot_id": lot.id, **vals}
        )

    def test_never_fail_units_get_a_plan_from_their_strategy(self):
        unit = self.register_unit("NF-1", delivery_date=date(2026, 1, 15))
        plan = unit.maintenance_plan_ids
        self.assertEqual((plan.interval_number, plan.interval_type), (3, "months"))
        self.assertEqual(plan.next_date, date(2026, 4, 15))

    def test_running_twice_plans_each_visit_once(self):
        unit = self.register_unit("NF-2", delivery_date=date(2026, 1, 15))
        plan = unit.maintenance_plan_ids
        Plan = self.env["aftersales.maintenance.plan"]
        today = date(2026, 4, 2)  # 13 days before the visit, inside the 14-day lead
        for _run in range(2):
            Plan.search(Plan._due_plans_domain(today))._plan_due_visits(today)
        visit = plan.visit_ids
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.visit_type, "maintenance")
        self.assertEqual(visit.equipment_id, unit)
        self.assertEqual(visit.planned_start, datetime(2026, 4, 15, 8, 0))
        self.assertEqual(plan.next_date, date(2026, 7, 15))

    def test_nothing_is_planned_before_the_lead_time(self):
        plan = self.register_unit("NF-3", delivery_date=date(2026, 1, 15)).maintenance_plan_ids
        self.assertFalse(plan._plan_due_visits(date(2026, 3, 31)))
        self.assertEqual(plan.next_date, date(2026, 4, 15))

    def test_after_a_pause_one_overdue_visit_is_planned_not_one_per_missed_date(self):
        plan = self.register_unit("NF-4", delivery_date=date(2025, 1, 10)).maintenance_plan_ids
        visits = plan._plan_due_visits(date(2026, 2, 1))
        self.assertEqual(len(visits), 1)
        self.assertEqual(visits.planned_start.date(), date(2026, 1, 10))
        self.assertEqual(plan.next_date, date(2026, 4, 10))

    def test_repairable_units_get_no_plan(self):
        self.chiller.aftersales_repair_cost = "low"
        self.chiller.aftersales_failure_cost = "low"
        self.assertFalse(self.register_unit("RP-1").maintenance_plan_ids)

    def test_due_plans_are_found_in_one_query_per_batch(self):
        units = [self.register_unit(f"NF-B{n}", delivery_date=date(2026, 1, 15)) for n in range(30)]
        Plan = self.env["aftersales.maintenance.plan"]
        self.env.invalidate_all()
        with self.assertQueryCount(2):  # the longest lead time, then the due plans
            plans = Plan.search(Plan._due_plans_domain(date(2026, 4, 2)))
        self.assertEqual(
            len(plans & Plan.search([("equipment_id", "in", [u.id for u in units])])), 30
        )

    @freeze_time("2026-04-02")
    def test_scheduled_action_plans_due_visits_in_batches(self):
        units = [self.register_unit(f"NF-C{n}", delivery_date=date(2026, 1, 15)) for n in range(5)]
        IrCron = type(self.env["ir.cron"])
        # Outside a cron run _commit_progress commits; the test transaction must not.
        with patch.object(IrCron, "_commit_progress", return_value=60.0) as progress:
            self.env["aftersales.maintenance.plan"]._cron_plan_maintenance_visits(batch_size=2)
        self.assertEqual(sum(len(unit.visit_ids) for unit in units), 5)
        self.assertEqual([c.args for c in progress.call_args_list[1:]], [(2,), (2,), (1,)])
