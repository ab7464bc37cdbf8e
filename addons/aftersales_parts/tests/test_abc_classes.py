from odoo.tests import tagged

from .common import PartsForecastCase


@tagged("post_install", "-at_install")
class TestAbcClasses(PartsForecastCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # usage values over the last 12 months: 700, 200, 60, 40 and 0 (= 1000 in all)
        cls.big = cls.part("Big", criticality=False, standard_price=70)
        cls.medium = cls.part("Medium", criticality=False, standard_price=20)
        cls.small = cls.part("Small", criticality=False, standard_price=6)
        cls.tiny = cls.part("Tiny", criticality="vital", standard_price=4)
        cls.idle = cls.part("Idle", criticality=False, standard_price=100)
        cls.old_tiny = cls.part("Tiny, old number", criticality=False, standard_price=1)
        cls.old_tiny.aftersales_successor_id = cls.tiny
        cls.demand(
            {
                (cls.big, cls.wh1): [0] * 12 + [5] * 2 + [0] * 10,  # 10 x 70 = 700
                (cls.medium, cls.wh2): [0] * 14 + [1] * 10,  # 10 x 20 = 200
                (cls.small, cls.wh1): [30] * 12 + [0] * 11 + [10],  # older months don't count
                (cls.tiny, cls.wh1): [0] * 23 + [6],  # 6 + 4 of the old number: 10 x 4
                (cls.old_tiny, cls.wh2): [0] * 20 + [4, 0, 0, 0],
            }
        )
        cls.parts = cls.big | cls.medium | cls.small | cls.tiny | cls.idle

    def classes(self):
        return [part.aftersales_abc_class for part in self.parts]

    def test_classes_by_usage_value_with_the_default_cutoffs(self):
        self.env["product.template"]._compute_abc_classes()
        self.assertEqual(self.big.aftersales_usage_value, 700)
        self.assertEqual(self.small.aftersales_usage_value, 60)
        self.assertEqual(self.tiny.aftersales_usage_value, 40)
        # shares before each part: 0 (A), 70 % (A), 90 % (B), 96 % (C); no usage: C
        self.assertEqual(self.classes(), ["a", "a", "b", "c", "c"])

    def test_cutoffs_are_system_parameters(self):
        set_param = self.env["ir.config_parameter"].sudo().set_param
        set_param("aftersales_parts.abc_cutoff_a", "0.6")
        set_param("aftersales_parts.abc_cutoff_b", "0.97")
        self.env["product.template"]._compute_abc_classes()
        self.assertEqual(self.classes(), ["a", "b", "b", "b", "c"])

    def test_manual_criticality_overrides_the_class(self):
        self.env["product.template"]._compute_abc_classes()
        self.assertEqual(
            [part.aftersales_effective_criticality for part in self.parts],
            ["vital", "vital", "essential", "vital", "desirable"],
        )
        self.big.aftersales_criticality = "desirable"
        self.assertEqual(self.big.aftersales_effective_criticality, "desirable")
        run = self.new_run(criticality="essential")
        run.action_run_now()
        self.assertEqual(run.line_ids.product_tmpl_id, self.small)
        self.assertEqual(run.line_ids.criticality, "essential")
        self.assertEqual(run.line_ids.target, 0.95)

    def queries_of_a_classification(self):
        self.env["product.template"]._compute_abc_classes()
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.env["product.template"]._compute_abc_classes()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_one_grouped_read_whatever_the_number_of_parts(self):
        few = self.queries_of_a_classification()
        for n in range(15):
            part = self.part(f"More {n}", criticality=False, standard_price=1 + n)
            self.demand({(part, self.wh1): [0] * 23 + [1 + n]})
        many = self.queries_of_a_classification()
        self.assertEqual(many, few)
        self.assertLessEqual(few, 12)
        more = self.env["product.template"].search([("name", "=like", "More %")])
        self.assertEqual(len(more), 15)
        self.assertTrue(all(more.mapped("aftersales_abc_class")))
