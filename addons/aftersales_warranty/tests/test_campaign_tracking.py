import csv
import io
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .campaign_common import CampaignCase


@tagged("post_install", "-at_install")
class TestCampaignTracking(CampaignCase):
    """Four units: two in Vietnam (the clinic), two in Selangor, Malaysia (the hotel)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic_units = cls.install(2, date(2026, 1, 10))
        cls.hotel_units = cls.install(2, date(2026, 2, 10), owner=cls.other_customer)

    def setUp(self):
        super().setUp()
        with freeze_time("2026-03-02"):
            self.campaign = self.make_campaign(budget=1000.0, regulator_reference="REG-26-001")
            self.campaign.action_launch()
        self.tasks = {task.lot_id.name: task for task in self.campaign.unit_ids}

    def remedy(self, serial, day, valves=1):
        with freeze_time(datetime.combine(day, datetime.min.time()).replace(hour=10)):
            return self.close_visit(self.tasks[serial], {self.valve: valves})

    def test_a_closed_campaign_visit_remedies_the_unit_at_no_cost_to_the_owner(self):
        visit = self.remedy("VX-00001", date(2026, 3, 10))
        task = self.tasks["VX-00001"]
        self.assertEqual(visit.aftersales_campaign_id, self.campaign)
        self.assertEqual((task.state, task.remedy_date), ("remedied", date(2026, 3, 10)))
        # one valve at 40 and the campaign's 2 hours at 50: the visit took no time on site
        self.assertEqual(task.cost, 140.0)
        self.assertFalse(
            self.env["aftersales.claim"].search([("equipment_id", "=", task.equipment_id.id)])
        )
        self.assertFalse(self.env["account.move"].search([("partner_id", "=", self.customer.id)]))

    def test_a_cancelled_visit_returns_the_unit_to_the_reminders(self):
        task = self.tasks["VX-00002"]
        visit = task.action_plan_visit()
        self.assertEqual(task.action_plan_visit(), visit)  # a double click books one visit
        visit.action_cancel()
        self.assertEqual(task.state, "notified")
        self.assertNotEqual(task.action_plan_visit(), visit)

    def test_completion_by_country_region_and_month_and_cost_against_budget(self):
        self.remedy("VX-00001", date(2026, 3, 10))
        self.remedy("VX-00003", date(2026, 4, 5), valves=2)
        self.remedy("VX-00004", date(2026, 4, 20))
        campaign = self.campaign
        self.assertEqual(
            (campaign.unit_count, campaign.remedied_count, campaign.open_count), (4, 3, 1)
        )
        self.assertEqual(campaign.completion_rate, 75.0)
        # 140 + (80 + 100) + 140
        self.assertEqual(campaign.cost, 460.0)
        self.assertAlmostEqual(campaign.budget_used, 46.0)
        self.assertEqual(
            campaign._completion_figures("country_id"),
            {self.vietnam: (2, 1, 50.0), self.malaysia: (2, 2, 100.0)},
        )
        by_region = campaign._completion_figures("state_id")
        self.assertEqual(by_region[self.selangor], (2, 2, 100.0))
        self.assertEqual(campaign._remedied_per_month(), {date(2026, 3, 1): 1, date(2026, 4, 1): 2})

    def test_regulator_export_lists_units_notices_and_remedies(self):
        self.remedy("VX-00003", date(2026, 4, 5))
        action = self.campaign.action_export_regulator_csv()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(attachment.res_id, self.campaign.id)
        rows = list(csv.DictReader(io.StringIO(attachment.raw.decode())))
        self.assertEqual(
            [
                (
                    r["serial"],
                    r["owner"],
                    r["country"],
                    r["notice_date"],
                    r["status"],
                    r["remedy_date"],
                )
                for r in rows
            ],
            [
                ("VX-00001", "Dental Clinic", "Vietnam", "2026-03-02", "Notified", ""),
                ("VX-00002", "Dental Clinic", "Vietnam", "2026-03-02", "Notified", ""),
                ("VX-00003", "Seaside Hotel", "Malaysia", "2026-03-02", "Remedied", "2026-04-05"),
                ("VX-00004", "Seaside Hotel", "Malaysia", "2026-03-02", "Notified", ""),
            ],
        )
        self.assertEqual(rows[2]["region"], "Selangor (test)")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_warranty.report_campaign_regulator", self.campaign.ids)[
                0
            ]
            .decode()
        )
        self.assertIn("REG-26-001", html)
        self.assertIn("2026-04-05", html)
        self.assertIn("25.0", html)  # one unit remedied out of four

    def test_campaign_cost_stays_out_of_the_warranty_cost(self):
        Analysis = self.env["aftersales.claim.analysis"]
        before = Analysis._read_group([], [], ["warranty_cost:sum", "__count"])
        self.remedy("VX-00001", date(2026, 3, 10))
        self.env.flush_all()
        self.assertEqual(Analysis._read_group([], [], ["warranty_cost:sum", "__count"]), before)
        self.assertEqual(self.campaign.cost, 140.0)

    def test_campaign_cost_is_recovered_from_the_vendor_once(self):
        self.remedy("VX-00001", date(2026, 3, 10))
        self.remedy("VX-00003", date(2026, 4, 5), valves=2)
        self.campaign.action_recover_from_vendor()
        recovery = self.campaign.recovery_ids
        self.assertEqual(len(recovery), 1)
        self.assertEqual(recovery.partner_id, self.vendor)
        self.assertFalse(recovery.claim_id)
        self.assertEqual(
            (recovery.line_ids.product_id, recovery.line_ids.quantity), (self.valve, 3.0)
        )
        # three valves at 40 and twice 2 hours at 50
        self.assertEqual(recovery.amount_claimed, 320.0)
        with self.assertRaises(UserError):
            self.campaign.action_recover_from_vendor()
        self.assertEqual(len(self.campaign.recovery_ids), 1)
        recovery.action_send()
        recovery.action_accept()
        self.assertEqual(recovery.credit_note_id.move_type, "in_refund")
        self.assertIn(self.campaign.reference, recovery.credit_note_id.ref)
        recovery.credit_note_id.action_post()
        self.assertEqual((recovery.state, recovery.amount_settled), ("settled", 320.0))
        # a unit remedied later goes into a second recovery
        self.remedy("VX-00004", date(2026, 4, 20))
        self.campaign.action_recover_from_vendor()
        self.assertEqual(len(self.campaign.recovery_ids), 2)

    def test_a_request_or_claim_on_an_affected_unit_shows_the_open_campaign(self):
        unit = self.clinic_units[0]
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Noise",
                "description": "Noise",
                "equipment_id": unit.id,
                "partner_id": self.customer.id,
            }
        )
        self.assertEqual(
            ticket.with_user(self.service_user).open_campaign_names, self.campaign.display_name
        )
        self.assertIn("Compressor valve recall", ticket.open_campaign_names)
        self.remedy("VX-00001", date(2026, 3, 10))
        ticket.invalidate_recordset()
        unit.invalidate_recordset()
        self.assertFalse(ticket.open_campaign_names)
        other = self.env["helpdesk.ticket"].create(
            {"name": "Leak", "description": "Leak", "equipment_id": self.clinic_units[1].id}
        )
        self.assertTrue(other.open_campaign_names)
        self.assertEqual(self.clinic_units[1].open_campaign_task_ids, self.tasks["VX-00002"])

    def test_a_helpdesk_user_without_our_groups_opens_a_request_on_an_affected_unit(self):
        helpdesk_user = new_test_user(
            self.env, "c_helpdesk", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Noise",
                "description": "Noise",
                "equipment_id": self.clinic_units[0].id,
                "user_id": helpdesk_user.id,
            }
        )
        ticket = ticket.with_user(helpdesk_user)
        with Form(ticket) as form:
            self.assertEqual(form.open_campaign_names, self.campaign.display_name)
            form.name = "Noise, urgent"
        self.assertEqual(ticket.name, "Noise, urgent")
