from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .analytics_common import WarrantyAnalyticsCase

NOW = "2026-01-15 10:00:00"
YEAR = 365.25


class DashboardCase(WarrantyAnalyticsCase):
    def dashboard(self, user, period="3_months", companies=None, refresh=True):
        """The dashboard's data, the failure rates per month refreshed first (as the nightly
        cron or the Refresh button would) unless `refresh` is False."""
        if refresh:
            self.env["aftersales.failure.rate.summary"]._refresh_summary()
        Dashboard = self.env["aftersales.warranty.dashboard"].with_user(user)
        if companies:
            Dashboard = Dashboard.with_context(allowed_company_ids=companies.ids)
        return Dashboard.get_dashboard_data(period)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestWarrantyDashboard(DashboardCase):
    """The dashboard on a constructed data set, against figures worked out by hand.

    Today is 2026-01-15 10:00; targets 48 hours and 14 days. "Last 3 months" runs from
    2025-11-01. Product A (chiller): 4 units delivered 2025-11-10 (AN) and 2 on 2025-06-01
    (AO); product B (freezer): 5 units delivered 2025-12-05 (BD).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a_nov = cls.deliver(cls.product, 4, date(2025, 11, 10), "AN")
        cls.a_old = cls.deliver(cls.product, 2, date(2025, 6, 1), "AO")
        cls.b_dec = cls.deliver(cls.product_b, 5, date(2025, 12, 5), "BD")

    def build(self):
        """In the period: a repair (30 h, 7 days), a no fault found (72 h, 20 days), a goodwill
        repair, a claim submitted 5 days ago (past the approval target), an approved claim
        submitted 24 days ago (past the resolution target), a draft and a cancelled claim.
        Out of the period: a repair of September."""
        self.repair_claim = self.claim(
            self.a_nov[0],
            date(2025, 11, 20),
            "done",
            "repair",
            parts=100.0,
            labour_cost=50.0,
            travel_cost=40.0,
            outcome="fixed",
            dates={
                "submit_date": datetime(2025, 11, 20, 8, 0),
                "approve_date": datetime(2025, 11, 21, 14, 0),
                "done_date": date(2025, 11, 27),
            },
        )
        self.nff_claim = self.claim(
            self.a_nov[1],
            date(2025, 12, 1),
            "done",
            "repair",
            labour_cost=30.0,
            travel_cost=20.0,
            outcome="no_fault_found",
            failure_code_id=self.other_failure.id,
            dates={
                "submit_date": datetime(2025, 12, 1, 9, 0),
                "approve_date": datetime(2025, 12, 4, 9, 0),
                "done_date": date(2025, 12, 21),
            },
        )
        self.goodwill_claim = self.claim(
            self.b_dec[0],
            date(2025, 12, 10),
            "done",
            "goodwill",
            labour_cost=80.0,
            failure_code_id=self.other_failure.id,
        )
        self.submitted_claim = self.claim(
            self.b_dec[1],
            date(2026, 1, 5),
            "submitted",
            "repair",
            labour_cost=60.0,  # estimated, not yet paid: in no cost of the period
            dates={"submit_date": datetime(2026, 1, 10, 8, 0)},
        )
        self.approved_claim = self.claim(
            self.a_old[0],
            date(2025, 12, 20),
            "approved",
            "repair",
            dates={
                "submit_date": datetime(2025, 12, 22, 8, 0),
                "approve_date": datetime(2025, 12, 23, 8, 0),
            },
        )
        self.draft_claim = self.claim(self.b_dec[2], date(2026, 1, 14), "draft")
        self.claim(self.a_nov[2], date(2025, 12, 15), "cancel", "repair", labour_cost=999.0)
        self.september_claim = self.claim(
            self.a_old[1], date(2025, 9, 1), "done", "repair", labour_cost=500.0, outcome="fixed"
        )
        Recovery = self.env["aftersales.recovery"].sudo()
        for claim, day, hours, rate, state, accepted, settled in (
            (self.repair_claim, date(2025, 12, 10), 2, 50.0, "settled", 80.0, 80.0),
            (self.nff_claim, date(2026, 1, 5), 3, 20.0, "accepted", 60.0, 0.0),
            (self.september_claim, date(2025, 9, 15), 10, 100.0, "settled", 1000.0, 1000.0),
            (self.approved_claim, date(2026, 1, 6), 5, 100.0, "draft", 0.0, 0.0),
        ):
            recovery = Recovery.create(
                {
                    "claim_id": claim.id,
                    "partner_id": self.vendor.id,
                    "labour_hours": hours,
                    "labour_rate": rate,
                }
            )
            recovery.write(
                {
                    "date": day,
                    "state": state,
                    "amount_accepted": accepted,
                    "amount_settled": settled,
                }
            )
        # the submitted claim waits for the approver's review
        self.env["tier.definition"].create(
            {
                "name": "Freezers: the approver reviews",
                "model_id": self.env["ir.model"]._get_id("aftersales.claim"),
                "review_type": "individual",
                "reviewer_id": self.approver.id,
                "definition_domain": f"[('product_id', '=', {self.product_b.id})]",
            }
        )
        self.submitted_claim.request_validation()
        self.env.flush_all()

    def other_company_claim(self):
        """A claim of another company, in the period, on a unit delivered in the period."""
        self.other_company = self.env["res.company"].create({"name": "Other Warranty Co"})
        self.warranty_manager.company_ids |= self.other_company
        product = self.env["product.product"].create(
            {"name": "Ice Machine IM-1", "is_storable": True, "tracking": "serial"}
        )
        unit = self.deliver(product, 1, date(2025, 11, 15), "OC", company=self.other_company)
        claim = (
            self.env["aftersales.claim"]
            .with_company(self.other_company)
            .create(
                {
                    "equipment_id": unit.id,
                    "company_id": self.other_company.id,
                    "failure_date": date(2025, 12, 1),
                    "labour_cost": 300.0,
                }
            )
        )
        claim.write({"state": "submitted", "decision": "repair"})
        self.env.flush_all()
        return product

    def test_figures_worked_out_by_hand(self):
        self.build()
        data = self.dashboard(self.warranty_manager)
        self.assertEqual(
            data["period"], {"key": "3_months", "date_from": "2025-11-01", "date_to": "2026-01-15"}
        )

        queue = data["queue"]
        self.assertEqual(
            {row["state"]: row["count"] for row in queue["states"]},
            {"draft": 1, "submitted": 1, "approved": 1, "in_progress": 0},
        )
        # submitted 2026-01-10 08:00: 122 hours ago; approved claim submitted 2025-12-22
        self.assertEqual(queue["late_approval"]["count"], 1)
        self.assertEqual(queue["late_resolution"]["count"], 1)
        Claim = self.env["aftersales.claim"]
        self.assertEqual(Claim.search(queue["late_approval"]["domain"]), self.submitted_claim)
        self.assertEqual(Claim.search(queue["late_resolution"]["domain"]), self.approved_claim)
        # the review is the approver's, not the manager's
        self.assertEqual(queue["my_reviews"]["count"], 0)
        approver_queue = self.dashboard(self.approver)["queue"]["my_reviews"]
        self.assertEqual(approver_queue["count"], 1)
        self.assertEqual(
            Claim.with_user(self.approver).search(approver_queue["domain"]), self.submitted_claim
        )

        # six claims in the period (cancelled and September claims out), one no fault found
        self.assertEqual(data["volume"]["claims"], 6)
        self.assertEqual(data["volume"]["nff_count"], 1)
        self.assertAlmostEqual(data["volume"]["nff_rate"], 100 / 6)

        # approved, in progress or done: repair (parts 100, labour 50, travel 40 x 50 %), NFF
        # visit (labour 30, travel 20 x 50 %), approved claim (nothing yet); goodwill apart
        cost = data["cost"]
        self.assertEqual(
            (cost["claims"], cost["parts"], cost["labour"], cost["travel"], cost["warranty_cost"]),
            (3, 100.0, 80.0, 30.0, 210.0),
        )
        self.assertEqual((cost["goodwill_claims"], cost["goodwill_cost"]), (1, 80.0))

        # approval: 30, 72 and 24 hours (2 of 3 within 48); resolution: 7 and 20 days
        lead = data["lead_times"]
        self.assertAlmostEqual(lead["approval_hours"], 42.0)
        self.assertAlmostEqual(lead["approval_on_target"], 200 / 3)
        self.assertAlmostEqual(lead["resolution_days"], 13.5)
        self.assertAlmostEqual(lead["resolution_on_target"], 50.0)
        self.assertEqual((lead["approval_target"], lead["resolution_target"]), (48.0, 14))

        # units delivered in the period: B 2 failures (submitted, draft; goodwill out) in 5
        # units; A 1 failure (the repair; the NFF apart, the cancelled claim out) in 4 units
        self.assertEqual(
            [
                (row["name"], row["units"], row["failures"], row["rate"])
                for row in data["failure_rates"]
            ],
            [("Freezer FR-50", 5, 2, 400.0), ("Chiller CH-200", 4, 1, 250.0)],
        )
        # failure codes: compressor (repair, submitted, approved, draft): 170 of warranty
        # cost paid or committed, as the cost above (the submitted claim's 60 not yet);
        # fan noise (NFF visit 40, goodwill 80)
        self.assertEqual(
            [
                (row["id"], row["claims"], row["warranty_cost"], row["goodwill_cost"])
                for row in data["failure_codes"]
            ],
            [(self.failure.id, 4, 170.0, 0.0), (self.other_failure.id, 2, 40.0, 80.0)],
        )

        # recoveries sent in the period (draft and September out): 100 + 60 claimed,
        # 80 + 60 accepted, 80 settled: 50 %
        self.assertEqual(
            {
                key: data["recovery"][key]
                for key in ("recoveries", "claimed", "accepted", "settled")
            },
            {"recoveries": 2, "claimed": 160.0, "accepted": 140.0, "settled": 80.0},
        )
        self.assertAlmostEqual(data["recovery"]["rate"], 50.0)

        # reserve: A has 6 active entitlements, 4 x 66 + 2 x 228 days of cover run and 4
        # paid claims (170 + 40 + 0 + 500); B has no paid claim (goodwill, submitted)
        reserve = data["reserve"]
        self.assertEqual(reserve["active_entitlements"], 11)
        self.assertAlmostEqual(reserve["reserve"], 6 * 710.0 / ((4 * 66 + 2 * 228) / YEAR), 2)

    def test_figures_equal_the_reports(self):
        """Each figure is what the report it opens shows on the domain it returns."""
        self.build()
        data = self.dashboard(self.warranty_manager)
        Analysis = self.env["aftersales.claim.analysis"]
        [(claims, nff_rate)] = Analysis._read_group(
            data["volume"]["domain"], [], ["claim_count:sum", "nff_rate:avg"]
        )
        self.assertEqual(claims, data["volume"]["claims"])
        self.assertAlmostEqual(nff_rate, data["volume"]["nff_rate"])
        [(hours, on_target, days, on_time)] = Analysis._read_group(
            data["lead_times"]["domain"],
            [],
            [
                "approval_hours:avg",
                "approval_on_target_rate:avg",
                "resolution_days:avg",
                "resolution_on_target_rate:avg",
            ],
        )
        lead = data["lead_times"]
        self.assertEqual(
            (hours, on_target, days, on_time),
            (
                lead["approval_hours"],
                lead["approval_on_target"],
                lead["resolution_days"],
                lead["resolution_on_target"],
            ),
        )
        [(cost,)] = Analysis._read_group(data["cost"]["domain"], [], ["warranty_cost:sum"])
        self.assertEqual(cost, data["cost"]["warranty_cost"])
        top = data["failure_rates"][0]
        [(rate,)] = self.env["aftersales.failure.rate.summary"]._read_group(
            top["domain"], [], ["failure_rate:avg"]
        )
        self.assertEqual(rate, top["rate"])
        # the live per-unit view of the same cohort agrees with the summary
        [(rate,)] = self.env["aftersales.failure.rate"]._read_group(
            [
                ("delivery_date", ">=", data["period"]["date_from"]),
                ("delivery_date", "<=", data["period"]["date_to"]),
                ("product_id", "=", top["id"]),
            ],
            [],
            ["failure_rate:avg"],
        )
        self.assertEqual(rate, top["rate"])
        [(rate,)] = self.env["aftersales.recovery.analysis"]._read_group(
            data["recovery"]["domain"], [], ["rate:sum"]
        )
        self.assertEqual(rate, data["recovery"]["rate"])
        [(reserve,)] = self.env["aftersales.warranty.reserve"]._read_group([], [], ["reserve:sum"])
        self.assertAlmostEqual(reserve, data["reserve"]["reserve"])

    def test_periods(self):
        self.build()
        claims = {
            period: self.dashboard(self.approver, period)["volume"]["claims"]
            for period in ("month", "3_months", "12_months", "ytd")
        }
        # January: the submitted and draft claims; 12 months from 2025-02-01: + September
        self.assertEqual(claims, {"month": 2, "3_months": 6, "12_months": 7, "ytd": 2})

    def test_other_company_not_counted(self):
        self.build()
        product = self.other_company_claim()
        # the manager belongs to both companies, only the first one is selected
        data = self.dashboard(self.warranty_manager, companies=self.company)
        self.assertEqual(data["volume"]["claims"], 6)
        self.assertEqual(data["queue"]["states"][1]["count"], 1)
        self.assertEqual(data["queue"]["late_approval"]["count"], 1)
        self.assertNotIn(product.id, [row["id"] for row in data["failure_rates"]])
        # the same manager with both companies selected sees it
        both = self.dashboard(self.warranty_manager, companies=self.company | self.other_company)
        self.assertEqual(both["volume"]["claims"], 7)
        self.assertEqual(both["queue"]["states"][1]["count"], 2)
        self.assertEqual(both["failure_rates"][0]["id"], product.id)  # 1 failure in 1 unit

    def test_access(self):
        self.build()
        with self.assertRaises(AccessError):
            self.dashboard(self.warranty_user)
        self.assertIsNone(self.dashboard(self.approver)["reserve"])
        self.assertGreater(self.dashboard(self.warranty_manager)["reserve"]["reserve"], 0.0)

    def test_query_count_does_not_grow_with_claims(self):
        """One aggregate query per block of figures (8: the claims of the period in one), plus
        the company targets (1), the time of the summaries' last refresh (1) and the names of
        the failure codes (1) and products (3) listed, read in one batch each."""
        self.build()
        self.env.invalidate_all()
        self.dashboard(self.warranty_manager)  # warm the group and record-rule caches
        self.env.invalidate_all()
        with self.assertQueryCount(14):
            data = self.dashboard(self.warranty_manager, refresh=False)
        self.assertEqual((len(data["failure_rates"]), len(data["failure_codes"])), (2, 2))

        # six more products, units, failure codes and claims: the same queries
        products = self.env["product.product"].create(
            [
                {
                    "name": f"Freezer FR-{n}",
                    "is_storable": True,
                    "tracking": "serial",
                    "aftersales_warranty_policy_id": self.policy.id,
                }
                for n in range(6)
            ]
        )
        codes = self.env["aftersales.failure.code"].create(
            [{"code": f"T-X{n}", "name": f"Failure {n}"} for n in range(6)]
        )
        for n, (product, code) in enumerate(zip(products, codes, strict=True)):
            for unit in self.deliver(product, 2, date(2025, 12, 1), f"X{n}")[: n % 2 + 1]:
                self.claim(
                    unit,
                    date(2026, 1, 2),
                    "done",
                    "repair",
                    labour_cost=10.0,
                    failure_code_id=code.id,
                )
        self.env.flush_all()
        self.env.invalidate_all()
        self.dashboard(self.warranty_manager)  # creating products cleared the caches
        self.env.invalidate_all()
        with self.assertQueryCount(14):
            data = self.dashboard(self.warranty_manager, refresh=False)
        self.assertEqual(data["volume"]["claims"], 15)
        self.assertEqual((len(data["failure_rates"]), len(data["failure_codes"])), (5, 5))
        # products with both units failed first (1,000 per 1,000 units)
        self.assertEqual(data["failure_rates"][0]["rate"], 1000.0)


@tagged("post_install", "-at_install")
class TestWarrantyDashboardTour(DashboardCase, HttpCase):
    def test_dashboard_tour(self):
        today = date.today()
        units = self.deliver(self.product, 3, today - timedelta(days=200), "TD")
        self.claim(units[0], today, "draft")
        self.claim(units[1], today, "submitted", "repair")
        self.claim(units[2], today - timedelta(days=100), "done", "repair", outcome="fixed")
        self.start_tour(
            "/odoo/action-aftersales_warranty.action_warranty_dashboard",
            "aftersales_warranty_dashboard",
            login=self.approver.login,
        )
