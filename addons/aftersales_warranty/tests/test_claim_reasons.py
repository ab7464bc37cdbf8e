"""Reasons stored as data and rendered in the reader's language (issue 13, part 6 and 8)."""

from datetime import date, timedelta

from odoo.tests import tagged

from .common import WarrantyCase

LANGS = ("en_US", "vi_VN", "zh_CN", "ms_MY")


@tagged("post_install", "-at_install")
class TestClaimReasons(WarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LANGS[1:]:
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(["aftersales_warranty"], list(LANGS[1:]))
        cls.rule_names = {
            "en_US": "Within 7 days",
            "vi_VN": "Trong vòng 7 ngày",
            "zh_CN": "7日内",
            "ms_MY": "Dalam 7 hari",
        }
        rule = cls.rule_set.rule_ids.filtered(lambda r: r.within_days == 7)
        rule.update_field_translations("name", {code: cls.rule_names[code] for code in LANGS[1:]})
        cls.unit = cls.sell()
        cls.unit.delivery_date = date.today() - timedelta(days=3)

    def test_the_same_claim_reads_in_each_language(self):
        # the checks run by a Vietnamese user: nothing of their language is stored
        vietnamese = self.warranty_user
        vietnamese.lang = "vi_VN"
        claim = self.make_claim(self.unit, user=vietnamese)
        claim.action_run_checks()
        data = claim.sudo().recommendation_data
        self.assertEqual(data["verdict"]["rule_key"], claim.policy_id.rule_set_id.rule_ids[0].id)
        self.assertEqual(data["verdict"]["conditions"], [["within_days", 7, 3]])
        self.assertEqual(data["remedies"], ["repair", "replace", "refund"])
        texts = {}
        for code in LANGS:
            with self.subTest(lang=code):
                reader = claim.with_context(lang=code)
                reader.invalidate_recordset(["recommendation_reasons", "allowed_remedies_display"])
                labels = self.env["aftersales.remedy.rule"].with_context(lang=code)._remedy_labels()
                text = reader.recommendation_reasons
                self.assertIn(self.rule_names[code], text)
                for other, name in self.rule_names.items():
                    if other != code:
                        self.assertNotIn(name, text)
                self.assertEqual(
                    reader.allowed_remedies_display,
                    ", ".join(labels[r] for r in ("repair", "replace", "refund")),
                )
                # translated labels only, never the raw values
                self.assertNotIn("repair,", text)
                texts[code] = text
        self.assertIn("Allowed remedies: Repair, Replace, Refund", texts["en_US"])
        self.assertIn("Sửa chữa", texts["vi_VN"])
        self.assertIn("维修", texts["zh_CN"])
        self.assertIn("Pembaikan", texts["ms_MY"])
        self.assertEqual(len(set(texts.values())), 4)

    def test_remedy_vocabulary_is_shared(self):
        from ..models.aftersales_claim import DECISIONS, REMEDIES
        from ..remedy import REMEDY_LABELS

        orders = dict(self.env["aftersales.remedy.rule"]._fields["remedy_order"].selection)
        claim_fields = self.env["aftersales.claim"]._fields
        report_field = self.env["aftersales.claim.analysis"]._fields["decision"]
        self.assertEqual(dict(REMEDIES), REMEDY_LABELS)
        self.assertEqual(orders["repair_first"], ", ".join(REMEDY_LABELS.values()))
        self.assertEqual(dict(claim_fields["goodwill_remedy"].selection), REMEDY_LABELS)
        self.assertEqual(dict(claim_fields["requested_remedy"].selection), REMEDY_LABELS)
        strategy = self.env["aftersales.service.strategy"]._fields["preferred_remedy"]
        self.assertEqual(dict(strategy.selection), REMEDY_LABELS)
        # the shipped strategies get their remedy from this addon's data
        disposable = self.env.ref("aftersales_service.strategy_disposable")
        self.assertEqual(disposable.preferred_remedy, "replace")
        for key in REMEDY_LABELS:
            self.assertIn(key, dict(DECISIONS))
            self.assertIn(key, dict(report_field.selection))
