from datetime import date, timedelta

from odoo.tests import HttpCase, tagged

from odoo.addons.aftersales_service.tests.portal_common import PortalCustomersMixin

from .campaign_common import CampaignCase


@tagged("post_install", "-at_install")
class TestCampaignPortal(PortalCustomersMixin, CampaignCase, HttpCase):
    """Alice belongs to the clinic, which owns an affected unit; Bob to the hotel."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = cls.portal_customer("c_portal_alice", cls.customer)
        cls.bob = cls.portal_customer("c_portal_bob", cls.other_customer)
        cls.unit = cls.install(1, date(2026, 1, 10))
        cls.bob_unit = cls.install(1, date(2026, 1, 10), owner=cls.other_customer)
        cls.campaign = cls.make_campaign(serial_to="VX-00001")
        cls.campaign.action_launch()
        cls.task = cls.campaign.unit_ids

    def page(self, unit):
        return self.url_open(f"/my/equipment/{unit.id}")

    def book(self, task, day, page_unit=None):
        token = self.csrf_token(f"/my/equipment/{(page_unit or self.unit).id}")
        return self.url_open(
            f"/my/campaign/{task.id}/book",
            data={"csrf_token": token, "visit_date": day.isoformat()},
            allow_redirects=False,
        )

    def test_the_equipment_page_shows_the_campaign_and_books_the_visit(self):
        self.login(self.alice)
        page = self.page(self.unit)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Compressor valve recall", page.text)
        self.assertIn("o_campaign_book", page.text)
        day = date.today() + timedelta(days=3)
        response = self.book(self.task, day)
        self.assertEqual(response.status_code, 303)
        self.assertIn("campaign_booked=1", response.headers["Location"])
        self.assertEqual(self.task.state, "scheduled")
        self.assertEqual(self.task.visit_id.planned_start.date(), day)
        self.assertEqual(self.task.visit_id.equipment_id, self.unit)
        # booking again keeps the one visit
        page = self.page(self.unit)
        self.assertNotIn("o_campaign_book", page.text)
        self.assertEqual(
            self.env["aftersales.visit"].search_count([("equipment_id", "=", self.unit.id)]), 1
        )

    def test_a_day_in_the_past_is_refused(self):
        self.login(self.alice)
        response = self.book(self.task, date.today() - timedelta(days=1))
        self.assertIn("campaign_error=date", response.headers["Location"])
        self.assertEqual(self.task.state, "notified")
        self.assertFalse(self.task.visit_id)

    def test_another_customer_cannot_book_or_see_the_campaign(self):
        self.login(self.bob)
        response = self.book(self.task, date.today() + timedelta(days=3), page_unit=self.bob_unit)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.task.state, "notified")
        self.assertFalse(self.task.visit_id)
        self.assertNotIn("Compressor valve recall", self.page(self.bob_unit).text)
        Task = self.env["aftersales.campaign.unit"].with_user(self.bob)
        self.assertFalse(Task.search([]))
        self.assertEqual(
            self.env["aftersales.campaign.unit"].with_user(self.alice).search([]), self.task
        )

    def test_a_closed_campaign_is_no_longer_offered(self):
        self.campaign.action_close()
        self.login(self.alice)
        self.assertNotIn("Compressor valve recall", self.page(self.unit).text)
        response = self.book(self.task, date.today() + timedelta(days=3))
        self.assertEqual(response.status_code, 404)
