from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .campaign_common import CampaignCase

LETTER_EN = "The compressor valve may leak: we replace it for free."
LETTER_VI = "Van máy nén có thể bị rò rỉ: chúng tôi thay miễn phí."


@tagged("post_install", "-at_install")
class TestCampaignNotices(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic_units = cls.install(3, date(2026, 1, 10))
        cls.hotel_units = cls.install(2, date(2026, 1, 10), owner=cls.other_customer)

    def campaign_mails(self, partner=None):
        """The letters mailed so far: the pending letter jobs run first, as the runner would."""
        self.perform_jobs(self.pending_jobs("aftersales.campaign.unit", "_mail_owners"))
        domain = [("model", "=", "aftersales.campaign.unit")]
        if partner:
            domain.append(("recipient_ids", "in", partner.ids))
        return self.env["mail.mail"].search(domain)

    def launch(self, **vals):
        campaign = self.make_campaign(**vals)
        campaign.update_field_translations("letter", {"vi_VN": {LETTER_EN: LETTER_VI}})
        campaign.action_launch()
        return campaign

    def test_one_notice_per_owner_in_their_language(self):
        campaign = self.launch()
        clinic_mails = self.campaign_mails(self.customer)
        hotel_mails = self.campaign_mails(self.other_customer)
        self.assertEqual((len(clinic_mails), len(hotel_mails)), (1, 1))
        self.assertIn("thay miễn phí", clinic_mails.body_html)
        self.assertNotIn("we replace it for free", clinic_mails.body_html)
        self.assertIn("we replace it for free", hotel_mails.body_html)
        for lot in self.clinic_units.lot_id:
            self.assertIn(lot.name, clinic_mails.body_html)
        self.assertNotIn(self.hotel_units[0].lot_id.name, clinic_mails.body_html)
        self.assertEqual(set(campaign.unit_ids.mapped("state")), {"notified"})
        self.assertEqual(set(campaign.unit_ids.mapped("notice_date")), {date.today()})

    def test_no_second_notice_before_the_reminder_is_due(self):
        self.launch()
        self.env["aftersales.campaign.unit"]._cron_campaign_notices()
        with freeze_time(date.today() + timedelta(days=13)):
            self.env["aftersales.campaign.unit"]._cron_campaign_notices()
        self.assertEqual(len(self.campaign_mails()), 2)

    def test_reminders_follow_the_schedule_then_the_owner_is_unreachable(self):
        campaign = self.launch(reminder_interval_days=14, reminder_max=2)
        Task = self.env["aftersales.campaign.unit"]
        clinic_tasks = campaign.unit_ids.filtered(lambda t: t.partner_id == self.customer)
        for reminder in (1, 2):
            with freeze_time(date.today() + timedelta(days=14 * reminder)):
                Task._cron_campaign_notices()
                Task._cron_campaign_notices()  # the same day again: nothing more
            self.assertEqual(len(self.campaign_mails(self.customer)), 1 + reminder)
            self.assertEqual(set(clinic_tasks.mapped("reminder_count")), {reminder})
        with freeze_time(date.today() + timedelta(days=42)):
            Task._cron_campaign_notices()
        self.assertEqual(len(self.campaign_mails(self.customer)), 3)
        self.assertEqual(set(clinic_tasks.mapped("state")), {"unreachable"})
        self.assertIn("2 reminders", clinic_tasks[0].unreachable_reason)
        reminder = self.campaign_mails(self.customer).sorted("id")[-1]
        self.assertTrue(reminder.subject.startswith("Reminder"))

    def test_a_booked_visit_stops_the_reminders(self):
        campaign = self.launch()
        campaign.unit_ids.filtered(lambda t: t.partner_id == self.customer).action_plan_visit()
        with freeze_time(date.today() + timedelta(days=14)):
            self.env["aftersales.campaign.unit"]._cron_campaign_notices()
        self.assertEqual(len(self.campaign_mails(self.customer)), 1)
        self.assertEqual(len(self.campaign_mails(self.other_customer)), 2)

    def test_owners_without_an_address_are_listed_unreachable(self):
        self.other_customer.email = False
        nobody = self.install(1, date(2026, 1, 10))
        nobody.partner_id = False
        campaign = self.launch()
        hotel_tasks = campaign.unit_ids.filtered(lambda t: t.partner_id == self.other_customer)
        self.assertEqual(set(hotel_tasks.mapped("state")), {"unreachable"})
        orphan = campaign.unit_ids.filtered(lambda t: t.equipment_id == nobody)
        self.assertEqual(orphan.state, "unreachable")
        self.assertFalse(self.campaign_mails(self.other_customer))
        unreachable = self.env["aftersales.campaign.unit"].search(
            [("campaign_id", "=", campaign.id), ("state", "=", "unreachable")]
        )
        self.assertEqual(unreachable, hotel_tasks | orphan)

    def test_one_printed_letter_per_owner(self):
        campaign = self.launch()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_warranty.report_campaign_letter", campaign.unit_ids.ids)[
                0
            ]
            .decode()
        )
        self.assertEqual(html.count("Your affected units"), 2)  # two owners, five units
        self.assertEqual(html.count("thay miễn phí"), 1)
        self.assertEqual(html.count("we replace it for free"), 1)
        for lot in campaign.unit_ids.lot_id:
            self.assertIn(lot.name, html)
