from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .analytics_common import WarrantyAnalyticsCase

MEASURES = ["units:sum", "failures:sum", "nff_claims:sum", "failure_rate:avg", "nff_rate:avg"]


@tagged("post_install", "-at_install")
@freeze_time("2026-01-01 08:00:00")
class TestFailureRateSummary(WarrantyAnalyticsCase):
    """The failure rates per month, once refreshed, are the live Failure Rate's figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a_jan = cls.deliver(cls.product, 4, date(2025, 1, 15), "SJ")
        cls.a_jun = cls.deliver(cls.product, 5, date(2025, 6, 10), "SU")
        cls.b_mar = cls.deliver(cls.product_b, 8, date(2025, 3, 1), "SM")
        cls.other_company = cls.env["res.company"].create({"name": "Other Failure Co"})
        cls.other_product = cls.env["product.product"].create(
            {"name": "Ice Machine IM-2", "is_storable": True, "tracking": "serial"}
        )
        cls.other_units = cls.deliver(
            cls.other_product, 3, date(2025, 6, 20), "SO", company=cls.other_company
        )
        cls.other_user = new_test_user(
            cls.env,
            "as_w_other_user",
            groups="aftersales_warranty.group_warranty_user",
            company_id=cls.other_company.id,
            company_ids=[cls.other_company.id],
        )

    def build_claims(self):
        """Failures, a no fault found, a cancelled, a goodwill and a rejected claim, and a
        claim of the other company."""
        self.claim(self.a_jan[0], date(2025, 2, 20), "done", "repair", outcome="fixed")
        self.claim(self.a_jan[1], date(2025, 8, 1), "done", "repair", outcome="no_fault_found")
        self.claim(self.a_jan[1], date(2025, 9, 1), "cancel", "repair")
        self.claim(self.a_jun[0], date(2025, 7, 1), "submitted", "repair")
        self.claim(self.a_jun[1], date(2025, 12, 1), "done", "goodwill")
        self.claim(self.b_mar[0], date(2025, 4, 10), "done", "replace")
        self.claim(self.b_mar[1], date(2025, 5, 10), "rejected", "reject")
        other = (
            self.env["aftersales.claim"]
            .with_company(self.other_company)
            .create(
                {
                    "equipment_id": self.other_units[0].id,
                    "company_id": self.other_company.id,
                    "failure_date": date(2025, 7, 1),
                    "labour_cost": 300.0,
                }
            )
        )
        other.write({"state": "submitted", "decision": "repair"})
        self.env.flush_all()

    def live(self, groupby, domain=()):
        return self.env["aftersales.failure.rate"]._read_group(list(domain), groupby, MEASURES)

    def summary(self, groupby, domain=()):
        return self.env["aftersales.failure.rate.summary"]._read_group(
            list(domain), groupby, MEASURES
        )

    def test_refreshed_summary_gives_the_live_figures(self):
        self.build_claims()
        Summary = self.env["aftersales.failure.rate.summary"]
        # rows: A January, A June, B March and the other company's June
        self.assertEqual(Summary._refresh_summary(), 4)
        products = [("product_id", "in", (self.product | self.product_b).ids)]
        self.assertEqual(
            self.summary(["product_id"], products), self.live(["product_id"], products)
        )
        self.assertEqual(
            self.summary(["product_id", "delivery_month:month"], products),
            self.live(["product_id", "delivery_date:month"], products),
        )
        self.assertEqual(self.summary([], products), self.live([], products))
        # worked out by hand: A in January, 4 units, 1 failure and 1 no fault found
        [(units, failures, nff, rate, nff_rate)] = self.summary(
            [],
            [
                ("product_id", "=", self.product.id),
                ("delivery_month", "=", "2025-01-01"),
                ("company_id", "=", self.company.id),
            ],
        )
        self.assertEqual((units, failures, nff, rate, nff_rate), (4, 1, 1, 250.0, 50.0))

    def test_refresh_replaces_the_rows_and_dates_them(self):
        Summary = self.env["aftersales.failure.rate.summary"]
        Summary._refresh_summary()
        self.assertEqual(self.summary([], [("product_id", "=", self.product_b.id)])[0][1], 0)
        self.build_claims()
        with freeze_time("2026-01-01 09:30:00"):
            self.assertEqual(Summary._refresh_summary(), 4)
            self.assertEqual(Summary._refresh_summary(), 4)  # twice: the same rows, not twice
        self.assertEqual(Summary.search_count([]), 4)
        self.assertEqual(Summary._last_refresh(), datetime(2026, 1, 1, 9, 30))
        self.assertEqual(self.summary([], [("product_id", "=", self.product_b.id)])[0][1], 2)

    def test_a_company_reads_only_its_own_rows(self):
        self.build_claims()
        Summary = self.env["aftersales.failure.rate.summary"]
        Summary._refresh_summary()
        mine = Summary.with_user(self.warranty_user)
        theirs = Summary.with_user(self.other_user)
        self.assertEqual(mine.search([]).company_id, self.company)
        self.assertEqual(theirs.search([]).company_id, self.other_company)
        [(units, failures)] = theirs._read_group([], [], ["units:sum", "failures:sum"])
        self.assertEqual((units, failures), (3, 1))
        self.assertEqual(mine._read_group([], [], ["units:sum"])[0][0], 17)

    def test_refresh_for_approvers_only(self):
        Summary = self.env["aftersales.failure.rate.summary"]
        with self.assertRaises(AccessError):
            Summary.with_user(self.warranty_user).action_refresh()
        with self.assertRaises(AccessError):
            Summary.with_user(self.warranty_user).create({"units": 1})
        Summary.with_user(self.approver).action_refresh()
        self.assertTrue(Summary.with_user(self.approver).search_count([]))

    def test_reserve_counts_the_entitlements_as_of_the_refresh(self):
        Reserve = self.env["aftersales.warranty.reserve"]

        def active(product):
            return Reserve.search([("product_id", "=", product.id)]).active_entitlements

        self.env["aftersales.failure.rate.summary"]._refresh_summary()
        self.assertEqual(active(self.product_b), 8)
        self.deliver(self.product_b, 2, date(2025, 12, 1), "SN")
        self.env.invalidate_all()
        self.assertEqual(active(self.product_b), 8)  # not summed up yet
        self.env["aftersales.failure.rate.summary"]._refresh_summary()
        self.env.invalidate_all()
        self.assertEqual(active(self.product_b), 10)
