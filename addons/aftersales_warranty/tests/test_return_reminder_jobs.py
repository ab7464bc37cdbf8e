from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .returns_common import ReturnsCase


@tagged("post_install", "-at_install")
class TestReturnReminderJobs(ReturnsCase):
    """The reminders of overdue returns are rendered by a queue_job job, as the claims' step
    mails: the cron records the reminder and enqueues one job for its batch; the job mails each
    customer in their language, once; a run rolled back leaves no job and no mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mail_customers_in_two_languages()

    def setUp(self):
        super().setUp()
        self.policy.return_days = 10
        other_unit = self.sell(partner=self.english_customer)
        other_unit.delivery_date = date.today() - timedelta(days=100)
        self.claims = self.executed_claim("replace") | self.executed_claim(
            "replace", unit=other_unit
        )
        self.Claim = self.env["aftersales.claim"]
        self.overdue_day = date.today() + timedelta(days=11)

    def reminder_jobs(self):
        return self.pending_jobs("aftersales.claim", "_mail_return_reminder")

    def reminders(self):
        return (
            self.env["mail.mail"]
            .search([("model", "=", "aftersales.claim"), ("res_id", "in", self.claims.ids)])
            .filtered(lambda mail: "goods back" in mail.subject or "gửi trả hàng" in mail.subject)
        )

    def test_one_job_per_run_mails_each_customer_once_in_their_language(self):
        before = self.reminders()
        with freeze_time(self.overdue_day):
            self.Claim._cron_follow_up_overdue_returns()
            self.env.flush_all()
            self.assertEqual(self.reminders(), before, "nothing is rendered by the cron")
            job = self.reminder_jobs()
            self.assertEqual(len(job), 1)
            self.assertEqual(job.channel, "root.aftersales_mail")
            self.assertEqual(job.records, self.claims)
            self.assertEqual(set(self.claims.mapped("return_reminded_date")), {self.overdue_day})
            # the same day again: already reminded, no second job
            self.Claim._cron_follow_up_overdue_returns()
            self.assertEqual(self.reminder_jobs(), job)
            self.perform_jobs(job)
        mails = self.reminders() - before
        self.assertEqual(len(mails), 2)
        by_claim = {mail.res_id: mail for mail in mails}
        vietnamese, english = self.claims
        self.assertEqual(
            by_claim[vietnamese.id].subject,
            f"Yêu cầu bảo hành {vietnamese.name}: vui lòng gửi trả hàng",
        )
        self.assertEqual(by_claim[vietnamese.id].recipient_ids, self.customer)
        self.assertEqual(
            by_claim[english.id].subject,
            f"Warranty claim {english.name}: please send the goods back",
        )
        self.assertEqual(by_claim[english.id].recipient_ids, self.english_customer)
        self.assertEqual(job.state, "done")

    def test_a_rolled_back_run_leaves_no_job_no_date_and_no_mail(self):
        before = self.reminders()
        with freeze_time(self.overdue_day):
            with self.rolled_back():
                self.Claim._cron_follow_up_overdue_returns()
                self.env.flush_all()
                self.assertEqual(len(self.reminder_jobs()), 1)
            self.env.invalidate_all()
            self.assertFalse(self.reminder_jobs())
            self.assertEqual(self.claims.mapped("return_reminded_date"), [False, False])
            self.assertEqual(self.reminders(), before)
            # the next run reminds them
            self.Claim._cron_follow_up_overdue_returns()
            self.perform_jobs(self.reminder_jobs())
        self.assertEqual(len(self.reminders() - before), 2)

    def test_goods_received_before_the_job_runs_are_not_reminded(self):
        before = self.reminders()
        with freeze_time(self.overdue_day):
            self.Claim._cron_follow_up_overdue_returns()
        self.receive_return(self.claims[0])
        self.perform_jobs(self.reminder_jobs())
        mails = self.reminders() - before
        self.assertEqual(mails.mapped("res_id"), [self.claims[1].id])
