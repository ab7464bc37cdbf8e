from datetime import date, timedelta

from odoo import Command
from odoo.tests import Form, tagged

from .common import WarrantyCase

LANGS = ("en_US", "vi_VN", "zh_CN", "ms_MY")


@tagged("post_install", "-at_install")
class TestClaimDocuments(WarrantyCase):
    """Warranty certificate and claim report, and the customer mail of each claim step."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the step mails' jobs run at once (test_claim_mail_transaction.py runs them as the
        # job runner does)
        cls.env = cls.env(context=dict(cls.env.context, queue_job__no_delay=True))
        cls.customer.email = "clinic@example.com"
        cls.policy.legal_note = "<p>Statutory rights under consumer law are not affected.</p>"

    def setUp(self):
        super().setUp()
        self.unit = self.sell(price=1000.0)
        self.unit.delivery_date = date.today() - timedelta(days=100)

    def render(self, report_xmlid, records):
        html, _format = self.env["ir.actions.report"]._render_qweb_html(report_xmlid, records.ids)
        return html.decode()

    def claim_mails(self, claim):
        return self.env["mail.mail"].search(
            [("model", "=", "aftersales.claim"), ("res_id", "=", claim.id)], order="id"
        )

    def assert_one_new_mail(self, claim, before, subject):
        mails = self.claim_mails(claim) - before
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.state, "outgoing")
        self.assertEqual(mails.subject, subject)
        self.assertEqual(mails.recipient_ids, self.customer)
        return mails

    def step_wizard(self, claim, step, message, user):
        action = claim.with_user(user).with_context(claim_step=step).action_open_step_wizard()
        wizard_model = self.env[action["res_model"]].with_user(user)
        wizard = Form(wizard_model.with_context(**action["context"]))
        wizard.message = message
        return wizard.save().action_confirm()

    # ------------------------------------------------------------------
    # Reports
    # ------------------------------------------------------------------
    def test_warranty_certificate_shows_unit_cover_and_legal_note(self):
        warranty = self.unit.warranty_ids
        self.assertEqual(len(warranty), 1)
        html = self.render("aftersales_warranty.report_warranty_certificate", warranty)
        self.assertIn("Warranty Certificate", html)
        self.assertIn(self.unit.lot_id.name, html)
        self.assertIn("Chiller CH-200", html)
        self.assertIn("Dental Clinic", html)
        self.assertIn("Standard 24 months", html)
        self.assertIn("<span>50</span> %", html)  # travel coverage
        self.assertIn("Liquid damage (test)", html)
        self.assertIn("Statutory rights under consumer law are not affected.", html)

    def test_warranty_certificate_names_the_company_that_grants_it(self):
        warranty = self.unit.warranty_ids
        warranty.company_id.write(
            {"name": "CoolAir Test JSC", "street": "25 Tan Thuan Road", "city": "Ho Chi Minh City"}
        )
        html = self.render("aftersales_warranty.report_warranty_certificate", warranty)
        # in the page itself, not only in the layout's header (dropped by unpatched wkhtmltopdf)
        page = html[html.index('class="page"') :]
        self.assertIn("CoolAir Test JSC", page)
        self.assertIn("25 Tan Thuan Road", page)
        self.assertIn("Ho Chi Minh City", page)
        self.assertIn("o_warranty_guarantor_logo", page)
        self.assertIn(f"o_company_{warranty.company_id.id}_layout", html)

    def test_claim_report_shows_checks_decision_amounts_documents_and_legal_note(self):
        claim = self.make_claim(
            self.unit,
            labour_cost=80.0,
            part_ids=[Command.create({"product_id": self.part.id, "quantity": 1})],
        )
        claim.action_submit()
        claim.with_user(self.approver).action_approve()
        claim.with_user(self.approver).action_execute()
        html = self.render("aftersales_warranty.report_claim", claim.with_user(self.warranty_user))
        self.assertIn(claim.name, html)
        self.assertIn(self.unit.lot_id.name, html)
        self.assertIn("Standard 24 months", html)
        self.assertIn("Statutory rights under consumer law are not affected.", html)
        self.assertIn("Repair", html)  # the decision
        self.assertIn("Passed", html)  # check verdicts
        self.assertIn(claim.check_ids[:1].message, html)
        self.assertIn("230.00", html)  # claim amount: 150 parts + 80 labour
        self.assertIn(claim.repair_id.name, html)
        self.assertIn(claim.return_picking_id.name, html)

    def test_rejected_claim_report_gives_the_reason(self):
        claim = self.make_claim(self.unit)
        claim.action_submit()
        self.step_wizard(claim, "reject", "The unit shows liquid damage.", self.approver)
        html = self.render("aftersales_warranty.report_claim", claim)
        self.assertIn("Reject", html)
        self.assertIn("The unit shows liquid damage.", html)

    # ------------------------------------------------------------------
    # Mails
    # ------------------------------------------------------------------
    def test_each_step_of_a_repair_queues_one_mail_to_the_customer(self):
        claim = self.make_claim(
            self.unit, part_ids=[Command.create({"product_id": self.part.id, "quantity": 1})]
        )
        self.assertFalse(self.claim_mails(claim))

        claim.action_submit()
        self.assert_one_new_mail(
            claim, self.env["mail.mail"], f"Your warranty claim {claim.name} has been received"
        )

        before = self.claim_mails(claim)
        message = "Please send a photo of the rating plate."
        self.step_wizard(claim, "info", message, self.warranty_user)
        mail = self.assert_one_new_mail(
            claim, before, f"Warranty claim {claim.name}: more information needed"
        )
        self.assertIn(message, mail.body_html)
        self.assertEqual(claim.info_request, message)
        self.assertEqual(claim.state, "submitted")

        before = self.claim_mails(claim)
        claim.with_user(self.approver).action_approve()
        mail = self.assert_one_new_mail(
            claim, before, f"Your warranty claim {claim.name} has been approved"
        )
        self.assertIn("Repair", mail.body_html)

        before = self.claim_mails(claim)
        claim.with_user(self.approver).action_execute()
        self.assertEqual(self.claim_mails(claim), before)  # no mail while it is carried out
        self.validate(claim.return_picking_id)
        claim.repair_id.action_repair_start()
        claim.repair_id.action_repair_end()
        self.assertEqual(claim.state, "done")
        self.assert_one_new_mail(claim, before, f"Your warranty claim {claim.name} is settled")

    def test_rejection_asks_a_reason_and_mails_it(self):
        claim = self.make_claim(self.unit)
        claim.action_submit()
        before = self.claim_mails(claim)
        self.step_wizard(claim, "reject", "The unit shows liquid damage.", self.approver)
        self.assertEqual(claim.state, "rejected")
        self.assertEqual(claim.reject_reason, "The unit shows liquid damage.")
        mail = self.assert_one_new_mail(
            claim, before, f"Your warranty claim {claim.name} has been rejected"
        )
        self.assertIn("The unit shows liquid damage.", mail.body_html)

    def test_templates_render_in_every_shipped_language(self):
        for lang in LANGS[1:]:
            self.env["res.lang"]._activate_lang(lang)
        claim = self.make_claim(self.unit)
        claim.action_submit()
        templates = self.env["mail.template"].search([("model", "=", "aftersales.claim")])
        self.assertGreaterEqual(len(templates), 5)
        for lang in LANGS:
            self.customer.lang = lang
            for template in templates:
                with self.subTest(lang=lang, template=template.name):
                    self.assertEqual(template._render_lang(claim.ids), {claim.id: lang})
                    values = template._generate_template(claim.ids, ("subject", "body_html"))
                    self.assertIn(claim.name, values[claim.id]["subject"])
                    self.assertIn(claim.name, values[claim.id]["body_html"])
