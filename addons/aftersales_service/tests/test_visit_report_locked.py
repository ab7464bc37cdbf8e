from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .usage_common import AftersalesUsageCase


@tagged("post_install", "-at_install")
class TestVisitReportLocked(AftersalesUsageCase):
    """The checklist answers and readings of a done or cancelled visit are what its report told
    the customer: an RPC write, create or unlink is refused on the server, for the technician
    who closed it and for service users alike; the close itself still goes through."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician = new_test_user(
            cls.env, "locked_tech", groups="aftersales_service.group_service_technician"
        )
        cls.env["aftersales.visit.checklist.item"].create(
            [
                {"name": "Belt tension", "visit_type": "maintenance", "sequence": 1},
                {"name": "Oil level", "visit_type": "maintenance", "sequence": 2},
            ]
        )

    def setUp(self):
        super().setUp()
        self.visit = self.env["aftersales.visit"].create(
            {
                "equipment_id": self.alice_unit.id,
                "visit_type": "maintenance",
                "technician_id": self.technician.id,
            }
        )
        self.reading = self.record_reading(
            self.alice_unit, date(2026, 3, 1), 1200, visit_id=self.visit.id, source="visit"
        )

    def close_as_technician(self):
        visit = self.visit.with_user(self.technician)
        visit.checklist_line_ids.write({"result": "ok"})
        visit.checklist_line_ids[1].note = "Topped up"
        self.env["aftersales.equipment.reading"].with_user(self.technician).create(
            {
                "equipment_id": self.alice_unit.id,
                "visit_id": self.visit.id,
                "date": date(2026, 3, 2),
                "value": 1210,
                "source": "visit",
            }
        )
        visit.action_done()
        self.assertEqual(self.visit.state, "done")

    def assert_locked(self, user):
        visit = self.visit.with_user(user)
        lines = visit.checklist_line_ids
        readings = visit.reading_ids
        self.assertEqual(len(lines), 2)
        pattern = f"Visit {self.visit.name} is (Done|Cancelled)"
        with self.assertRaisesRegex(UserError, pattern):
            lines[0].write({"result": "not_ok"})
        with self.assertRaisesRegex(UserError, pattern):
            lines[1].note = "Changed afterwards"
        with self.assertRaisesRegex(UserError, pattern):
            lines.create({"visit_id": self.visit.id, "name": "Added afterwards"})
        with self.assertRaisesRegex(UserError, pattern):
            lines[0].unlink()
        with self.assertRaisesRegex(UserError, pattern):
            self.env["aftersales.equipment.reading"].with_user(user).create(
                {
                    "equipment_id": self.alice_unit.id,
                    "visit_id": self.visit.id,
                    "date": date(2026, 3, 3),
                    "value": 1300,
                }
            )
        if readings.has_access("write"):
            with self.assertRaisesRegex(UserError, pattern):
                readings[0].value = 1500
            with self.assertRaisesRegex(UserError, pattern):
                readings[0].visit_id = False
        self.env.invalidate_all()
        self.assertEqual(self.visit.checklist_line_ids.mapped("result"), ["ok", "ok"])
        self.assertEqual(self.visit.checklist_line_ids[1].note, "Topped up")
        self.assertEqual(sorted(self.visit.reading_ids.mapped("value")), [1200, 1210])

    def test_the_technician_closes_the_visit_then_cannot_change_its_report(self):
        self.close_as_technician()
        self.assert_locked(self.technician)

    def test_a_service_user_cannot_change_a_done_visits_report(self):
        self.close_as_technician()
        self.assert_locked(self.service_user)
        with self.assertRaisesRegex(UserError, "part of its report"):
            self.reading.with_user(self.service_manager).unlink()

    def test_a_cancelled_visits_report_is_locked_until_planned_again(self):
        visit = self.visit.with_user(self.technician)
        visit.checklist_line_ids.write({"result": "ok"})
        visit.checklist_line_ids[1].note = "Topped up"
        self.record_reading(
            self.alice_unit, date(2026, 3, 2), 1210, visit_id=self.visit.id, source="visit"
        )
        self.visit.with_user(self.service_user).action_cancel()
        self.assert_locked(self.service_user)
        self.visit.with_user(self.service_user).action_reset_to_planned()
        self.visit.with_user(self.service_user).checklist_line_ids[0].result = "not_ok"
        self.assertEqual(self.visit.checklist_line_ids[0].result, "not_ok")

    def test_a_reading_inserted_earlier_still_updates_a_done_visits_totals(self):
        self.record_reading(self.alice_unit, date(2026, 1, 1), 100)
        self.close_as_technician()
        # a meter reset before the visit: the done visit's readings keep their values, the
        # total carried over resets (bookkeeping) follows
        self.record_reading(self.alice_unit, date(2026, 2, 1), 1100, meter_reset=True)
        readings = self.visit.reading_ids.sorted("date")
        self.assertEqual(readings.mapped("value"), [1200, 1210])
        self.assertEqual(readings.mapped("total_usage"), [1300, 1310])
