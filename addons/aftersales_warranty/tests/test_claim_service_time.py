"""Service time and overdue repairs (issue 13, part 2): the fact the claim computes, the
rules it fires in each regime, and the daily re-evaluation that tells the managers."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WarrantyCase

MOD = "aftersales_warranty."


def later(days):
    return freeze_time(date.today() + timedelta(days=days))


class ServiceTimeCase(WarrantyCase):
    regime = "vn_2023"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy.rule_set_id = cls.env.ref(f"{MOD}rule_set_{cls.regime}")
        cls.unit = cls.sell()
        cls.unit.delivery_date = date.today() - timedelta(days=100)

    def rule(self, name):
        return self.env.ref(f"{MOD}remedy_rule_{name}")

    def fired(self, claim):
        verdict = claim.sudo().recommendation_data["verdict"]
        return self.env["aftersales.remedy.rule"].browse(verdict["rule_key"]), tuple(
            verdict["remedies"]
        )

    def check(self, claim, name):
        return claim.sudo().check_ids.filtered(lambda c: c.check == name)


@tagged("post_install", "-at_install")
class TestVietnamServiceTime(ServiceTimeCase):
    def test_the_intake_must_record_the_service_time(self):
        claim = self.make_claim(self.unit)
        with self.assertRaisesRegex(UserError, "service time agreed at intake"):
            claim.action_submit()
        self.assertEqual(self.check(claim, "service_time").result, "block")
        claim.service_time_days = 7
        claim.action_submit()
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(self.check(claim, "service_time").result, "pass")

    def test_overdue_off_then_on(self):
        claim = self.make_claim(self.unit, service_time_days=7)
        claim.action_run_checks()
        self.assertFalse(claim.repair_overdue)
        self.assertEqual(claim.service_due_date, date.today() + timedelta(days=7))
        self.assertEqual(self.fired(claim), (self.rule("vn_repair"), ("repair",)))
        with later(7):
            claim.action_run_checks()
            self.assertFalse(claim.repair_overdue)
            self.assertEqual(self.fired(claim)[0], self.rule("vn_repair"))
        with later(8):
            claim.action_run_checks()
            self.assertTrue(claim.repair_overdue)
            self.assertEqual(
                self.fired(claim),
                (self.rule("vn_service_time_exceeded"), ("replace", "refund")),
            )
            self.assertEqual(self.check(claim, "service_time").result, "warn")

    def test_time_waiting_for_the_customer_is_left_out(self):
        claim = self.make_claim(self.unit, service_time_days=7)
        with later(2):
            claim.action_ask_information("Send the photo of the serial plate.")
            self.assertEqual(claim.waiting_customer_since, date.today())
        with later(5):
            # the customer answers in the chatter: the wait ends
            claim.with_user(self.env.ref("base.user_root")).message_post(
                body="Here it is.", author_id=self.customer.id, message_type="comment"
            )
            self.assertFalse(claim.waiting_customer_since)
            self.assertEqual(claim.customer_wait_days, 3)
        with later(10):
            claim.action_run_checks()
            self.assertFalse(claim.repair_overdue)
            self.assertEqual(claim.service_due_date, date.today())
        with later(11):
            claim.action_run_checks()
            self.assertTrue(claim.repair_overdue)

    def test_the_desk_ends_the_wait(self):
        claim = self.make_claim(self.unit, service_time_days=7)
        claim.action_customer_replied()  # not waiting: nothing to end
        self.assertFalse(claim.customer_wait_days)
        claim.action_ask_information("Which room is the unit in?")
        with later(4):
            claim.action_customer_replied()
        self.assertEqual(claim.customer_wait_days, 4)
        self.assertFalse(claim.waiting_customer_since)

    def test_a_repair_done_in_time_is_never_overdue(self):
        claim = self.make_claim(self.unit, service_time_days=7, decision="repair")
        with later(3):
            self.repair(claim)
        with later(30):
            self.assertFalse(claim._is_repair_overdue())

    def test_overdue_repair_flips_to_replace_or_refund_and_tells_the_manager(self):
        claim = self.make_claim(self.unit, service_time_days=5, decision="repair")
        self.approve_and_execute(claim)
        self.assertEqual(self.fired(claim)[0], self.rule("vn_repair"))
        Claim = self.env["aftersales.claim"]

        def notices():
            return claim.activity_ids.filtered(
                lambda a: (
                    a.summary == "Remedy verdict changed" and a.user_id == self.warranty_manager
                )
            )

        with later(5):
            # a loaner became due (Vietnam lends once a repair lasts more than a day): told
            Claim._cron_reevaluate_open_claims()
            self.assertFalse(claim.repair_overdue)
            self.assertEqual(self.fired(claim)[0], self.rule("vn_repair"))
        before = notices()
        with later(6):
            Claim._cron_reevaluate_open_claims()
        self.assertTrue(claim.repair_overdue)
        self.assertEqual(
            self.fired(claim), (self.rule("vn_service_time_exceeded"), ("replace", "refund"))
        )
        activity = notices() - before
        self.assertEqual(len(activity), 1)
        self.assertIn("Service time ended without a fix", str(activity.note))
        self.assertNotIn(self.warranty_user, claim.activity_ids.user_id)
        # nothing changes the next day: no further notification
        with later(7):
            Claim._cron_reevaluate_open_claims()
        self.assertEqual(notices(), before | activity)

    def test_cron_is_shipped_daily(self):
        cron = self.env.ref(f"{MOD}ir_cron_claim_reevaluate")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertTrue(cron.active)


@tagged("post_install", "-at_install")
class TestMalaysiaReasonableTime(ServiceTimeCase):
    regime = "my_cpa_1999"

    def test_category_reasonable_time_makes_the_repair_overdue(self):
        self.category.aftersales_service_time_days = 14
        claim = self.make_claim(self.unit, failure_code_id=self.other_failure.id)
        claim.action_run_checks()
        self.assertEqual(claim.applied_service_time_days, 14)
        self.assertEqual(self.fired(claim)[0], self.rule("my_remedy"))
        with later(15):
            claim.action_run_checks()
            self.assertTrue(claim.repair_overdue)
            self.assertEqual(
                self.fired(claim), (self.rule("my_not_remedied"), ("refund", "replace"))
            )

    def test_agreed_time_comes_before_the_category(self):
        self.category.aftersales_service_time_days = 14
        claim = self.make_claim(self.unit, service_time_days=3)
        self.assertEqual(claim.applied_service_time_days, 3)
        self.assertEqual(claim._service_time(), (3, "agreed"))

    def test_no_time_no_overdue(self):
        claim = self.make_claim(self.unit, failure_code_id=self.other_failure.id)
        with later(400):
            claim.action_run_checks()
            self.assertFalse(claim.repair_overdue)
            self.assertEqual(self.fired(claim)[0], self.rule("my_remedy"))


@tagged("post_install", "-at_install")
class TestHouseholdStatutoryTime(ServiceTimeCase):
    regime = "cn_household"

    def test_rule_set_time_applies_without_agreed_or_category_time(self):
        claim = self.make_claim(self.unit)
        self.assertEqual(claim._service_time(), (30, "rule_set"))
        with later(31):
            self.assertTrue(claim._is_repair_overdue())
