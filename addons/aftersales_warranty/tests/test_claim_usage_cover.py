from datetime import date, timedelta

from odoo.tests import tagged

from .common import WarrantyCase


@tagged("post_install", "-at_install")
class TestClaimUsageCover(WarrantyCase):
    """Cover ends at the policy's usage limit or at its end date, whichever comes first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy.usage_limit = 2000
        cls.unit = cls.sell()
        cls.unit.counter_kind = "hours"
        cls.today = date.today()

    def record_reading(self, days_ago, value, **vals):
        return self.env["aftersales.equipment.reading"].create(
            {
                "equipment_id": self.unit.id,
                "date": self.today - timedelta(days=days_ago),
                "value": value,
                **vals,
            }
        )

    def test_the_claim_takes_its_usage_from_the_latest_reading(self):
        self.record_reading(30, 800)
        self.record_reading(3, 1500)
        self.record_reading(0, 1600)
        claim = self.make_claim(self.unit)
        self.assertEqual(claim.usage_reading, 1600)
        self.assertEqual(claim.warranty_id, self.unit.warranty_ids)
        self.assertEqual(claim._check_cover()["result"], "pass")

    def test_a_usage_given_on_the_claim_is_kept(self):
        self.record_reading(3, 1500)
        claim = self.make_claim(self.unit, usage_reading=1200)
        self.assertEqual(claim.usage_reading, 1200)

    def test_cover_ends_at_the_usage_limit_before_its_end_date(self):
        self.record_reading(10, 1900)
        self.record_reading(1, 2100)
        claim = self.make_claim(self.unit)
        self.assertEqual(claim.usage_reading, 2100)
        self.assertTrue(self.unit.warranty_ids._covers(self.today), "still within its dates")
        self.assertFalse(claim.warranty_id)
        verdict = claim._check_cover()
        self.assertEqual(verdict["result"], "block")
        self.assertIn("ended at its usage limit of 2000", verdict["message"])
        decision, _remedies, reasons, _verdict = claim._recommendation({})
        self.assertEqual((decision, reasons), ("reject", [["no_cover", {}]]))

    def test_a_lower_usage_typed_on_the_claim_brings_the_cover_back(self):
        self.record_reading(1, 2100)
        claim = self.make_claim(self.unit)
        self.assertFalse(claim.warranty_id)
        claim.usage_reading = 1999
        self.assertEqual(claim.warranty_id, self.unit.warranty_ids)

    def test_no_usage_limit_keeps_cover_to_its_dates(self):
        self.policy.usage_limit = 0
        self.record_reading(1, 99999)
        claim = self.make_claim(self.unit)
        self.assertEqual(claim.warranty_id, self.unit.warranty_ids)

    def test_a_meter_reset_does_not_restart_the_usage(self):
        self.record_reading(20, 1800)
        self.record_reading(10, 100, meter_reset=True)
        self.record_reading(1, 300)
        claim = self.make_claim(self.unit)
        self.assertEqual(claim.usage_reading, 2100)
        self.assertFalse(claim.warranty_id)
