from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.aftersales_service.tests.common import AftersalesServiceCase
from odoo.addons.aftersales_warranty.remedy import ClaimFacts

MOD = "aftersales_warranty."


def case(rule_set, day, remedies, rule, chooser="customer", escalation="none", **facts):
    """One scenario: `remedies` are space-separated, `rule` is the rule expected to fire."""
    facts = ClaimFacts(days_since_clock_start=day, **facts)
    return rule_set, facts, tuple(remedies.split()), chooser, escalation, rule


SCENARIOS = [
    # China, household products (1995): 7 days / 15 days / 2 failed repairs / parts wait.
    # the 7-day free choice is for performance failures only
    case(
        "cn_household", 6, "refund replace repair", "cn_household_7_days", performance_failure=True
    ),
    case(
        "cn_household", 7, "refund replace repair", "cn_household_7_days", performance_failure=True
    ),
    case("cn_household", 6, "replace repair", "cn_household_15_days"),
    case("cn_household", 8, "replace repair", "cn_household_15_days", performance_failure=True),
    case("cn_household", 8, "replace repair", "cn_household_15_days"),
    case("cn_household", 14, "replace repair", "cn_household_15_days"),
    case("cn_household", 200, "replace refund", "cn_household_2_repairs", unresolved_repairs=2),
    case("cn_household", 200, "repair", "cn_household_repair", "seller", unresolved_repairs=1),
    case(
        "cn_household",
        200,
        "replace",
        "cn_household_parts_90_days",
        "seller",
        days_in_current_repair=91,
    ),
    case("cn_household", 200, "repair", "cn_household_repair", "seller", days_in_current_repair=90),
    # China, household cars (2022); usage is the odometer in km.
    case("cn_car", 5, "replace refund", "cn_car_7_days_major", defect_class="major", usage=400),
    case("cn_car", 5, "repair", "cn_car_repair", "seller", defect_class="minor", usage=400),
    case(
        "cn_car",
        45,
        "replace refund",
        "cn_car_60_days_safety",
        defect_class="serious",
        usage=2500,
    ),
    case("cn_car", 45, "repair", "cn_car_repair", "seller", defect_class="serious", usage=3500),
    case(
        "cn_car",
        400,
        "replace refund",
        "cn_car_safety_2_repairs",
        defect_class="serious",
        serious_safety_repairs=2,
        usage=20000,
    ),
    # a new serious safety failure after two safety repairs of other failures counts too
    case(
        "cn_car",
        400,
        "replace refund",
        "cn_car_safety_2_repairs",
        defect_class="serious",
        serious_safety_repairs=2,
        unresolved_repairs=0,
        usage=20000,
    ),
    case(
        "cn_car",
        400,
        "repair",
        "cn_car_repair",
        "seller",
        defect_class="serious",
        serious_safety_repairs=1,
        usage=20000,
    ),
    # two safety repairs, but the failure now is not a safety failure
    case(
        "cn_car",
        400,
        "repair",
        "cn_car_repair",
        "seller",
        defect_class="major",
        serious_safety_repairs=2,
        usage=20000,
    ),
    case(
        "cn_car",
        400,
        "replace refund",
        "cn_car_major_2_repairs",
        defect_class="major",
        major_part_replacements=2,
        usage=20000,
    ),
    # two unresolved *repairs* of a major defect without replacements: still a repair
    case(
        "cn_car",
        400,
        "repair",
        "cn_car_repair",
        "seller",
        defect_class="major",
        unresolved_repairs=2,
        major_part_replacements=1,
        usage=20000,
    ),
    case(
        "cn_car",
        400,
        "replace refund",
        "cn_car_30_days_out",
        days_out_of_service=31,
        usage=20000,
    ),
    case("cn_car", 400, "repair", "cn_car_repair", "seller", days_out_of_service=30, usage=20000),
    case("cn_car", 400, "replace refund", "cn_car_5_repairs", unresolved_repairs=5, usage=20000),
    case("cn_car", 400, "repair", "cn_car_repair", "seller", unresolved_repairs=4, usage=20000),
    # Past the 2-year return-replace period, or over 50,000 km: repair only.
    case("cn_car", 800, "repair", "cn_car_repair", "seller", unresolved_repairs=5, usage=20000),
    case("cn_car", 400, "repair", "cn_car_repair", "seller", unresolved_repairs=5, usage=55000),
    # Past the 3-year repair warranty: no rule.
    case("cn_car", 1200, "", None, "seller", usage=30000),
    # Vietnam, Law 19/2023 Art. 30: 3 services AND still not fixed, or service time exceeded.
    case("vn_2023", 300, "replace refund", "vn_3_repairs", unresolved_repairs=3),
    # Three earlier services that each fixed the defect: none is unresolved, so repair only.
    case("vn_2023", 300, "repair", "vn_repair", "seller", unresolved_repairs=0),
    case("vn_2023", 300, "repair", "vn_repair", "seller", unresolved_repairs=2),
    case("vn_2023", 300, "replace refund", "vn_service_time_exceeded", repair_overdue=True),
    # EU 2019/771: first tier repair/replace; second tier termination (refund) or a price
    # reduction; a minor defect gives a price reduction only.
    case("eu_2019_771", 300, "repair replace", "eu_first_tier", defect_class="major"),
    case("eu_2019_771", 300, "repair replace", "eu_first_tier", defect_class="minor"),
    case(
        "eu_2019_771",
        300,
        "refund price_reduction",
        "eu_serious",
        "customer",
        "manager",
        defect_class="serious",
    ),
    case(
        "eu_2019_771",
        300,
        "refund price_reduction",
        "eu_reappears",
        "customer",
        "manager",
        defect_class="major",
        unresolved_repairs=1,
    ),
    case(
        "eu_2019_771",
        300,
        "price_reduction",
        "eu_minor_reappears",
        "customer",
        "manager",
        defect_class="minor",
        unresolved_repairs=1,
    ),
    case(
        "eu_2019_771",
        300,
        "refund price_reduction",
        "eu_overdue",
        "customer",
        "manager",
        defect_class="major",
        repair_overdue=True,
    ),
    case(
        "eu_2019_771",
        300,
        "price_reduction",
        "eu_minor_overdue",
        "customer",
        "manager",
        repair_overdue=True,
    ),
    case("eu_2019_771", 300, "repair replace", "eu_first_tier", repair_overdue=False),
    # Malaysia CPA 1999.
    case("my_cpa_1999", 100, "repair replace refund", "my_remedy", "seller"),
    case(
        "my_cpa_1999",
        100,
        "refund replace price_reduction",
        "my_substantial",
        "customer",
        "manager",
        defect_class="serious",
    ),
    case(
        "my_cpa_1999",
        100,
        "refund replace",
        "my_not_remedied",
        "customer",
        "manager",
        repair_overdue=True,
    ),
    case("my_cpa_1999", 100, "repair replace refund", "my_remedy", "seller", repair_overdue=False),
    # Plain manufacturer policy.
    case("manufacturer", 100, "repair", "manufacturer_repair", "seller"),
    case("manufacturer", 100, "repair", "manufacturer_repair", "seller", unresolved_repairs=2),
    case(
        "manufacturer",
        100,
        "replace refund",
        "manufacturer_3_repairs",
        "seller",
        unresolved_repairs=3,
    ),
]


