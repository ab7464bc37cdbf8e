"""The remedy evaluator on its own: plain rule sets built here, no database."""

import dataclasses

from odoo.tests import BaseCase, tagged

from odoo.addons.aftersales_warranty.remedy import (
    ClaimFacts,
    Rule,
    RuleSet,
    Verdict,
    evaluate,
)


def rule_set(*rules, **options):
    return RuleSet("Test set", rules=rules, **options)


@tagged("post_install", "-at_install")
class TestRemedyEvaluator(BaseCase):
    def test_first_matching_rule_in_sequence_order_wins(self):
        # Given out of order: the sequence decides, not the position in the tuple.
        rules = rule_set(
            Rule("Catch-all", sequence=90, remedies=("repair",)),
            Rule("Within 15 days", sequence=20, within_days=15, remedies=("replace", "repair")),
            Rule("Within 7 days", sequence=10, within_days=7, remedies=("refund",)),
        )
        self.assertEqual(evaluate(rules, ClaimFacts(3)).rule_name, "Within 7 days")
        self.assertEqual(evaluate(rules, ClaimFacts(10)).rule_name, "Within 15 days")
        verdict = evaluate(rules, ClaimFacts(400))
        self.assertEqual(verdict.rule_name, "Catch-all")
        self.assertEqual(verdict.rule_sequence, 90)
        self.assertEqual(verdict.remedies, ("repair",))
        self.assertEqual(verdict.conditions, (), "a rule without condition records none")

    def test_day_limits_include_the_last_day(self):
        rules = rule_set(Rule("Within 7 days", within_days=7, remedies=("refund",)))
        self.assertTrue(evaluate(rules, ClaimFacts(0)).matched)
        self.assertTrue(evaluate(rules, ClaimFacts(7)).matched)
        self.assertFalse(evaluate(rules, ClaimFacts(8)).matched)

    def test_all_set_conditions_must_hold(self):
        rules = rule_set(
            Rule(
                "Two failed repairs of a major defect within a year",
                within_days=365,
                min_unresolved_repairs=2,
                defect_class="major",
                remedies=("replace", "refund"),
                chooser="customer",
            )
        )
        verdict = evaluate(rules, ClaimFacts(100, unresolved_repairs=2, defect_class="major"))
        self.assertEqual(verdict.remedies, ("replace", "refund"))
        self.assertEqual(verdict.chooser, "customer")
        self.assertEqual(
            verdict.conditions,
            (
                ("within_days", 365, 100),
                ("min_unresolved_repairs", 2, 2),
                ("defect_class", "major", "major"),
            ),
        )
        for facts in (
            ClaimFacts(366, unresolved_repairs=2, defect_class="major"),
            ClaimFacts(100, unresolved_repairs=1, defect_class="major"),
            ClaimFacts(100, unresolved_repairs=2, defect_class="minor"),
        ):
            self.assertFalse(evaluate(rules, facts).matched, facts)

    def test_defect_class_means_at_least_this_severe(self):
        rules = rule_set(Rule("Major or worse", defect_class="major", remedies=("replace",)))
        self.assertTrue(evaluate(rules, ClaimFacts(1, defect_class="serious")).matched)
        self.assertTrue(evaluate(rules, ClaimFacts(1, defect_class="major")).matched)
        self.assertFalse(evaluate(rules, ClaimFacts(1, defect_class="minor")).matched)

    def test_out_of_service_and_current_repair_thresholds_are_inclusive(self):
        rules = rule_set(
            Rule("Long outage", sequence=10, min_days_out_of_service=31, remedies=("refund",)),
            Rule("Parts wait", sequence=20, min_days_in_current_repair=91, remedies=("replace",)),
        )
        self.assertEqual(
            evaluate(rules, ClaimFacts(200, days_out_of_service=31)).rule_name, "Long outage"
        )
        self.assertFalse(evaluate(rules, ClaimFacts(200, days_out_of_service=30)).matched)
        verdict = evaluate(rules, ClaimFacts(200, days_in_current_repair=91))
        self.assertEqual(verdict.rule_name, "Parts wait")
        self.assertEqual(verdict.conditions, (("min_days_in_current_repair", 91, 91),))
        self.assertFalse(evaluate(rules, ClaimFacts(200, days_in_current_repair=90)).matched)

    def test_repair_overdue_flag(self):
        rules = rule_set(Rule("Overdue", if_repair_overdue=True, remedies=("replace", "refund")))
        self.assertFalse(evaluate(rules, ClaimFacts(10)).matched)
        verdict = evaluate(rules, ClaimFacts(10, repair_overdue=True))
        self.assertEqual(verdict.conditions, (("if_repair_overdue", True, True),))

    def test_usage_limit_is_checked_when_the_usage_is_known(self):
        rules = rule_set(Rule("Within 3,000 km", max_usage=3000, remedies=("replace",)))
        self.assertTrue(evaluate(rules, ClaimFacts(10, usage=3000)).matched)
        self.assertFalse(evaluate(rules, ClaimFacts(10, usage=3000.5)).matched)
        verdict = evaluate(rules, ClaimFacts(10))
        self.assertTrue(verdict.matched, "an unknown usage does not block the rule")
        self.assertEqual(verdict.conditions, (("max_usage", 3000, None),))

    def test_nothing_matched(self):
        rules = rule_set(Rule("Within 7 days", within_days=7, remedies=("refund",)))
        verdict = evaluate(rules, ClaimFacts(30))
        self.assertEqual(
            verdict,
            Verdict(
                remedies=(),
                chooser="seller",
                escalation="none",
                rule_name=None,
                rule_sequence=None,
                conditions=(),
                loaner_required=False,
            ),
        )
        self.assertFalse(evaluate(rule_set(), ClaimFacts(0)).matched)

    def test_loaner_after_more_than_n_days_in_repair(self):
        rules = rule_set(Rule("Repair"), loaner_after_days=5)
        self.assertFalse(evaluate(rules, ClaimFacts(10, days_in_current_repair=5)).loaner_required)
        self.assertTrue(evaluate(rules, ClaimFacts(10, days_in_current_repair=6)).loaner_required)
        never = rule_set(Rule("Repair"))
        self.assertFalse(evaluate(never, ClaimFacts(10, days_in_current_repair=60)).loaner_required)
        # The loaner obligation does not depend on a rule matching.
        self.assertTrue(
            evaluate(
                rule_set(loaner_after_days=1), ClaimFacts(1, days_in_current_repair=2)
            ).loaner_required
        )

    def test_escalation_without_remedy(self):
        rules = rule_set(Rule("Price reduction", remedies=(), escalation="manager"))
        verdict = evaluate(rules, ClaimFacts(10))
        self.assertEqual((verdict.remedies, verdict.escalation), ((), "manager"))

    def test_invalid_rules_and_facts_are_refused(self):
        with self.assertRaisesRegex(ValueError, "unknown remedies"):
            Rule("Bad", remedies=("exchange",))
        with self.assertRaisesRegex(ValueError, "allows no remedy"):
            Rule("Empty", remedies=())
        with self.assertRaisesRegex(ValueError, "chooser"):
            Rule("Bad", chooser="anyone")
        with self.assertRaisesRegex(ValueError, "escalation"):
            Rule("Bad", escalation="ceo")
        with self.assertRaisesRegex(ValueError, "defect class"):
            Rule("Bad", defect_class="fatal")
        with self.assertRaisesRegex(ValueError, "within_days cannot be negative"):
            Rule("Bad", within_days=-1)
        with self.assertRaisesRegex(ValueError, "options cannot be negative"):
            RuleSet("Bad", loaner_after_days=-1)
        with self.assertRaisesRegex(ValueError, "defect class"):
            ClaimFacts(1, defect_class="fatal")
        with self.assertRaisesRegex(ValueError, "days_since_clock_start cannot be negative"):
            ClaimFacts(-1)
        with self.assertRaisesRegex(ValueError, "usage cannot be negative"):
            ClaimFacts(1, usage=-5)

    def test_values_are_frozen(self):
        facts = ClaimFacts(1)
        with self.assertRaises(dataclasses.FrozenInstanceError):
            facts.days_since_clock_start = 2
        verdict = evaluate(rule_set(Rule("Repair")), facts)
        with self.assertRaises(dataclasses.FrozenInstanceError):
            verdict.remedies = ("refund",)
