from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .analytics_common import WarrantyAnalyticsCase
from .common import WarrantyCase
from .test_warranty_import import CLAIM_HEADER, REGISTRATION_HEADER, TODAY, WarrantyImportCase

# pivot: model, grouping sets and measures of the report's pivot (as the web client loads it)
FAILURE_RATE_MEASURES = [
    "units:sum",
    "failures:sum",
    "failure_rate:avg",
    "nff_claims:sum",
    "nff_rate:avg",
]
REPORT_PIVOTS = {
    "claim analysis": (
        "aftersales.claim.analysis",
        [[], ["product_id"], ["failure_date:month"], ["product_id", "failure_date:month"]],
        ["claim_count:sum", "warranty_cost:sum", "goodwill_cost:sum"],
    ),
    "failure rate per unit (live)": (
        "aftersales.failure.rate",
        [[], ["product_id"], ["delivery_date:month"], ["product_id", "delivery_date:month"]],
        FAILURE_RATE_MEASURES,
    ),
    "failure rate by months in service (summary, default pivot)": (
        "aftersales.failure.rate.summary",
        [[], ["product_id"], ["bucket"], ["product_id", "bucket"]],
        FAILURE_RATE_MEASURES,
    ),
    "failure rate per delivery month (summary)": (
        "aftersales.failure.rate.summary",
        [[], ["product_id"], ["delivery_month:month"], ["product_id", "delivery_month:month"]],
        FAILURE_RATE_MEASURES,
    ),
    "failure rate per delivery month and months in service (summary)": (
        "aftersales.failure.rate.summary",
        [[], ["delivery_month:month"], ["bucket"], ["delivery_month:month", "bucket"]],
        FAILURE_RATE_MEASURES,
    ),
    "warranty reserve": (
        "aftersales.warranty.reserve",
        [[], ["categ_id"]],
        ["active_entitlements:sum", "reserve:sum", "reserve_to_expiry:sum"],
    ),
    "recovery analysis": (
        "aftersales.recovery.analysis",
        [[], ["partner_id"], ["date:month"], ["partner_id", "date:month"]],
        ["amount_claimed:sum", "amount_settled:sum", "rate:sum"],
    ),
}
# one query for the groups, plus one per many2one grouped on (the names of its groups, read
# in one batch), as many whatever the number of rows behind the report
REPORT_QUERIES = {
    "claim analysis": 7,
    "failure rate per unit (live)": 7,
    "failure rate by months in service (summary, default pivot)": 7,
    "failure rate per delivery month (summary)": 7,
    "failure rate per delivery month and months in service (summary)": 4,
    "warranty reserve": 2,
    "recovery analysis": 1,
}


@tagged("post_install", "-at_install")
class TestReportQueryCounts(WarrantyAnalyticsCase):
    """The warranty reports' pivots cost a fixed number of queries (the figures of the scale
    benchmark rest on it; the dashboard's own count is pinned in test_warranty_dashboard)."""

    def add_claims(self, product, count, prefix):
        for unit in self.deliver(product, count, date.today() - timedelta(days=90), prefix):
            self.claim(unit, date.today() - timedelta(days=10), "done", "repair", labour_cost=50)

    def pivot_queries(self):
        self.env["aftersales.failure.rate.summary"]._refresh_summary()
        counts = {}
        for pivot, (model, grouping_sets, measures) in REPORT_PIVOTS.items():
            report = self.env[model].with_user(self.warranty_manager)
            report.formatted_read_grouping_sets([], grouping_sets, measures)  # warm the caches
            self.env.invalidate_all()
            with self.subTest(pivot=pivot), self.assertQueryCount(REPORT_QUERIES[pivot]):
                rows = report.formatted_read_grouping_sets([], grouping_sets, measures)
            counts[pivot] = rows[0][0]  # the totals (the grouping set [])
        return counts

    def drill_down_queries(self):
        """A summary row's units, as the list opens them: the rows and their count."""
        summary = self.env["aftersales.failure.rate.summary"].with_user(self.warranty_manager)
        row = summary.search([("bucket", "=", "00_02")], limit=1)
        domain = row.action_open_units()["domain"]
        live = self.env["aftersales.failure.rate"].with_user(self.warranty_manager)
        fields_spec = {name: {} for name in ("product_id", "lot_id", "bucket", "failures")}
        live.web_search_read(domain, fields_spec, limit=80)  # warm the caches
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            result = live.web_search_read(domain, fields_spec, limit=80)
        return result["length"]

    def test_report_pivots_take_fixed_queries_as_the_data_grows(self):
        self.add_claims(self.product, 2, "QA")
        self.env.flush_all()
        totals = self.pivot_queries()
        self.assertEqual(totals["claim analysis"]["claim_count:sum"], 2)
        self.assertEqual(self.drill_down_queries(), 2)

        self.add_claims(self.product, 6, "QB")
        self.add_claims(self.product_b, 6, "QC")
        self.env.flush_all()
        totals = self.pivot_queries()
        self.assertEqual(self.drill_down_queries(), 8)
        self.assertEqual(
            totals["failure rate by months in service (summary, default pivot)"]["units:sum"],
            totals["failure rate per unit (live)"]["units:sum"],
        )
        claims = self.env["aftersales.claim.analysis"].formatted_read_group(
            [], [], ["claim_count:sum"]
        )
        self.assertEqual(claims[0]["claim_count:sum"], 14)