class RemedyRuleSetCase(AftersalesServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warranty_user = new_test_user(
            cls.env, "as_remedy_user", groups="aftersales_warranty.group_warranty_user"
        )
        cls.warranty_manager = new_test_user(
            cls.env, "as_remedy_manager", groups="aftersales_warranty.group_warranty_manager"
        )

    @classmethod
    def shipped(cls, name):
        return cls.env.ref(f"{MOD}rule_set_{name}")


@tagged("post_install", "-at_install")
class TestShippedRuleSets(RemedyRuleSetCase):
    def test_scenarios(self):
        self.assertGreaterEqual(len(SCENARIOS), 25)
        for set_name, facts, remedies, chooser, escalation, rule_xmlid in SCENARIOS:
            with self.subTest(rule_set=set_name, facts=facts):
                verdict = self.shipped(set_name)._evaluate(facts)
                self.assertEqual(verdict.remedies, remedies)
                self.assertEqual(verdict.chooser, chooser)
                self.assertEqual(verdict.escalation, escalation)
                if rule_xmlid:
                    rule = self.env.ref(f"{MOD}remedy_rule_{rule_xmlid}")
                    self.assertEqual(
                        (verdict.rule_name, verdict.rule_sequence), (rule.name, rule.sequence)
                    )
                else:
                    self.assertIsNone(verdict.rule_name)

    def test_every_shipped_set_cites_its_source_and_is_not_legal_advice(self):
        expected = {
            "cn_household": ("base.cn", date(1995, 8, 25)),
            "cn_car": ("base.cn", date(2022, 1, 1)),
            "vn_2023": ("base.vn", date(2024, 7, 1)),
            "eu_2019_771": (None, date(2022, 1, 1)),
            "my_cpa_1999": ("base.my", date(1999, 11, 15)),
            "manufacturer": (None, False),
        }
        for name, (country, effective) in expected.items():
            rule_set = self.shipped(name)
            with self.subTest(rule_set=name):
                self.assertEqual(rule_set.effective_date, effective)
                self.assertEqual(
                    rule_set.country_id,
                    self.env.ref(country) if country else self.env["res.country"],
                )
                self.assertTrue(rule_set.source)
                self.assertIn("not legal advice", rule_set.description)
                self.assertIn(rule_set.source.split(" (")[0], rule_set.description)
                self.assertFalse(rule_set.company_id, "shipped sets are shared")
                last_rule = rule_set.rule_ids[-1]
                self.assertTrue(last_rule.allow_repair, "the last rule is the plain repair")

    def test_options_follow_the_sources(self):
        household = self.shipped("cn_household")
        self.assertTrue(household.exclude_repair_time)
        self.assertTrue(household.replacement_restarts_warranty)
        self.assertEqual(self.shipped("cn_car").loaner_after_days, 5)
        vietnam = self.shipped("vn_2023")
        self.assertTrue(vietnam.exclude_repair_time)
        self.assertTrue(vietnam.replacement_restarts_warranty)
        self.assertGreater(vietnam.loaner_after_days, 0)
        europe = self.shipped("eu_2019_771")
        self.assertEqual(europe.repair_extension_months, 12)
        self.assertEqual(europe.repair_extension_from, date(2026, 7, 31))
        self.assertIn("2024/1799", europe.source)
        self.assertFalse(self.shipped("manufacturer").loaner_after_days)

    def test_car_loaner_after_five_days_in_repair(self):
        car = self.shipped("cn_car")
        facts = {"days_since_clock_start": 100, "usage": 9000}
        self.assertFalse(
            car._evaluate(ClaimFacts(**facts, days_in_current_repair=5)).loaner_required
        )
        verdict = car._evaluate(ClaimFacts(**facts, days_in_current_repair=6))
        self.assertTrue(verdict.loaner_required)
        self.assertIn(
            "A loaner is required: the repair has lasted more than 5 days.",
            car._describe_verdict(verdict),
        )

    def test_describe_verdict_gives_the_figures(self):
        household = self.shipped("cn_household")
        sentences = household._describe_verdict(
            household._evaluate(ClaimFacts(days_since_clock_start=6, performance_failure=True))
        )
        self.assertEqual(
            sentences,
            [
                "Rule 'Within 7 days of sale: performance failure' fired: 6 days since clock "
                "start (limit 7); a performance failure.",
                "Allowed remedies: Refund, Replace, Repair; chosen by the customer.",
            ],
        )
        car = self.shipped("cn_car")
        sentences = car._describe_verdict(
            car._evaluate(ClaimFacts(days_since_clock_start=45, defect_class="serious", usage=2500))
        )
        self.assertEqual(
            sentences[0],
            "Rule 'Within 60 days / 3,000 km: safety failure' fired: 45 days since clock start "
            "(limit 60); serious defect (at least serious); usage 2500 (limit 3000).",
        )
        sentences = car._describe_verdict(car._evaluate(ClaimFacts(days_since_clock_start=1200)))
        self.assertEqual(
            sentences,
            ["No rule of 'China: household cars (2022)' matched: no remedy follows from this set."],
        )
        europe = self.shipped("eu_2019_771")
        sentences = europe._describe_verdict(
            europe._evaluate(ClaimFacts(days_since_clock_start=30, unresolved_repairs=1))
        )
        self.assertEqual(
            sentences[1:],
            [
                "Allowed remedies: Price Reduction; chosen by the customer.",
                "Escalation: warranty manager.",
            ],
        )
        manufacturer = self.shipped("manufacturer")
        sentences = manufacturer._describe_verdict(
            manufacturer._evaluate(ClaimFacts(days_since_clock_start=30))
        )
        self.assertEqual(
            sentences[0], "Rule 'Repair' fired: it has no condition and applies to any claim."
        )


@tagged("post_install", "-at_install")
class TestEditRuleSets(RemedyRuleSetCase):
    def test_copy_then_edit_leaves_the_shipped_set_alone(self):
        household = self.shipped("cn_household").with_user(self.warranty_manager)
        copy = household.copy()
        self.assertEqual(copy.name, "China: household products three guarantees (1995) (copy)")
        self.assertFalse(copy.code, "the code stays unique")
        self.assertEqual(copy.rule_ids.mapped("name"), household.rule_ids.mapped("name"))
        self.assertFalse(copy.rule_ids & household.rule_ids)
        self.assertTrue(copy.exclude_repair_time)
        # A shop that grants 30 days instead of 7 for the customer's free choice.
        copy.rule_ids.filtered(lambda rule: rule.within_days == 7).within_days = 30
        facts = ClaimFacts(days_since_clock_start=12, performance_failure=True)
        self.assertEqual(copy._evaluate(facts).remedies, ("refund", "replace", "repair"))
        self.assertEqual(household._evaluate(facts).remedies, ("replace", "repair"))

    def test_form_adds_a_rule(self):
        form = Form(self.env["aftersales.remedy.rule.set"].with_user(self.warranty_manager))
        form.name = "Shop policy"
        with form.rule_ids.new() as rule:
            rule.name = "Dead on arrival"
            rule.within_days = 3
            rule.allow_replace = True
            rule.chooser = "customer"
        with form.rule_ids.new() as rule:
            rule.name = "Repair"
            rule.sequence = 90
            rule.allow_repair = True
        rule_set = form.save()
        self.assertEqual(rule_set.rule_count, 2)
        verdict = rule_set._evaluate(ClaimFacts(days_since_clock_start=2))
        self.assertEqual((verdict.rule_name, verdict.remedies), ("Dead on arrival", ("replace",)))
        self.assertEqual(rule_set.rule_ids[0].remedies_display, "Replace")

    def test_rules_need_a_remedy_or_an_escalation(self):
        rule_set, other_set = self.env["aftersales.remedy.rule.set"].create(
            [{"name": "Checks"}, {"name": "Refused"}]
        )
        with self.assertRaisesRegex(ValidationError, "must allow at least one remedy"):
            self.env["aftersales.remedy.rule"].create(
                {"rule_set_id": other_set.id, "name": "Nothing"}
            )
        rule = self.env["aftersales.remedy.rule"].create(
            {"rule_set_id": rule_set.id, "name": "Price reduction", "escalation": "legal"}
        )
        verdict = rule_set._evaluate(ClaimFacts(days_since_clock_start=1))
        self.assertEqual((verdict.remedies, verdict.escalation), ((), "legal"))
        with self.assertRaisesRegex(ValidationError, "must allow at least one remedy"):
            rule.escalation = "none"

    def test_negative_numbers_are_refused(self):
        rule_set = self.env["aftersales.remedy.rule.set"].create({"name": "Checks"})
        for field_name in ("within_days", "min_unresolved_repairs", "max_usage"):
            with (
                self.subTest(field=field_name),
                self.assertRaisesRegex(ValidationError, "cannot be negative"),
            ):
                self.env["aftersales.remedy.rule"].create(
                    {
                        "rule_set_id": rule_set.id,
                        "name": "Negative",
                        "allow_repair": True,
                        field_name: -1,
                    }
                )
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            rule_set.loaner_after_days = -2

    @mute_logger("odoo.sql_db")
    def test_code_is_unique_per_company(self):
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["aftersales.remedy.rule.set"].create(
                {"name": "Same code", "code": "MANUFACTURER"}
            ).flush_recordset()
        other = self.env["aftersales.remedy.rule.set"].create(
            {
                "name": "Same code elsewhere",
                "code": "MANUFACTURER",
                "company_id": self.env.company.id,
            }
        )
        self.assertEqual(other.code, "MANUFACTURER")


@tagged("post_install", "-at_install")
class TestRemedyRuleSetAccess(RemedyRuleSetCase):
    def test_warranty_users_read_managers_write(self):
        household = self.shipped("cn_household")
        as_user = household.with_user(self.warranty_user)
        self.assertEqual(
            as_user.rule_ids.mapped("name")[0], "Within 7 days of sale: performance failure"
        )
        self.assertTrue(as_user._evaluate(ClaimFacts(days_since_clock_start=1)).matched)
        with self.assertRaises(AccessError):
            as_user.write({"loaner_after_days": 3})
        with self.assertRaises(AccessError):
            as_user.rule_ids[0].write({"within_days": 30})
        with self.assertRaises(AccessError):
            as_user.copy()
        with self.assertRaises(AccessError):
            self.env["aftersales.remedy.rule.set"].with_user(self.warranty_user).create(
                {"name": "Mine"}
            )
        as_manager = household.with_user(self.warranty_manager)
        as_manager.rule_ids[0].within_days = 10
        as_manager.loaner_after_days = 3
        new_set = as_manager.copy()
        new_set.rule_ids[-1].unlink()
        new_set.unlink()
        self.assertEqual(household.loaner_after_days, 3)

    def test_other_users_cannot_read(self):
        for user in (self.service_user, self.internal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.shipped("manufacturer").with_user(user).read(["name"])

    def test_configuration_menu_for_managers(self):
        self.assertIn(
            f"{MOD}menu_remedy_rule_sets", self.visible_menu_xmlids(self.warranty_manager)
        )
        self.assertNotIn(
            f"{MOD}menu_warranty_configuration", self.visible_menu_xmlids(self.warranty_user)
        )


@tagged("post_install", "-at_install")
class TestRemedyRuleSetCompanies(RemedyRuleSetCase):
    def test_sets_of_another_company_stay_hidden(self):
        company_a = self.env.company
        company_b = self.env["res.company"].create({"name": "Remedy Company B"})
        own_set = self.env["aftersales.remedy.rule.set"].create(
            {
                "name": "Company A policy",
                "company_id": company_a.id,
                "rule_ids": [
                    (0, 0, {"name": "Repair", "allow_repair": True}),
                ],
            }
        )
        other_set = self.env["aftersales.remedy.rule.set"].create(
            {
                "name": "Company B policy",
                "company_id": company_b.id,
                "rule_ids": [(0, 0, {"name": "Repair B", "allow_repair": True})],
            }
        )
        self.assertEqual(other_set.rule_ids.company_id, company_b)
        user = self.warranty_user
        self.assertEqual(user.company_ids, company_a)
        RuleSet = self.env["aftersales.remedy.rule.set"].with_user(user)
        visible = RuleSet.search([])
        self.assertIn(own_set, visible)
        self.assertIn(self.shipped("eu_2019_771"), visible, "shared sets are visible")
        self.assertNotIn(other_set, visible)
        rules = self.env["aftersales.remedy.rule"].with_user(user).search([])
        self.assertIn(own_set.rule_ids, rules)
        self.assertNotIn(other_set.rule_ids, rules)
        with self.assertRaises(AccessError):
            other_set.with_user(user).read(["name"])
        # Once the user works for company B too, its sets appear.
        user.company_ids |= company_b
        visible = RuleSet.with_context(allowed_company_ids=(company_a | company_b).ids).search([])
        self.assertIn(other_set, visible)
