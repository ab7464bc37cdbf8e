"""The customer's choice of remedy on the portal (issue 13, part 4)."""

from datetime import date, timedelta

from odoo.tests import tagged

from .portal_common import WarrantyPortalCase


@tagged("post_install", "-at_install")
class TestPortalRemedyChoice(WarrantyPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.env["ir.module.module"]._load_module_terms(["aftersales_warranty"], ["vi_VN"])

    def setUp(self):
        super().setUp()
        self.unit = self.sell()
        self.unit.delivery_date = date.today() - timedelta(days=3)
        # the desk records the claim and runs the checks: the 7-day rule lets the customer choose
        self.claim = self.make_claim(self.unit)
        self.claim.action_run_checks()
        self.url = f"/my/claims/{self.claim.id}"
        self.form_url = f"/my/claims/new?unit_id={self.unit.id}"  # a page with a form

    def choose(self, remedy):
        data = {"remedy": remedy, "csrf_token": self.csrf_token(self.form_url)}
        return self.url_open(f"{self.url}/remedy", data=data, allow_redirects=False)

    def test_the_customer_chooses_and_the_recommendation_follows(self):
        self.login(self.alice)
        page = self.url_open(self.url)
        self.assertIn("o_claim_remedy_choice", page.text)
        for remedy in ("repair", "replace", "refund"):
            self.assertIn(f'value="{remedy}"', page.text)
        response = self.choose("refund")
        self.assertEqual(response.status_code, 303)
        self.claim.invalidate_recordset()
        self.assertEqual(self.claim.requested_remedy, "refund")
        self.assertEqual(self.claim.recommended_decision, "refund")
        self.assertIn("The customer chooses and asks for Refund", self.claim.recommendation_reasons)
        self.assertEqual(self.claim.message_ids[:1].author_id, self.alice.partner_id)

    def test_a_remedy_the_rule_does_not_allow_is_refused(self):
        self.login(self.alice)
        for remedy in ("price_reduction", "reject", "goodwill", ""):
            with self.subTest(remedy=remedy):
                response = self.choose(remedy)
                self.assertEqual(response.status_code, 400)
                self.assertIn("not offered for your claim", response.text)
        self.claim.invalidate_recordset()
        self.assertFalse(self.claim.requested_remedy)

    def test_no_choice_where_the_seller_chooses(self):
        self.unit.delivery_date = date.today() - timedelta(days=30)
        self.claim.action_run_checks()  # "Otherwise repair", chosen by the seller
        self.login(self.alice)
        self.assertNotIn("o_claim_remedy_choice", self.url_open(self.url).text)
        self.assertEqual(self.choose("repair").status_code, 400)
        self.claim.invalidate_recordset()
        self.assertFalse(self.claim.requested_remedy)

    def test_no_choice_once_submitted(self):
        self.claim.action_submit()
        self.login(self.alice)
        self.assertNotIn("o_claim_remedy_choice", self.url_open(self.url).text)
        self.assertEqual(self.choose("refund").status_code, 400)

    def test_another_customer_cannot_choose(self):
        self.login(self.bob)
        response = self.url_open(
            f"{self.url}/remedy",
            data={"remedy": "refund", "csrf_token": self.csrf_token("/my/registrations/new")},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.claim.invalidate_recordset()
        self.assertFalse(self.claim.requested_remedy)

    def test_choices_in_the_customer_language(self):
        self.alice.lang = "vi_VN"
        self.login(self.alice)
        page = self.url_open(self.url)
        self.assertIn("Sửa chữa", page.text)  # Repair
        self.assertIn("Thay thế", page.text)  # Replace
