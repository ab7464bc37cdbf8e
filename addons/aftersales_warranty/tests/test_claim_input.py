from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import WarrantyCase


@tagged("post_install", "-at_install")
class TestClaimInput(WarrantyCase):
    """Bad input gets a clear error and changes nothing; checks give readable verdicts."""

    def setUp(self):
        super().setUp()
        self.unit = self.sell()
        self.unit.delivery_date = date.today() - timedelta(days=200)

    def claim_count(self):
        return self.env["aftersales.claim"].search_count([])

    def test_a_serial_outside_the_installed_base_is_refused(self):
        before = self.claim_count()
        stray = self.stock_serials(prefix="STRAY")
        with self.assertRaisesRegex(ValidationError, "not in our installed base"):
            self.env["aftersales.claim"].create({"lot_id": stray.id, "failure_date": date.today()})
        self.assertEqual(self.claim_count(), before)

    def test_failure_dates_before_delivery_or_in_the_future_are_refused(self):
        before = self.claim_count()
        for day, message in (
            (self.unit.delivery_date - timedelta(days=1), "before the unit was delivered"),
            (date.today() + timedelta(days=1), "in the future"),
        ):
            with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                self.make_claim(self.unit, failure_date=day)
        self.assertEqual(self.claim_count(), before)

    def test_an_expired_warranty_blocks_submission_unless_goodwill(self):
        self.unit.delivery_date = date.today() - timedelta(days=3 * 365)
        claim = self.make_claim(self.unit)
        with self.assertRaisesRegex(UserError, "No warranty covers"), self.env.cr.savepoint():
            claim.action_submit()
        self.assertEqual(claim.state, "draft")
        claim.action_decide("goodwill", "repair")
        claim.action_submit()
        self.assertEqual(claim.state, "submitted")
        cover_check = claim.check_ids.filtered(lambda c: c.check == "cover")
        self.assertEqual(cover_check.result, "warn")

    def test_a_duplicate_open_claim_for_the_same_defect_is_blocked(self):
        self.make_claim(self.unit).action_submit()
        duplicate = self.make_claim(self.unit)
        with self.assertRaisesRegex(UserError, "Another open claim"), self.env.cr.savepoint():
            duplicate.action_submit()
        self.assertEqual(duplicate.state, "draft")
        # another defect of the same unit is fine
        other = self.make_claim(self.unit, failure_code_id=self.other_failure.id)
        other.action_submit()
        self.assertEqual(other.state, "submitted")

    def test_negative_amounts_are_refused(self):
        for values in ({"labour_cost": -1.0}, {"travel_cost": -5.0}, {"usage_reading": -3.0}):
            with (
                self.assertRaises(IntegrityError),
                mute_logger("odoo.sql_db"),
                self.env.cr.savepoint(),
            ):
                self.make_claim(self.unit, **values)
        with self.assertRaisesRegex(ValidationError, "positive"):
            self.make_claim(
                self.unit, part_ids=[Command.create({"product_id": self.part.id, "quantity": -1})]
            )

    def test_a_claim_for_another_customers_unit_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "belongs to"):
            self.make_claim(self.unit, partner_id=self.other_customer.id)

    def test_checks_give_readable_verdicts(self):
        claim = self.make_claim(self.unit)
        claim.action_run_checks()
        verdicts = {check.check: check for check in claim.check_ids}
        self.assertEqual(
            set(verdicts),
            {"serial", "cover", "exclusion", "duplicate", "repeat", "evidence", "service_time"},
        )
        self.assertEqual(verdicts["serial"].result, "pass")
        self.assertIn(self.unit.lot_id.name, verdicts["serial"].message)
        self.assertIn("Standard 24 months", verdicts["cover"].message)
        self.assertEqual(claim.check_result, "pass")

    def test_repeat_repairs_feed_the_rule_set(self):
        for _attempt in range(2):
            self.repair(self.make_claim(self.unit), ship_back=True)
        third = self.make_claim(self.unit, requested_remedy="refund")
        third.action_submit()
        self.assertEqual(third.prior_repairs, 2)
        repeat = third.check_ids.filtered(lambda c: c.check == "repeat")
        self.assertEqual(repeat.result, "warn")
        self.assertEqual(third.recommended_remedies, "replace, refund")
        self.assertEqual(third.recommended_decision, "refund")  # the customer's choice
        self.assertIn("Two failed repairs", third.recommendation_reasons)

    def test_recommendation_weighs_cost_stock_and_strategy(self):
        # a repair costing more than 60 % of the unit's value is not worth it
        claim = self.make_claim(self.unit, labour_cost=900.0)
        claim.action_run_checks()
        self.assertIn("90 %", claim.recommendation_reasons)
        # only repair is allowed after day 7 by the test rule set: it stays the answer
        self.assertEqual(claim.recommended_decision, "repair")
        self.unit.delivery_date = date.today() - timedelta(days=3)
        self.stock_serials()
        claim.action_run_checks()
        self.assertEqual(claim.recommended_remedies, "repair, replace, refund")
        self.assertEqual(claim.recommended_decision, "replace")  # a unit is in stock
        self.assertIn("replacement unit(s) in stock", claim.recommendation_reasons)

    def test_claim_validation_query_count_does_not_grow_with_history(self):
        claims = self.env["aftersales.claim"]
        for _index in range(3):
            claims |= self.make_claim(self.sell())
        claims.invalidate_model()
        with self.assertQueryCount(__system__=QUERIES_FOR_3_CLAIMS):
            claims._run_checks()
        # more units, and past claims on the same units: the same number of queries
        for _index in range(4):
            self.sell()
        for claim in claims:
            past = self.make_claim(claim.equipment_id, failure_code_id=self.other_failure.id)
            past.action_submit()
        claims.invalidate_model()
        with self.assertQueryCount(__system__=QUERIES_FOR_3_CLAIMS):
            claims._run_checks()


# per batch: the grouped counts, the check rows, the recommendation writes (one per claim)
QUERIES_FOR_3_CLAIMS = 82
