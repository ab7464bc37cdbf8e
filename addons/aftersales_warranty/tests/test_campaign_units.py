from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .campaign_common import CampaignCase


@tagged("post_install", "-at_install")
class TestCampaignUnits(CampaignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.early = cls.install(5, date(2026, 1, 10))  # VX-00001..VX-00005
        cls.late = cls.install(5, date(2026, 6, 10), owner=cls.other_customer)  # VX-00006..10

    def test_a_lot_range_lists_its_units_only(self):
        campaign = self.make_campaign(serial_from="VX-00003", serial_to="VX-00007")
        campaign.action_compute_units()
        self.assertEqual(
            campaign.unit_ids.lot_id.mapped("name"),
            ["VX-00003", "VX-00004", "VX-00005", "VX-00006", "VX-00007"],
        )
        self.assertEqual(campaign.unit_count, 5)
        task = campaign.unit_ids.filtered(lambda t: t.lot_id.name == "VX-00006")
        self.assertEqual(task.partner_id, self.other_customer)
        self.assertEqual(task.country_id, self.malaysia)
        self.assertEqual(task.state_id, self.selangor)

    def test_a_delivery_window_lists_the_units_delivered_in_it(self):
        campaign = self.make_campaign(
            delivery_date_from=date(2026, 6, 1), delivery_date_to=date(2026, 6, 30)
        )
        campaign.action_compute_units()
        self.assertEqual(campaign.unit_ids.equipment_id, self.late)

    def test_an_explicit_list_and_other_products_stay_out(self):
        other_product = self.product.copy({"name": "Chiller CH-300"})
        self.install(2, date(2026, 6, 10), product=other_product)
        campaign = self.make_campaign(lot_ids=[Command.set(self.early[:2].lot_id.ids)])
        campaign.action_compute_units()
        self.assertEqual(campaign.unit_ids.equipment_id, self.early[:2])

    def test_retired_units_are_not_affected(self):
        self.early[0].state = "retired"
        campaign = self.make_campaign(serial_to="VX-00002")
        campaign.action_compute_units()
        self.assertEqual(campaign.unit_ids.equipment_id, self.early[1])

    def test_computing_again_adds_new_units_once(self):
        campaign = self.make_campaign()
        campaign.action_launch()
        self.assertEqual(campaign.unit_count, 10)
        newcomer = self.install(1, date(2026, 7, 1))
        campaign.action_compute_units()
        campaign.action_compute_units()
        self.assertEqual(campaign.unit_count, 11)
        self.assertEqual(
            campaign.unit_ids.filtered(lambda t: t.equipment_id == newcomer).state, "open"
        )

    def test_the_owner_follows_a_change_of_ownership(self):
        campaign = self.make_campaign(serial_to="VX-00001")
        campaign.action_launch()
        task = campaign.unit_ids
        self.assertEqual((task.state, task.notified_partner_id), ("notified", self.customer))
        self.early[0].partner_id = self.other_customer
        self.assertEqual(task.partner_id, self.other_customer)
        self.assertEqual(task.country_id, self.malaysia)
        self.perform_jobs(self.pending_jobs(task._name, "_mail_owners"))
        mails_before = self.env["mail.mail"].search_count([("model", "=", task._name)])
        self.env["aftersales.campaign.unit"]._cron_campaign_notices()
        self.assertEqual(task.notified_partner_id, self.other_customer)
        self.perform_jobs(self.pending_jobs(task._name, "_mail_owners"))
        new_mail = self.env["mail.mail"].search(
            [("model", "=", task._name)], order="id desc", limit=1
        )
        self.assertEqual(
            self.env["mail.mail"].search_count([("model", "=", task._name)]), mails_before + 1
        )
        self.assertEqual(new_mail.recipient_ids, self.other_customer)

    def test_the_range_is_frozen_once_running(self):
        campaign = self.make_campaign()
        campaign.action_launch()
        with self.assertRaises(UserError):
            campaign.action_launch()
        self.assertEqual(campaign.state, "active")
        self.assertNotEqual(campaign.reference, "/")

    def test_state_changes_only_through_the_actions(self):
        campaign = self.make_campaign()
        with self.assertRaises(AccessError):
            campaign.write({"state": "active"})
        campaign.action_launch()
        with self.assertRaises(AccessError):
            campaign.unit_ids[0].with_user(self.warranty_user).write({"state": "remedied"})

    def test_warranty_users_and_service_users_cannot_launch(self):
        campaign = self.make_campaign()
        for user in (self.warranty_user, self.service_user):
            with self.assertRaises(AccessError):
                campaign.with_user(user).action_launch()
        self.assertEqual(campaign.state, "draft")

    def test_another_company_does_not_see_the_campaign(self):
        campaign = self.make_campaign()
        campaign.action_launch()
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self.warranty_manager.write(
            {"company_ids": [Command.link(other_company.id)], "company_id": other_company.id}
        )
        Campaign = self.env["aftersales.campaign"].with_user(self.warranty_manager)
        visible = Campaign.with_context(allowed_company_ids=other_company.ids).search([])
        self.assertNotIn(campaign, visible)
        Task = self.env["aftersales.campaign.unit"].with_user(self.warranty_manager)
        self.assertFalse(Task.with_context(allowed_company_ids=other_company.ids).search([]))

    def test_warranty_users_work_the_tasks_and_service_users_read_them(self):
        campaign = self.make_campaign(serial_to="VX-00002")
        campaign.action_launch()
        first, second = campaign.unit_ids
        with self.assertRaises(AccessError):
            first.with_user(self.service_user).action_plan_visit()
        self.assertFalse(first.visit_id)
        self.assertEqual(first.with_user(self.service_user).state, "notified")
        visit = first.with_user(self.warranty_user).action_plan_visit()
        self.assertEqual((first.state, first.visit_id), ("scheduled", visit))
        self.assertEqual(visit.equipment_id, self.early[0])
        second.with_user(self.warranty_user).action_mark_unreachable()
        self.assertEqual(second.state, "unreachable")
        with self.assertRaises(AccessError):
            campaign.with_user(self.warranty_user).action_close()
        with self.assertRaises(AccessError):
            campaign.with_user(self.warranty_user).write({"budget": 5.0})
