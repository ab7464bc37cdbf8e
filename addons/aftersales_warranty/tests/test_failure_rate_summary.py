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
        """Failures in three months-in-service buckets, a no fault found, a cancelled, a
        goodwill and a rejected claim, and a claim of the other company."""
        self.claim(self.a_jan[0], date(2025, 2, 20), "done", "repair", outcome="fixed")
        self.claim(self.a_jan[1], date(2025, 8, 1), "done", "repair", outcome="no_fault_found")
        self.claim(self.a_jan[1], date(2025, 9, 1), "cancel", "repair")
        self.claim(self.a_jun[0], date(2025, 7, 1), "submitted", "repair")
        self.claim(self.a_jun[1], date(2025, 12, 1), "done", "goodwill")
        self.claim(self.b_mar[0], date(2025, 4, 10), "done", "replace")
        self.claim(self.b_mar[1], date(2025, 5, 10), "rejected", "reject")
        self.claim(self.b_mar[2], date(2025, 7, 15), "done", "repair", outcome="fixed")
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
        # A January (11 months in service), A June (6), B March (10) and the other company's
        # June (6): each has reached the buckets 0-2, 3-5 and 6-11 months
        self.assertEqual(Summary._refresh_summary(), 12)
        products = [("product_id", "in", (self.product | self.product_b).ids)]
        for summary_groupby, live_groupby in (
            ([], []),
            (["bucket"], ["bucket"]),
            (["product_id"], ["product_id"]),
            (["product_id", "bucket"], ["product_id", "bucket"]),
            (["delivery_month:month"], ["delivery_date:month"]),
            (["product_id", "delivery_month:month"], ["product_id", "delivery_date:month"]),
            (
                ["delivery_month:month", "bucket", "product_id"],
                ["delivery_date:month", "bucket", "product_id"],
            ),
        ):
            with self.subTest(groupby=summary_groupby):
                self.assertEqual(
                    self.summary(summary_groupby, products), self.live(live_groupby, products)
                )
        # some buckets only: the units of the earliest one
        later = [*products, ("bucket", "in", ("03_05", "06_11"))]
        self.assertEqual(self.summary(["product_id"], later), self.live(["product_id"], later))
        # worked out by hand: A in January, 4 units, 1 failure and 1 no fault found
        a_january = [
            ("product_id", "=", self.product.id),
            ("delivery_month", "=", "2025-01-01"),
            ("company_id", "=", self.company.id),
        ]
        [(units, failures, nff, rate, nff_rate)] = self.summary([], a_january)
        self.assertEqual((units, failures, nff, rate, nff_rate), (4, 1, 1, 250.0, 50.0))
        self.assertEqual(
            self.summary(["bucket"], a_january),
            [
                ("00_02", 4, 1, 0, 250.0, 0.0),
                ("03_05", 4, 0, 0, 0.0, False),
                ("06_11", 4, 0, 1, 0.0, 100.0),
            ],
        )
        # B in March, 3-5 months: 1 failure (July) among its 8 units
        [(units, failures, rate)] = Summary._read_group(
            [("product_id", "=", self.product_b.id), ("bucket", "=", "03_05")],
            [],
            ["units:sum", "failures:sum", "failure_rate:avg"],
        )
        self.assertEqual((units, failures, rate), (8, 1, 125.0))

    def test_per_unit_drill_down_from_a_row(self):
        """A row of the summary opens its units in the live view, with the same figures."""
        self.build_claims()
        Summary = self.env["aftersales.failure.rate.summary"].with_user(self.approver)
        Summary.sudo()._refresh_summary()
        row = Summary.search(
            [
                ("product_id", "=", self.product.id),
                ("delivery_month", "=", "2025-01-01"),
                ("bucket", "=", "06_11"),
            ]
        )
        action = row.action_open_units()
        self.assertEqual(action["res_model"], "aftersales.failure.rate")
        live = self.env["aftersales.failure.rate"].with_user(self.approver)
        self.assertEqual(live.search(action["domain"]).equipment_id, self.a_jan)
        self.assertEqual(
            live._read_group(action["domain"], [], MEASURES),
            Summary._read_group([("id", "=", row.id)], [], MEASURES),
        )
        self.assertIn("2025-01, 6-11 months", action["name"])
        # a page read by id (as the list reads it) has each row's own unit, bucket and counts
        rows = live.search([("equipment_id", "in", self.a_jan.ids)], order="id")
        self.env.invalidate_all()
        self.assertEqual(
            [(r.equipment_id, r.bucket, r.failures, r.nff_claims) for r in live.browse(rows.ids)],
            [
                (
                    unit,
                    bucket,
                    int(unit == self.a_jan[0] and bucket == "00_02"),
                    int(unit == self.a_jan[1] and bucket == "06_11"),
                )
                for unit in self.a_jan
                for bucket in ("00_02", "03_05", "06_11")
            ],
        )

    def test_the_menu_names_the_date_of_the_figures(self):
        Summary = self.env["aftersales.failure.rate.summary"].with_user(self.approver)
        self.assertEqual(Summary._action_open_report()["name"], "Failure Rate (not refreshed yet)")
        Summary.sudo()._refresh_summary()
        action = Summary._action_open_report()
        self.assertEqual(action["res_model"], "aftersales.failure.rate.summary")
        self.assertRegex(action["name"], r"^Failure Rate as of .*2026")
        # the menu runs it, as an approver
        menu = self.env.ref("aftersales_warranty.menu_warranty_failure_rate")
        self.assertEqual(
            menu.action, self.env.ref("aftersales_warranty.action_failure_rate_summary_as_of")
        )
        opened = menu.action.with_user(self.approver).run()
        self.assertEqual(
            (opened["res_model"], opened["name"]), (action["res_model"], action["name"])
        )

    def test_refresh_replaces_the_rows_and_dates_them(self):
        Summary = self.env["aftersales.failure.rate.summary"]
        Summary._refresh_summary()
        self.assertEqual(self.summary([], [("product_id", "=", self.product_b.id)])[0][1], 0)
        self.build_claims()
        with freeze_time("2026-01-01 09:30:00"):
            self.assertEqual(Summary._refresh_summary(), 12)
            self.assertEqual(Summary._refresh_summary(), 12)  # twice: the same rows, not twice
        self.assertEqual(Summary.search_count([]), 12)
        self.assertEqual(Summary._last_refresh(), datetime(2026, 1, 1, 9, 30))
        self.assertEqual(self.summary([], [("product_id", "=", self.product_b.id)])[0][1], 3)

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
        self.assertEqual(
            theirs._read_group([], ["bucket"], ["units:sum"]),
            [("00_02", 3), ("03_05", 3), ("06_11", 3)],
        )
        self.assertEqual(mine._read_group([], [], ["units:sum"])[0][0], 17)
        # nor the units behind them, in the live per-unit view
        Live = self.env["aftersales.failure.rate"]
        self.assertFalse(
            Live.with_user(self.other_user).search([("company_id", "=", self.company.id)])
        )
        self.assertEqual(Live.with_user(self.other_user).search([]).equipment_id, self.other_units)
        mine_row = Summary.search([("company_id", "=", self.company.id)], limit=1)
        with self.assertRaises(AccessError):
            mine_row.with_user(self.other_user).action_open_units()

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

    def test_a_product_opens_its_failure_rates(self):
        self.build_claims()
        self.env["aftersales.failure.rate.summary"]._refresh_summary()
        action = self.product.product_tmpl_id.with_user(
            self.approver
        ).action_aftersales_failure_rate()
        self.assertEqual(action["res_model"], "aftersales.failure.rate.summary")
        rows = self.env[action["res_model"]].with_user(self.approver).search(action["domain"])
        self.assertEqual(rows.product_id, self.product)
        self.assertEqual(len(rows), 6)  # January and June, three buckets each

    def test_the_product_form_opens_for_a_salesman_without_the_failure_rate_button(self):
        """The product form's inherited button, for a Sales user holding none of our groups:
        the form loads without it; an approver sees it and it opens the product's rows."""
        salesman = new_test_user(
            self.env, login="plain_salesman", groups="sales_team.group_sale_salesman"
        )
        template = self.env["product.template"]
        arch = template.with_user(salesman).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("action_aftersales_failure_rate", arch)
        arch = template.with_user(self.approver).get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertIn("action_aftersales_failure_rate", arch)
        action = self.product.product_tmpl_id.with_user(
            self.approver
        ).action_aftersales_failure_rate()
        self.assertEqual(action["res_model"], "aftersales.failure.rate.summary")
        self.assertEqual(
            action["domain"], [("product_id.product_tmpl_id", "=", self.product.product_tmpl_id.id)]
        )
