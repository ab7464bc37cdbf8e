from datetime import date, timedelta
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from .common import WarrantyCase


@tagged("post_install", "-at_install")
class TestClaimMailTransaction(WarrantyCase):
    """The customer mails of the claim steps are rendered by a queue_job job enqueued in the
    step's transaction: nothing is rendered inside it, the job exists once it commits (the job
    runner only sees committed rows) and is gone with it when it rolls back. Jobs are run here
    as the runner does (``perform_jobs``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mail_customers_in_two_languages()

    def setUp(self):
        super().setUp()
        self.last_job_id = self.env["queue.job"].search([], order="id desc", limit=1).id or 0
        self.unit = self.sell()
        self.unit.delivery_date = date.today() - timedelta(days=100)

    def mail_jobs(self):
        """The step-mail jobs enqueued by this test."""
        return self.env["queue.job"].search(
            [
                ("model_name", "=", "aftersales.claim"),
                ("method_name", "=", "_mail_step"),
                ("id", ">", self.last_job_id),
            ],
            order="id",
        )

    def claim_mails(self, claims):
        return self.env["mail.mail"].search(
            [("model", "=", "aftersales.claim"), ("res_id", "in", claims.ids)], order="id"
        )

    def subject(self, xmlid, claim, lang):
        template = self.env.ref(xmlid).with_context(lang=lang)
        return template._render_field("subject", claim.ids)[claim.id]

    def test_each_step_is_mailed_once_by_a_job_in_the_customers_language(self):
        claim = self.make_claim(
            self.unit, part_ids=[Command.create({"product_id": self.part.id, "quantity": 1})]
        )
        claim.action_submit()
        self.env.flush_all()
        self.assertFalse(self.claim_mails(claim), "nothing is rendered in the step's transaction")
        job = self.mail_jobs()
        self.assertEqual(len(job), 1)
        self.assertEqual(job.state, "pending")
        self.assertEqual(job.channel, "root.aftersales_mail")
        self.assertEqual(job.args, ["received"])
        self.assertEqual(job.records, claim)

        self.perform_jobs(job)
        mail = self.claim_mails(claim)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        received = "aftersales_warranty.mail_template_claim_received"
        vietnamese = self.subject(received, claim, "vi_VN")
        self.assertEqual(mail.subject, vietnamese)
        self.assertNotEqual(vietnamese, self.subject(received, claim, "en_US"))
        self.assertEqual(job.state, "done")

        claim.with_user(self.approver).action_approve()
        approved = self.mail_jobs() - job
        self.assertEqual(approved.args, ["approved"])
        self.assertEqual(len(self.claim_mails(claim)), 1)
        self.perform_jobs(approved)
        self.assertEqual(len(self.claim_mails(claim)), 2)

        claim.with_user(self.approver).action_execute()
        self.assertEqual(self.mail_jobs(), job | approved, "no mail while it is carried out")
        self.validate(claim.return_picking_id)
        claim.repair_id.action_repair_start()
        claim.repair_id.action_repair_end()
        done = self.mail_jobs() - job - approved
        self.assertEqual(done.args, ["done"])
        self.perform_jobs(done)
        mails = self.claim_mails(claim)
        self.assertEqual(len(mails), 3)
        self.assertEqual(
            mails[-1].subject,
            self.subject("aftersales_warranty.mail_template_claim_done", claim, "vi_VN"),
        )

    def test_a_rolled_back_step_leaves_no_job_and_no_mail(self):
        claim = self.make_claim(self.unit)
        with self.rolled_back():
            claim.action_submit()
            self.env.flush_all()
            self.assertEqual(len(self.mail_jobs()), 1)
        self.env.invalidate_all()
        self.assertEqual(claim.state, "draft")
        self.assertFalse(self.mail_jobs())
        self.assertFalse(self.claim_mails(claim))

        # the step done again and kept: one job, one mail
        claim.action_submit()
        self.perform_jobs(self.mail_jobs())
        self.assertEqual(len(self.claim_mails(claim)), 1)

    def test_a_batch_is_one_job_mailing_each_customer_in_their_language(self):
        other = self.sell(partner=self.english_customer)
        other.delivery_date = date.today() - timedelta(days=100)
        claims = self.make_claim(self.unit) | self.make_claim(other)
        claims.action_submit()
        job = self.mail_jobs()
        self.assertEqual(len(job), 1)
        self.assertEqual(job.records, claims)
        self.perform_jobs(job)
        mails = self.claim_mails(claims)
        self.assertEqual(len(mails), 2)
        by_claim = {mail.res_id: mail for mail in mails}
        template = "aftersales_warranty.mail_template_claim_received"
        for claim, lang in zip(claims, ("vi_VN", "en_US"), strict=True):
            with self.subTest(lang=lang):
                self.assertEqual(by_claim[claim.id].subject, self.subject(template, claim, lang))
                self.assertEqual(by_claim[claim.id].recipient_ids, claim.partner_id)

    def test_a_batch_compiles_each_body_once_per_language(self):
        second = self.sell()
        other = self.sell(partner=self.english_customer)
        for unit in (second, other):
            unit.delivery_date = date.today() - timedelta(days=100)
        claims = self.make_claim(self.unit) | self.make_claim(second) | self.make_claim(other)
        claims.action_submit()
        IrQweb = type(self.env["ir.qweb"])
        compile_template = IrQweb._generate_code_uncached
        compiled = []

        def counting(qweb, template):
            compiled.append(template)
            return compile_template(qweb, template)

        with patch.object(IrQweb, "_generate_code_uncached", counting):
            self.perform_jobs(self.mail_jobs())
        self.assertEqual(len(compiled), 2, "one body in Vietnamese, one in English")
        mails = self.claim_mails(claims)
        self.assertEqual(len(mails), 3)
        for mail in mails:
            claim = claims.browse(mail.res_id)
            self.assertIn(claim.name, mail.body_html)
            self.assertIn(claim.lot_id.name, mail.body_html)
        english = mails.filtered(lambda m: m.res_id == claims[2].id)
        self.assertIn("We have received your warranty claim", english.body_html)
        for mail in mails - english:
            self.assertNotIn("We have received your warranty claim", mail.body_html)

    def test_a_job_run_again_after_its_claims_are_gone_mails_nobody(self):
        claim = self.make_claim(self.unit)
        claim.action_submit()
        job = self.mail_jobs()
        claim.sudo().with_context(skip_validation_check=True)._write_workflow({"state": "cancel"})
        claim.sudo().unlink()
        self.perform_jobs(job)
        self.assertFalse(self.claim_mails(claim))
