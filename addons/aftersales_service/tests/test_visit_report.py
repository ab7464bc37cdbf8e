from datetime import date

from odoo.tests import tagged

from .usage_common import AftersalesUsageCase

ONE_PIXEL_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/"
    "iZk9HQAAAABJRU5ErkJggg=="
)


LANGS = ["en_US", "vi_VN", "zh_CN", "ms_MY"]
SAFETY_CHECK = {
    "en_US": "Safety valve tested",
    "vi_VN": "Đã kiểm tra van an toàn",
    "zh_CN": "安全阀已测试",
    "ms_MY": "Injap keselamatan diuji",
}


@tagged("post_install", "-at_install")
class TestVisitReport(AftersalesUsageCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in LANGS[1:]:
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(["aftersales_service"], ["zh_CN"])
        Item = cls.env["aftersales.visit.checklist.item"]
        cls.safety = Item.create(
            {"name": SAFETY_CHECK["en_US"], "visit_type": "maintenance", "sequence": 1}
        )
        cls.safety.update_field_translations(
            "name", {lang: SAFETY_CHECK[lang] for lang in LANGS[1:]}
        )
        cls.filter_check = Item.create(
            {"name": "Air filter cleaned", "visit_type": "maintenance", "sequence": 2}
        )
        cls.leak_check = Item.create({"name": "Leak test", "visit_type": "repair"})
        cls.owner = cls.alice_unit.partner_id

    def make_visit(self, visit_type="maintenance"):
        return self.env["aftersales.visit"].create(
            {
                "equipment_id": self.alice_unit.id,
                "visit_type": visit_type,
                "technician_id": self.service_user.id,
            }
        )

    def close_with_everything(self, visit):
        visit.checklist_line_ids[0].result = "ok"
        visit.checklist_line_ids[1].write({"result": "not_ok", "note": "Replace next time"})
        self.record_reading(
            self.alice_unit, date(2026, 3, 1), 4321, visit_id=visit.id, source="visit"
        )
        visit.write(
            {
                "signature": ONE_PIXEL_PNG,
                "signed_by": "Alice Nguyen",
            }
        )
        visit.action_done()

    def test_a_visit_gets_the_checklist_of_its_type(self):
        visit = self.make_visit()
        self.assertEqual(visit.checklist_line_ids.item_id, self.safety | self.filter_check)
        visit.checklist_line_ids[0].result = "ok"
        visit.visit_type = "repair"
        # the answered check stays, the unanswered one gives way to the repair checklist
        self.assertEqual(visit.checklist_line_ids.item_id, self.safety | self.leak_check)

    def test_the_checklist_is_written_in_the_customer_language(self):
        self.owner.lang = "vi_VN"
        visit = self.make_visit()
        self.assertEqual(visit.checklist_line_ids[0].name, SAFETY_CHECK["vi_VN"])

    def test_report_renders_in_the_four_languages(self):
        visit = self.make_visit()
        self.close_with_everything(visit)
        Report = self.env["ir.actions.report"]
        for lang in LANGS:
            with self.subTest(lang=lang):
                self.owner.lang = lang
                visit.checklist_line_ids[0].name = SAFETY_CHECK[lang]
                html, _kind = Report._render_qweb_html(
                    "aftersales_service.action_report_visit", visit.ids
                )
                html = html.decode()
                for expected in (visit.name, "HRS-ALICE-1", "Alice Nguyen"):
                    self.assertIn(expected, html)
                self.assertIn(f'data-oe-lang="{lang}"', html)
                self.assertIn(SAFETY_CHECK[lang], html)
                self.assertIn("Replace next time", html)
                self.assertIn("data:image/png;base64", html, "the signature is printed")
                pdf, kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
                    "aftersales_service.action_report_visit", visit.ids
                )
                self.assertEqual(kind, "pdf")
                self.assertTrue(pdf.startswith(b"%PDF"))

    def visit_mails(self, visit):
        return self.env["mail.mail"].search(
            [("model", "=", "aftersales.visit"), ("res_id", "=", visit.id)]
        )

    def report_jobs(self, visit):
        return (
            self.env["queue.job"]
            .search(
                [
                    ("model_name", "=", "aftersales.visit"),
                    ("method_name", "=", "_mail_visit_report"),
                ]
            )
            .filtered(lambda job: visit in job.records)
        )

    def test_closing_mails_the_report_to_the_customer_in_their_language(self):
        self.owner.lang = "zh_CN"
        visit = self.make_visit()
        self.close_with_everything(visit)
        self.env.flush_all()
        self.assertFalse(self.visit_mails(visit), "nothing is rendered in the close")
        job = self.report_jobs(visit)
        self.assertEqual(len(job), 1)
        self.assertEqual((job.state, job.channel), ("pending", "root.aftersales_visit_report"))

        self.perform_jobs(job)
        mail = self.visit_mails(visit)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.owner)
        self.assertIn(visit.name, mail.subject)
        # (a PDF outside tests; tests render reports as HTML)
        self.assertEqual(len(mail.attachment_ids), 1)
        self.assertIn(visit.name, mail.attachment_ids.name)
        self.assertEqual(mail.state, "outgoing", "queued: sent after the commit")
        template = self.env.ref("aftersales_service.mail_template_visit_report")
        self.assertEqual(template._render_lang(visit.ids), {visit.id: "zh_CN"})
        self.assertEqual(mail.subject, f"您的上门服务 {visit.name} 报告")

    def test_a_rolled_back_close_leaves_no_job_and_no_mail(self):
        visit = self.make_visit()
        with self.rolled_back():
            visit.action_done()
            self.env.flush_all()
            self.assertEqual(len(self.report_jobs(visit)), 1)
        self.env.invalidate_all()
        self.assertEqual(visit.state, "planned")
        self.assertFalse(self.report_jobs(visit))
        self.assertFalse(self.visit_mails(visit))
        # closed again and kept: one job, one mail
        visit.action_done()
        self.perform_jobs(self.report_jobs(visit))
        self.assertEqual(len(self.visit_mails(visit)), 1)

    def test_a_batch_of_visits_is_one_job(self):
        visits = self.make_visit() | self.make_visit("repair")
        visits.action_done()
        job = self.report_jobs(visits[0])
        self.assertEqual(job, self.report_jobs(visits[1]))
        self.assertEqual(job.records, visits)
        self.perform_jobs(job)
        for visit in visits:
            self.assertEqual(len(self.visit_mails(visit)), 1)

    def test_a_customer_without_email_gets_no_mail(self):
        self.owner.email = False
        visit = self.make_visit()
        visit.action_done()
        self.assertFalse(self.report_jobs(visit))
        self.assertFalse(self.visit_mails(visit))

    def test_a_done_visits_pdf_is_kept_and_rendered_on_demand_before_the_job(self):
        visit = self.make_visit()
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        Attachment = self.env["ir.attachment"]
        stored = [("res_model", "=", "aftersales.visit"), ("res_id", "=", visit.id)]
        Report._render_qweb_pdf("aftersales_service.action_report_visit", visit.ids)
        self.assertFalse(Attachment.search(stored), "the report of an open visit is not kept")

        visit.action_done()
        # the job has not run yet: the report renders on demand, and is kept from then on
        pdf, kind = Report._render_qweb_pdf("aftersales_service.action_report_visit", visit.ids)
        self.assertEqual(kind, "pdf")
        kept = Attachment.search(stored)
        self.assertEqual(kept.name, f"Visit Report - {visit.name}.pdf")
        self.assertEqual(kept.raw, pdf)
        again, _kind = Report._render_qweb_pdf("aftersales_service.action_report_visit", visit.ids)
        self.assertEqual(again, pdf)
        self.assertEqual(Attachment.search(stored), kept)
