from datetime import date, datetime

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .usage_common import AftersalesUsageCase


@tagged("post_install", "-at_install")
class TestMaintenanceOnUsage(AftersalesUsageCase):
    """ "Every 500 hours or 6 months, whichever comes first"."""

    def make_plan(self, unit, **vals):
        return self.env["aftersales.maintenance.plan"].create(
            {
                "equipment_id": unit.id,
                "interval_number": 6,
                "interval_type": "months",
                "next_date": date(2026, 7, 1),
                "lead_days": 7,
                **vals,
            }
        )

    def run_cron(self):
        """What the scheduled action does, without its commits."""
        Plan = self.env["aftersales.maintenance.plan"]
        today = fields.Date.context_today(Plan)
        Plan.search(Plan._due_plans_domain(today))._plan_due_visits(today)

    def test_usage_comes_first(self):
        self.record_reading(self.alice_unit, date(2026, 1, 1), 1000)
        plan = self.make_plan(self.alice_unit, usage_interval=500)
        self.assertEqual(plan.usage_next, 1500, "the usage clock starts at the latest reading")
        # 10 hours a day: 1500 is reached on 2026-02-20, well before the 6 months
        self.record_reading(self.alice_unit, date(2026, 1, 31), 1300)
        self.assertEqual(plan.usage_due_date, date(2026, 2, 20))
        with freeze_time("2026-02-10"):
            self.run_cron()
            self.assertFalse(plan.visit_ids, "more than 7 days before the projected date")
        with freeze_time("2026-02-14"):
            self.run_cron()
            self.run_cron()
        visit = plan.visit_ids
        self.assertEqual(len(visit), 1, "planned once, however often the cron runs")
        self.assertEqual(visit.visit_type, "maintenance")
        self.assertEqual(visit.planned_start, datetime(2026, 2, 20, 8, 0))
        # both clocks restart from this visit
        self.assertEqual(plan.next_date, date(2026, 8, 20))
        self.assertEqual(plan.usage_next, 2000)

    def test_time_comes_first_when_the_unit_is_little_used(self):
        self.record_reading(self.alice_unit, date(2026, 1, 1), 100)
        self.record_reading(self.alice_unit, date(2026, 3, 2), 160)  # one hour a day
        plan = self.make_plan(self.alice_unit, usage_interval=500)
        self.assertEqual(plan.usage_next, 660)
        self.assertEqual(plan.usage_due_date, date(2027, 7, 15))  # 500 days at 1 h/day
        with freeze_time("2026-06-25"):
            self.run_cron()
        visit = plan.visit_ids
        self.assertEqual(visit.planned_start, datetime(2026, 7, 1, 8, 0))
        self.assertEqual(plan.next_date, date(2027, 1, 1))
        # 160 hours + 121 days at 1 h/day at the visit, plus 500
        self.assertEqual(plan.usage_next, 781)

    def test_an_overdue_usage_plans_the_visit_today(self):
        self.record_reading(self.alice_unit, date(2026, 1, 1), 0)
        plan = self.make_plan(self.alice_unit, usage_interval=500)
        self.record_reading(self.alice_unit, date(2026, 2, 1), 700)
        self.assertEqual(plan.usage_due_date, date(2026, 2, 1))
        with freeze_time("2026-02-10"):
            self.run_cron()
        self.assertEqual(plan.visit_ids.planned_start, datetime(2026, 2, 10, 8, 0))
        self.assertEqual(plan.usage_next, 1000)

    def test_a_plan_without_usage_interval_keeps_to_time(self):
        self.record_reading(self.alice_unit, date(2026, 1, 1), 0)
        self.record_reading(self.alice_unit, date(2026, 2, 1), 9000)
        plan = self.make_plan(self.alice_unit)
        self.assertFalse(plan.usage_due_date)
        with freeze_time("2026-02-10"):
            self.run_cron()
        self.assertFalse(plan.visit_ids)
