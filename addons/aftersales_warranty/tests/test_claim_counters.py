"""Precise counters of the China rules, computed by real claims (issue 13, part 5):
replacements of a major-system main part, serious safety repairs across failure codes, and
the performance-failure flag of the 7-day household rule."""

from datetime import date, timedelta

from odoo import Command
from odoo.tests import tagged

from .common import WarrantyCase

MOD = "aftersales_warranty."


class CounterCase(WarrantyCase):
    regime = "cn_car"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy.rule_set_id = cls.env.ref(f"{MOD}rule_set_{cls.regime}")
        Code = cls.env["aftersales.failure.code"]
        cls.engine = Code.create(
            {"code": "T-ENG", "name": "Engine block", "defect_class": "major", "major_part": True}
        )
        cls.wiper = Code.create({"code": "T-WIP", "name": "Wiper", "defect_class": "major"})
        cls.steering = Code.create(
            {"code": "T-STR", "name": "Steering failure", "defect_class": "serious"}
        )
        cls.brakes = Code.create(
            {"code": "T-BRK", "name": "Brake failure", "defect_class": "serious"}
        )
        cls.fuel = Code.create({"code": "T-FUEL", "name": "Fuel leak", "defect_class": "serious"})

    def setUp(self):
        super().setUp()
        self.unit = self.sell()
        self.unit.delivery_date = date.today() - timedelta(days=100)

    def repaired(self, code, parts=True):
        values = {"failure_code_id": code.id}
        if parts:
            values["part_ids"] = [Command.create({"product_id": self.part.id, "quantity": 1})]
        return self.repair(self.make_claim(self.unit, decision="repair", **values), ship_back=True)

    def fired(self, claim):
        verdict = claim.sudo().recommendation_data["verdict"]
        return self.env["aftersales.remedy.rule"].browse(verdict["rule_key"])

    def rule(self, name):
        return self.env.ref(f"{MOD}remedy_rule_{name}")


@tagged("post_install", "-at_install")
class TestCarCounters(CounterCase):
    def test_the_same_main_part_replaced_twice(self):
        self.repaired(self.engine)
        first = self.make_claim(self.unit, failure_code_id=self.engine.id)
        first.action_run_checks()
        self.assertEqual(first.major_part_replacements, 1)
        self.assertEqual(self.fired(first), self.rule("cn_car_repair"))
        first.action_cancel()
        self.repaired(self.engine)
        claim = self.make_claim(self.unit, failure_code_id=self.engine.id)
        claim.action_run_checks()
        self.assertEqual(claim.major_part_replacements, 2)
        self.assertEqual(self.fired(claim), self.rule("cn_car_major_2_repairs"))
        self.assertEqual(claim.recommended_remedies, "replace, refund")
        self.assertIn("2 earlier replacements of this major part", claim.recommendation_reasons)

    def test_repairs_without_replacement_or_of_other_parts_do_not_count(self):
        self.repaired(self.engine, parts=False)
        self.repaired(self.engine, parts=False)
        self.repaired(self.wiper)
        claim = self.make_claim(self.unit, failure_code_id=self.engine.id)
        claim.action_run_checks()
        self.assertEqual(claim.prior_repairs, 2)
        self.assertEqual(claim.major_part_replacements, 0)
        self.assertEqual(self.fired(claim), self.rule("cn_car_repair"))

    def test_serious_safety_failures_count_across_failure_codes(self):
        self.repaired(self.steering, parts=False)
        claim = self.make_claim(self.unit, failure_code_id=self.fuel.id)
        claim.action_run_checks()
        self.assertEqual(claim.serious_safety_repairs, 1)
        self.assertEqual(self.fired(claim), self.rule("cn_car_repair"))
        self.repaired(self.brakes, parts=False)
        # a new serious safety failure after two safety repairs (of other failures)
        claim.action_run_checks()
        self.assertEqual(claim.serious_safety_repairs, 2)
        self.assertEqual(claim.prior_repairs, 0)
        self.assertEqual(self.fired(claim), self.rule("cn_car_safety_2_repairs"))

    def test_a_non_safety_failure_after_safety_repairs_is_repaired(self):
        self.repaired(self.steering, parts=False)
        self.repaired(self.brakes, parts=False)
        claim = self.make_claim(self.unit, failure_code_id=self.wiper.id)
        claim.action_run_checks()
        self.assertEqual(claim.serious_safety_repairs, 2)
        self.assertEqual(self.fired(claim), self.rule("cn_car_repair"))


@tagged("post_install", "-at_install")
class TestHouseholdPerformanceFailure(CounterCase):
    regime = "cn_household"

    def setUp(self):
        super().setUp()
        self.unit.delivery_date = date.today() - timedelta(days=5)

    def test_seven_day_choice_only_for_performance_failures(self):
        performance = self.env.ref(f"{MOD}failure_performance")
        self.assertTrue(performance.performance_failure)
        claim = self.make_claim(self.unit, failure_code_id=performance.id)
        claim.action_run_checks()
        self.assertEqual(self.fired(claim), self.rule("cn_household_7_days"))
        self.assertEqual(claim.recommended_remedies, "refund, replace, repair")
        cosmetic = self.env.ref(f"{MOD}failure_cosmetic")
        self.assertFalse(cosmetic.performance_failure)
        other = self.make_claim(self.unit, failure_code_id=self.wiper.id)
        other.action_run_checks()
        self.assertEqual(self.fired(other), self.rule("cn_household_15_days"))
        self.assertEqual(other.recommended_remedies, "replace, repair")
