from odoo.tests import tagged

from .common import AftersalesServiceCase


@tagged("post_install", "-at_install")
class TestServiceStrategy(AftersalesServiceCase):
    def product(self, **vals):
        return self.env["product.template"].create({"name": "Unit", **vals})

    def test_matrix_gives_each_strategy_from_its_two_judgements(self):
        expected = {
            ("high", "low"): "disposable",
            ("low", "low"): "repairable",
            ("low", "high"): "rapid_response",
            ("high", "high"): "never_fail",
        }
        for (repair_cost, failure_cost), code in expected.items():
            with self.subTest(repair_cost=repair_cost, failure_cost=failure_cost):
                product = self.product(
                    aftersales_repair_cost=repair_cost, aftersales_failure_cost=failure_cost
                )
                self.assertEqual(product.aftersales_strategy_id.code, code)

    def test_no_judgement_no_strategy(self):
        product = self.product(aftersales_repair_cost="low")
        self.assertFalse(product.aftersales_strategy_id)

    def test_products_take_their_category_judgements_unless_judged_apart(self):
        category = self.env["product.category"].create(
            {
                "name": "Chillers",
                "aftersales_repair_cost": "high",
                "aftersales_failure_cost": "high",
            }
        )
        chiller = self.product(categ_id=category.id)
        self.assertEqual(chiller.aftersales_strategy_id.code, "never_fail")
        chiller.aftersales_repair_cost = "low"
        self.assertEqual(chiller.aftersales_strategy_id.code, "rapid_response")

    def test_form_matrix_highlights_the_product_quadrant(self):
        product = self.product(aftersales_repair_cost="high", aftersales_failure_cost="low")
        matrix = str(product.aftersales_strategy_matrix)
        highlighted = matrix.split("table-success")[1].split("</td>")[0]
        self.assertIn("Disposable", highlighted)
        for other in ("Repairable", "Rapid Response", "Never Fail"):
            self.assertIn(other, matrix)
            self.assertNotIn(other, highlighted)

    def test_only_managers_tune_strategies(self):
        strategy = self.env.ref("aftersales_service.strategy_rapid_response")
        self.assertFalse(
            strategy.with_user(self.service_user).has_access("write"),
            "a service user cannot change configuration",
        )
        strategy.with_user(self.service_manager).maintenance_interval_number = 6
        self.assertEqual(strategy.maintenance_interval_number, 6)
