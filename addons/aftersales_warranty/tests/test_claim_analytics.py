from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .analytics_common import WarrantyAnalyticsCase

TODAY = "2026-01-01"
YEAR = 365.25


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestClaimAnalytics(WarrantyAnalyticsCase):
    """Reports on a constructed data set, against figures worked out by hand.

    Product A (the chiller, 24 months cover): 4 units delivered 2025-01-15 and 5 units
    delivered 2025-06-10. Product B: 8 units delivered 2025-03-01. Today is 2026-01-01.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.product_tmpl_id.seller_ids = [
            Command.create({"partner_id": cls.vendor.id, "sequence": 1})
        ]
        cls.a_jan = cls.deliver(cls.product, 4, date(2025, 1, 15), "AJ")
        cls.a_jun = cls.deliver(cls.product, 5, date(2025, 6, 10), "AU")
        cls.b_mar = cls.deliver(cls.product_b, 8, date(2025, 3, 1), "BM")

    def build_claims(self):
        """A: a repair (month 1), a no fault found (month 6), a cancelled claim, a submitted
        repair (month 0) and a goodwill repair. B: a replacement and a rejected claim."""
        repaired = self.claim(
            self.a_jan[0],
            date(2025, 2, 20),
            "done",
            "repair",
            parts=100.0,
            labour_cost=50.0,
            travel_cost=40.0,
            outcome="fixed",
        )
        repaired.sudo().write(
            {
                "submit_date": datetime(2025, 2, 20, 8, 0),
                "approve_date": datetime(2025, 2, 21, 14, 0),
                "done_date": date(2025, 2, 27),
            }
        )
        nff = self.claim(
            self.a_jan[1],
            date(2025, 8, 1),
            "done",
            "repair",
            labour_cost=30.0,
            travel_cost=20.0,
            outcome="no_fault_found",
        )
        nff.sudo().write(
            {
                "submit_date": datetime(2025, 8, 1, 9, 0),
                "approve_date": datetime(2025, 8, 4, 9, 0),
                "done_date": date(2025, 8, 21),
            }
        )
        self.claim(self.a_jan[1], date(2025, 9, 1), "cancel", "repair", labour_cost=999.0)
        self.claim(self.a_jun[0], date(2025, 7, 1), "submitted", "repair")
        self.claim(self.a_jun[1], date(2025, 12, 1), "done", "goodwill", labour_cost=80.0)
        self.claim(self.b_mar[0], date(2025, 4, 10), "done", "replace")
        self.claim(self.b_mar[1], date(2025, 5, 10), "rejected", "reject", labour_cost=60.0)
        self.env.flush_all()

    def test_failure_rate_per_product_cohort_and_lot(self):
        self.build_claims()
        Rate = self.env["aftersales.failure.rate"]
        per_product = {
            product: (units, failures, nff, rate, nff_rate)
            for product, units, failures, nff, rate, nff_rate in Rate._read_group(
                [],
                ["product_id"],
                ["units:sum", "failures:sum", "nff_claims:sum", "failure_rate:avg", "nff_rate:avg"],
            )
            if product in (self.product, self.product_b)
        }
        # A: 9 units, failures: the repair and the submitted claim (the NFF apart, the
        # cancelled and goodwill claims out) = 2 / 9 x 1,000; NFF 1 of 3 claims
        units, failures, nff, rate, nff_rate = per_product[self.product]
        self.assertEqual((units, failures, nff), (9, 2, 1))
        self.assertAlmostEqual(rate, 2 / 9 * 1000)
        self.assertAlmostEqual(nff_rate, 100 / 3)
        # B: 8 units, the replacement and the rejected claim = 2 / 8 x 1,000 = 250
        units, failures, nff, rate, nff_rate = per_product[self.product_b]
        self.assertEqual((units, failures, nff), (8, 2, 0))
        self.assertAlmostEqual(rate, 250.0)
        self.assertAlmostEqual(nff_rate, 0.0)

        # cohorts of A: January 4 units 1 failure (250), June 5 units 1 failure (200)
        cohorts = {
            month: (units, failures, rate)
            for month, units, failures, rate in Rate._read_group(
                [("product_id", "=", self.product.id)],
                ["delivery_date:month"],
                ["units:sum", "failures:sum", "failure_rate:avg"],
            )
        }
        self.assertEqual(
            cohorts,
            {date(2025, 1, 1): (4, 1, 250.0), date(2025, 6, 1): (5, 1, 200.0)},
        )
        # per lot: the repaired serial is 1 failure in 1 unit, its neighbour none
        lots = dict(
            Rate._read_group(
                [("lot_id", "in", self.a_jan[:3].lot_id.ids)], ["lot_id"], ["failure_rate:avg"]
            )
        )
        first, second, third = self.a_jan[:3].lot_id
        self.assertEqual(lots, {first: 1000.0, second: 0.0, third: 0.0})

    def test_failure_rate_by_months_in_service(self):
        self.build_claims()
        # today the January units are 11 months old, the June units 6 months: all 9 reached
        # 0-2, 3-5 and 6-11 months, none 12 months. Failures at month 1 and month 0 (0-2),
        # the NFF at month 6 (6-11).
        buckets = {
            bucket: (units, failures, nff, rate)
            for bucket, units, failures, nff, rate in self.env[
                "aftersales.failure.rate"
            ]._read_group(
                [("product_id", "=", self.product.id)],
                ["bucket"],
                ["units:sum", "failures:sum", "nff_claims:sum", "failure_rate:avg"],
            )
        }
        self.assertEqual(set(buckets), {"00_02", "03_05", "06_11"})
        self.assertEqual(buckets["00_02"][:3], (9, 2, 0))
        self.assertAlmostEqual(buckets["00_02"][3], 2 / 9 * 1000)
        self.assertEqual(buckets["03_05"], (9, 0, 0, 0.0))
        self.assertEqual(buckets["06_11"], (9, 0, 1, 0.0))

    def test_claim_analysis_cost_split_goodwill_and_lead_times(self):
        self.build_claims()
        Analysis = self.env["aftersales.claim.analysis"]
        domain = [("product_id", "=", self.product.id), ("state", "!=", "cancel")]
        split = {
            goodwill: values
            for goodwill, *values in Analysis._read_group(
                domain,
                ["is_goodwill"],
                [
                    "claim_count:sum",
                    "covered_parts:sum",
                    "covered_labour:sum",
                    "covered_travel:sum",
                    "warranty_cost:sum",
                    "goodwill_cost:sum",
                    "nff_rate:avg",
                ],
            )
        }
        # warranty: parts 100; labour 50 + 30; travel (40 + 20) x 50 %; cost 170 + 40 + 0
        self.assertEqual(split[False][:6], [3, 100.0, 80.0, 30.0, 210.0, 0.0])
        self.assertAlmostEqual(split[False][6], 100 / 3)
        # goodwill apart: labour 80, none of it in the warranty cost
        self.assertEqual(split[True][:6], [1, 0.0, 80.0, 0.0, 0.0, 80.0])

        repaired = Analysis.search([("lot_id", "=", self.a_jan[0].lot_id.id)])
        self.assertEqual(repaired.vendor_id, self.vendor)
        self.assertEqual(repaired.categ_id, self.category)
        self.assertEqual(repaired.months_in_service, 1)
        self.assertEqual((repaired.approval_hours, repaired.resolution_days), (30.0, 7.0))
        self.assertTrue(repaired.approval_on_target and repaired.resolution_on_target)
        nff = Analysis.search([("lot_id", "=", self.a_jan[1].lot_id.id), ("state", "=", "done")])
        self.assertEqual((nff.approval_hours, nff.resolution_days), (72.0, 20.0))
        self.assertFalse(nff.approval_on_target or nff.resolution_on_target)
        self.assertEqual(nff.months_in_service, 6)

        [(hours, target, on_target, days, on_time)] = Analysis._read_group(
            domain,
            [],
            [
                "approval_hours:avg",
                "approval_target_hours:max",
                "approval_on_target_rate:avg",
                "resolution_days:avg",
                "resolution_on_target_rate:avg",
            ],
        )
        self.assertEqual((hours, target, on_target, days, on_time), (51.0, 48.0, 50.0, 13.5, 50.0))

    def test_warranty_reserve(self):
        self.build_claims()
        self.env["aftersales.failure.rate.summary"]._refresh_summary()
        reserve = {
            row.product_id: row
            for row in self.env["aftersales.warranty.reserve"].search(
                [("product_id", "in", (self.product | self.product_b).ids)]
            )
        }
        a = reserve[self.product]
        # exposure: 4 units x 351 days (2025-01-15 to 2026-01-01) + 5 x 205 (from 2025-06-10)
        exposure = (4 * 351 + 5 * 205) / YEAR
        # paid claims: the repair (170) and the NFF visit (40); the submitted, cancelled and
        # goodwill claims are not paid warranty claims
        self.assertEqual((a.active_entitlements, a.claims, a.claim_cost), (9, 2, 210.0))
        self.assertAlmostEqual(a.unit_years, exposure)
        self.assertAlmostEqual(a.claim_rate, 2 / exposure)
        self.assertAlmostEqual(a.average_cost, 105.0)
        self.assertAlmostEqual(a.reserve, 9 * (2 / exposure) * 105.0, places=2)
        # cover left: 4 x 379 days (to 2027-01-14) + 5 x 525 days (to 2027-06-09)
        self.assertAlmostEqual(a.open_cover_years, (4 * 379 + 5 * 525) / YEAR)
        self.assertAlmostEqual(a.reserve_to_expiry, (4 * 379 + 5 * 525) * 210.0 / 2429, places=2)
        b = reserve[self.product_b]
        # B: 8 units x 306 days, one paid replacement at the list price 500
        self.assertEqual((b.active_entitlements, b.claims, b.claim_cost), (8, 1, 500.0))
        self.assertAlmostEqual(b.reserve, 8 * 500.0 / (8 * 306 / YEAR), places=2)

        [(rate, cost)] = self.env["aftersales.warranty.reserve"]._read_group(
            [("product_id", "in", (self.product | self.product_b).ids)],
            [],
            ["claim_rate:avg", "average_cost:avg"],
        )
        self.assertAlmostEqual(rate, 3 / (exposure + 8 * 306 / YEAR))
        self.assertAlmostEqual(cost, 710.0 / 3)

    def test_access(self):
        """Users read claim analysis and failure rates; the reserve is for managers."""
        self.build_claims()
        self.env["aftersales.failure.rate.summary"]._refresh_summary()
        for model in ("aftersales.claim.analysis", "aftersales.failure.rate"):
            self.assertTrue(self.env[model].with_user(self.warranty_user).search_count([]))
        with self.assertRaises(AccessError):
            self.env["aftersales.warranty.reserve"].with_user(self.warranty_user).search([])
        self.assertTrue(
            self.env["aftersales.warranty.reserve"].with_user(self.warranty_manager).search([])
        )