@tagged("post_install", "-at_install")
class TestClaimExecutionQueryCount(WarrantyCase):
    """Carrying out approved repair claims: a fixed part per batch and about 5.5 queries per
    claim (14 before stock's per-move work was batched), nearly all in stock's reservation of
    the repair order's parts (quants gathered, a move line) and repair's create; orderpoints,
    procurement rules, document numbers and stock references are looked up or drawn once per
    batch (``stock_batch``, ``_aftersales_next_batch``); the claims' notes are one insert per
    batch and the step mails' job one row per batch; the returns' due dates one more per
    batch."""

    def approved_repairs(self, count, prefix):
        units = self.deliver(self.product, count, date.today() - timedelta(days=60), prefix)
        claims = self.env["aftersales.claim"]
        for unit in units:
            claims |= self.make_claim(
                unit,
                part_ids=[Command.create({"product_id": self.part.id, "quantity": 1})],
            )
        claims.action_submit()
        claims.with_user(self.approver).action_approve()
        self.env.flush_all()
        self.env.invalidate_all()
        return claims.with_user(self.approver)

    def drafts(self, count, prefix):
        units = self.deliver(self.product, count, date.today() - timedelta(days=60), prefix)
        claims = self.env["aftersales.claim"]
        for unit in units:
            claims |= self.make_claim(unit)
        self.env.flush_all()
        self.env.invalidate_all()
        return claims

    def test_submission_and_approval_queries_per_batch(self):
        """Submitting (checks, recommendation, decision, reviews) and approving take a fixed
        number of queries per batch: the tier definitions are read once per batch, not once
        per claim."""
        warm = self.drafts(1, "QSW")
        warm.action_submit()
        warm.with_user(self.approver).action_approve()
        # approving takes 10 queries alone, 11 after some other tests (a cache they clear)
        for count, submit_queries, approve_queries in ((1, 36, 11), (4, 36, 11), (12, 36, 11)):
            claims = self.drafts(count, f"QS{count}")
            with self.subTest(claims=count, step="submit"), self.assertQueryCount(submit_queries):
                claims.action_submit()
            self.env.flush_all()
            self.env.invalidate_all()
            approver_claims = claims.with_user(self.approver)
            with self.subTest(claims=count, step="approve"), self.assertQueryCount(approve_queries):
                approver_claims.action_approve()
            self.assertEqual(set(claims.mapped("state")), {"approved"})

    def test_execution_queries_per_batch(self):
        self.approved_repairs(1, "QW").action_execute()  # warm the caches
        for count, queries in ((1, 93), (4, 120), (12, 164)):
            claims = self.approved_repairs(count, f"Q{count}")
            with self.subTest(claims=count), self.assertQueryCount(queries):
                claims.action_execute()
            self.assertEqual(set(claims.mapped("state")), {"in_progress"})
            self.assertEqual(len(claims.repair_id), count)
            self.assertEqual(len(claims.return_picking_id), count)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestImportQueryCount(WarrantyImportCase):
    """Imports: look-ups once per file, then a fixed number of queries per batch of rows
    (historic claims: one INSERT of the batch; registrations: one create() of the batch),
    whatever the number of rows in the batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.more_units = cls.deliver(cls.product, 40, date(2025, 1, 15), "QI")

    def claim_lines(self, units, first):
        return [CLAIM_HEADER] + [
            f"{unit.lot_id.name},2025-06-01,,,T-PWR,repair,done,fixed,150,80,40,"
            f"2025-06-20,Q-{first + n},"
            for n, unit in enumerate(units)
        ]

    def registration_lines(self, units, first):
        # half our units, delivered to the customer (matched), half serials bought elsewhere
        return [REGISTRATION_HEADER] + [
            f"C-001,CH-200,{unit.lot_id.name if n % 2 else f'QR-{first + n}'},2025-12-20,,"
            for n, unit in enumerate(units)
        ]

    def import_file(self, kind, lines, queries=None):
        wizard = self.wizard(kind, lines)
        self.env.flush_all()
        self.env.invalidate_all()
        if queries is None:  # the first import of a kind fills the caches of rules and groups
            wizard.action_import()
        else:
            with self.assertQueryCount(queries):
                wizard.action_import()
        self.assertEqual((wizard.created_count, wizard.error_count), (len(lines) - 1, 0))

    def test_import_queries_per_batch(self):
        units = self.more_units
        self.import_file("claim", self.claim_lines(units[:2], 0))
        for rows, batch, queries in ((4, units[2:6], 29), (16, units[6:22], 29)):
            with self.subTest(kind="claim", rows=rows):
                self.import_file("claim", self.claim_lines(batch, 100 * rows), queries)
        self.import_file("registration", self.registration_lines(units[22:24], 0))
        for rows, batch, queries in ((4, units[24:28], 26), (12, units[28:40], 26)):
            with self.subTest(kind="registration", rows=rows):
                self.import_file(
                    "registration", self.registration_lines(batch, 100 * rows), queries
                )
        self.assertEqual(
            self.env["aftersales.registration"]
            .search([("serial", "in", units[24:40].lot_id.mapped("name"))])
            .mapped("state"),
            ["matched"] * 8,
        )
