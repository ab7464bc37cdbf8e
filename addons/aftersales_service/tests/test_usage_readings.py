from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .usage_common import AftersalesUsageCase


@tagged("post_install", "-at_install")
class TestUsageReadings(AftersalesUsageCase):
    def test_readings_only_go_up(self):
        self.record_reading(self.alice_unit, date(2026, 1, 1), 100)
        self.record_reading(self.alice_unit, date(2026, 3, 1), 300)
        with self.assertRaisesAndRollsBack(ValidationError, "lower than the reading 300"):
            self.record_reading(self.alice_unit, date(2026, 4, 1), 250)
        with self.assertRaisesAndRollsBack(ValidationError, "higher than the later reading 300"):
            self.record_reading(self.alice_unit, date(2026, 2, 1), 350)
        # a backdated reading between its neighbours is fine
        self.record_reading(self.alice_unit, date(2026, 2, 1), 200)
        self.assertEqual(self.alice_unit.current_usage, 300)

    def test_a_meter_reset_carries_the_usage_over(self):
        self.record_reading(self.alice_unit, date(2026, 1, 1), 1000)
        self.record_reading(self.alice_unit, date(2026, 1, 31), 1300)
        self.record_reading(self.alice_unit, date(2026, 2, 10), 50, meter_reset=True)
        self.record_reading(self.alice_unit, date(2026, 3, 2), 250)
        # 1300 hours on the old meter, 50 + 200 on the new one
        self.assertEqual(self.alice_unit.current_usage, 1550)
        self.assertEqual(self.alice_unit.last_reading_id.value, 250)
        # 550 hours over 60 days
        self.assertAlmostEqual(self.alice_unit.usage_per_day, 550 / 60, places=3)
        self.assertEqual(self.alice_unit._usage_on(date(2026, 2, 15)), 1350)

    def test_batch_posted_over_rpc_by_a_service_user(self):
        ids = self.Reading.with_user(self.service_user).post_readings(
            [
                {"serial": "HRS-ALICE-1", "date": "2026-05-01", "value": 10},
                {"serial": "HRS-BOB-1", "date": "2026-05-01", "value": 20},
                {"serial": "HRS-ALICE-1", "date": "2026-05-02", "value": 34.5},
            ]
        )
        readings = self.Reading.browse(ids)
        self.assertEqual(readings.mapped("source"), ["api"] * 3)
        self.assertEqual(self.alice_unit.current_usage, 34.5)
        self.assertEqual(self.bob_unit.last_reading_id.value, 20)

    def test_a_customer_posts_for_their_own_units_only_and_the_batch_rolls_back(self):
        Reading = self.Reading.with_user(self.alice)
        Reading.post_readings([{"serial": "HRS-ALICE-1", "date": "2026-05-01", "value": 10}])
        self.assertEqual(self.alice_unit.current_usage, 10)
        self.assertEqual(self.alice_unit.last_reading_id.value, 10)
        with self.assertRaisesAndRollsBack(UserError, r"Reading 2 \(HRS-BOB-1\): no unit"):
            Reading.post_readings(
                [
                    {"serial": "HRS-ALICE-1", "date": "2026-05-02", "value": 12},
                    {"serial": "HRS-BOB-1", "date": "2026-05-02", "value": 99},
                ]
            )
        self.assertEqual(self.alice_unit.last_reading_id.value, 10, "the batch rolled back")
        self.assertFalse(self.bob_unit.reading_ids)

    def test_a_decreasing_row_names_its_row(self):
        self.record_reading(self.alice_unit, date(2026, 5, 1), 500)
        with self.assertRaisesAndRollsBack(UserError, r"Reading 1 \(HRS-ALICE-1\):.*lower"):
            self.Reading.with_user(self.service_user).post_readings(
                [{"serial": "HRS-ALICE-1", "date": "2026-05-02", "value": 400}]
            )

    def test_malformed_batches_are_refused(self):
        for batch in ([], "nope", [{"value": 3}], [{"serial": "HRS-ALICE-1", "value": "x"}]):
            with self.assertRaises(UserError):
                self.Reading.with_user(self.service_user).post_readings(batch)

    def test_portal_customer_reads_their_readings_only(self):
        mine = self.record_reading(self.alice_unit, date(2026, 1, 1), 5)
        theirs = self.record_reading(self.bob_unit, date(2026, 1, 1), 6)
        visible = self.Reading.with_user(self.alice).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(theirs, visible)
        with self.assertRaises(AccessError):
            self.Reading.with_user(self.alice).create(
                {"equipment_id": self.bob_unit.id, "date": date(2026, 2, 1), "value": 8}
            )
        with self.assertRaises(AccessError):
            mine.with_user(self.alice).value = 1

    def test_acl_per_group(self):
        Reading = self.env["aftersales.equipment.reading"]
        self.assertTrue(Reading.with_user(self.service_user).has_access("create"))
        self.assertFalse(Reading.with_user(self.service_user).has_access("unlink"))
        self.assertTrue(Reading.with_user(self.service_manager).has_access("unlink"))
        self.assertFalse(Reading.with_user(self.internal_user).has_access("read"))
        Item = self.env["aftersales.visit.checklist.item"]
        self.assertTrue(Item.with_user(self.service_user).has_access("read"))
        self.assertFalse(Item.with_user(self.service_user).has_access("write"))
        self.assertTrue(Item.with_user(self.service_manager).has_access("create"))
        self.assertFalse(Item.with_user(self.alice).has_access("read"))

    def test_readings_of_another_company_are_hidden(self):
        other = self.env["res.company"].create({"name": "Field Service Other Co"})
        lot = self.env["stock.lot"].create(
            {"name": "HRS-OTHER", "product_id": self.compressor.id, "company_id": other.id}
        )
        unit = self.env["aftersales.equipment"].create(
            {
                "product_id": self.compressor.id,
                "lot_id": lot.id,
                "company_id": other.id,
                "counter_kind": "hours",
            }
        )
        reading = self.record_reading(unit, date(2026, 1, 1), 1)
        self.service_user.company_ids = self.env.company
        self.assertNotIn(reading, self.Reading.with_user(self.service_user).search([]))
        with self.assertRaisesAndRollsBack(UserError, "no unit"):
            self.Reading.with_user(self.service_user).post_readings(
                [{"serial": "HRS-OTHER", "value": 3}]
            )
