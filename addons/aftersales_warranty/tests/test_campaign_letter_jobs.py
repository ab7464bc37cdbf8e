from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .campaign_common import CampaignCase


@tagged("post_install", "-at_install")
class TestCampaignLetterJobs(CampaignCase):
    """The first notices (at launch and by the cron) and the reminders of a campaign are
    rendered by a queue_job job, one per batch: the launch or the cron records the notice on
    the tasks and enqueues the job; it mails each owner once, in their language; a launch
    rolled back leaves no job and no mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic_units = cls.install(2, date(2026, 1, 10))
        cls.hotel_units = cls.install(1, date(2026, 1, 10), owner=cls.other_customer)

    def letter_jobs(self):
        return self.pending_jobs("aftersales.campaign.unit", "_mail_owners")

    def letters(self, partner=None):
        domain = [("model", "=", "aftersales.campaign.unit")]
        if partner:
            domain.append(("recipient_ids", "in", partner.ids))
        return self.env["mail.mail"].search(domain)

    def launch(self):
        campaign = self.make_campaign()
        campaign.update_field_translations(
            "letter",
            {
                "vi_VN": {
                    "The compressor valve may leak: we replace it for free.": "Van có thể rò rỉ."
                }
            },
        )
        campaign.with_user(self.warranty_manager).action_launch()
        return campaign

    def test_the_launch_enqueues_one_job_that_mails_each_owner_once(self):
        campaign = self.launch()
        self.env.flush_all()
        self.assertFalse(self.letters(), "nothing is rendered in the launch")
        self.assertEqual(set(campaign.unit_ids.mapped("state")), {"notified"})
        job = self.letter_jobs()
        self.assertEqual(len(job), 1)
        self.assertEqual(job.channel, "root.aftersales_mail")
        self.assertEqual(job.args, ["aftersales_warranty.mail_template_campaign_notice"])
        self.assertEqual(job.records.partner_id, self.customer | self.other_customer)
        self.assertEqual(len(job.records), 2, "one letter per owner")

        self.perform_jobs(job)
        clinic, hotel = self.letters(self.customer), self.letters(self.other_customer)
        self.assertEqual((len(clinic), len(hotel)), (1, 1))
        self.assertIn("Van có thể rò rỉ.", clinic.body_html)
        self.assertIn("we replace it for free", hotel.body_html)
        for lot in self.clinic_units.lot_id:
            self.assertIn(lot.name, clinic.body_html)
        # the cron the same day: the owners were notified, nothing more is enqueued
        self.env["aftersales.campaign.unit"]._cron_campaign_notices()
        self.assertFalse(self.letter_jobs())
        self.assertEqual(len(self.letters()), 2)

    def test_a_rolled_back_launch_leaves_no_job_and_no_mail(self):
        with self.rolled_back():
            self.launch()
            self.env.flush_all()
            self.assertEqual(len(self.letter_jobs()), 1)
        self.env.invalidate_all()
        self.assertFalse(self.letter_jobs())
        self.assertFalse(self.letters())

    def test_the_reminders_are_one_job_per_cron_run(self):
        self.launch()
        self.perform_jobs(self.letter_jobs())
        with freeze_time(date.today() + timedelta(days=14)):
            Task = self.env["aftersales.campaign.unit"]
            Task._cron_campaign_notices()
            self.assertEqual(len(self.letters()), 2, "nothing is rendered by the cron")
            job = self.letter_jobs()
            self.assertEqual(len(job), 1)
            self.assertEqual(job.args, ["aftersales_warranty.mail_template_campaign_reminder"])
            Task._cron_campaign_notices()
            self.assertEqual(self.letter_jobs(), job, "the same day again: nothing more")
            self.perform_jobs(job)
        reminders = self.letters() - self.letters().sorted("id")[:2]
        self.assertEqual(reminders.recipient_ids, self.customer | self.other_customer)
        for mail in reminders:
            self.assertTrue(mail.subject.startswith("Reminder"))

    def test_a_job_never_mails_another_template(self):
        self.launch()
        task = self.letter_jobs().records[0]
        self.assertFalse(task._mail_owners("aftersales_warranty.mail_template_claim_received"))
