from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged

from .campaign_common import CampaignCase


@tagged("post_install", "-at_install")
class TestCampaignTour(CampaignCase, HttpCase):
    """A recall from launch to completion, in the browser, as three users."""

    def test_recall_launched_booked_on_the_portal_and_closed(self):
        alice = new_test_user(self.env, "c_tour_alice", groups="base.group_portal")
        alice.partner_id.parent_id = self.customer
        units = self.install(2, date(2026, 1, 10))
        self.install(2, date(2026, 1, 10), owner=self.other_customer)

        self.start_tour(
            "/odoo/action-aftersales_warranty.action_campaigns/new",
            "aftersales_campaign_launch",
            login=self.warranty_manager.login,
        )
        campaign = self.env["aftersales.campaign"].search(
            [("name", "=", "Compressor valve recall")]
        )
        self.assertEqual(campaign.state, "active")
        self.assertEqual(campaign.unit_ids.equipment_id, units)
        self.assertEqual(campaign.completion_rate, 0.0)

        self.start_tour(
            f"/my/equipment/{units[0].id}", "aftersales_campaign_portal_book", login=alice.login
        )
        task = campaign.unit_ids.filtered(lambda t: t.equipment_id == units[0])
        self.assertEqual(task.state, "scheduled")

        self.start_tour(
            f"/odoo/action-aftersales_service.action_visits/{task.visit_id.id}",
            "aftersales_campaign_visit_close",
            login=self.service_user.login,
        )
        self.assertEqual(task.state, "remedied")
        campaign.invalidate_recordset()
        self.assertEqual(campaign.completion_rate, 50.0)
        self.start_tour(
            f"/odoo/action-aftersales_warranty.action_campaigns/{campaign.id}",
            "aftersales_campaign_completion",
            login=self.warranty_manager.login,
        )
