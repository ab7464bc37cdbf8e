from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AftersalesServiceCase


@tagged("post_install", "-at_install")
class TestFollowups(AftersalesServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.air_con = cls.env["product.category"].create({"name": "Air conditioners"})
        cls.split_units = cls.env["product.category"].create(
            {"name": "Split units", "parent_id": cls.air_con.id}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Split AC 12k",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.split_units.id,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Cool Office Ltd", "is_company": True}
        )
        cls.plan = cls.env["aftersales.followup.plan"].create(
            {
                "name": "Two return visits after installation",
                "trigger": "installation",
                "category_ids": [Command.link(cls.air_con.id)],
                "step_ids": [
                    Command.create({"offset_days": 2, "kind": "call", "summary": "How is it?"}),
                    Command.create({"offset_days": 30, "kind": "visit", "summary": "Check-up"}),
                ],
            }
        )
        cls.unit = cls.env["aftersales.equipment"].create(
            {
                "product_id": cls.product.id,
                "lot_id": cls.env["stock.lot"]
                .create({"name": "AC-F1", "product_id": cls.product.id})
                .id,
                "partner_id": cls.customer.id,
                "delivery_date": date(2026, 3, 1),
            }
        )

    def install(self):
        visit = (
            self.env["aftersales.visit"]
            .with_user(self.service_user)
            .create({"visit_type": "installation", "equipment_id": self.unit.id})
        )
        visit.action_done()
        return visit

    def followups(self):
        return self.env["aftersales.followup"].search(
            [("equipment_id", "=", self.unit.id)], order="due_date"
        )

    @freeze_time("2026-03-10 09:00:00")
    def test_installation_schedules_the_plan_steps_at_their_dates(self):
        self.install()
        call, visit_followup = self.followups()
        self.assertEqual((call.kind, call.due_date), ("call", date(2026, 3, 12)))
        self.assertEqual(call.activity_ids.date_deadline, date(2026, 3, 12))
        self.assertEqual(
            call.activity_ids.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(call.partner_id, self.customer)
        self.assertEqual(
            (visit_followup.kind, visit_followup.due_date), ("visit", date(2026, 4, 9))
        )
        self.assertEqual(visit_followup.visit_id.visit_type, "follow_up")
        self.assertEqual(visit_followup.visit_id.planned_start.date(), date(2026, 4, 9))

    @freeze_time("2026-03-10 09:00:00")
    def test_installing_again_schedules_nothing_twice(self):
        self.install()
        self.install()
        self.assertEqual(len(self.followups()), 2)

    @freeze_time("2026-03-10 09:00:00")
    def test_products_outside_the_plan_categories_get_nothing(self):
        self.plan.category_ids = self.env["product.category"].create({"name": "Heat pumps"})
        self.install()
        self.assertFalse(self.followups())

    def test_missed_follow_ups_show_once_overdue_and_leave_when_done(self):
        with freeze_time("2026-03-10 09:00:00"):
            self.install()
        call, visit_followup = self.followups()
        with freeze_time("2026-03-20"):
            missed = self.env["aftersales.followup"].search(self.missed_domain())
            self.assertIn(call, missed)
            self.assertNotIn(visit_followup, missed)
            call.activity_ids.action_feedback("Customer happy")
            self.assertEqual(call.state, "done")
            self.assertNotIn(call, self.env["aftersales.followup"].search(self.missed_domain()))

    @freeze_time("2026-03-10 09:00:00")
    def test_a_follow_up_is_done_or_cancelled_only_through_its_buttons(self):
        self.install()
        call, visit_followup = self.followups()
        call = call.with_user(self.service_user)
        for vals in ({"state": "done"}, {"visit_id": visit_followup.visit_id.id}):
            with self.assertRaises(AccessError):
                call.write(vals)
        self.assertEqual(call.state, "to_do")
        call.action_cancel()
        self.assertEqual(call.state, "cancelled")
        self.assertFalse(call.activity_ids)
        with self.assertRaises(AccessError):
            visit_followup.with_user(self.internal_user).action_done()
        visit_followup.with_user(self.service_user).action_done()
        self.assertEqual(visit_followup.state, "done")

    @freeze_time("2026-03-10 09:00:00")
    def test_the_assignee_without_our_groups_closes_the_follow_up_with_its_activity(self):
        """mail.activity's hook as a plain internal user: marking the call done closes the
        follow-up, though the user may not write follow-ups; other activities are untouched."""
        self.install()
        call = self.followups()[0]
        activity = call.activity_ids
        activity.user_id = self.internal_user
        self.assertFalse(self.internal_user.has_group("aftersales_service.group_service_user"))
        other = self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.customer.id,
                "user_id": self.internal_user.id,
                "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            }
        )
        activity.with_user(self.internal_user).action_feedback("Customer happy")
        self.assertEqual(call.state, "done")
        # an activity on a record of another model: done as core does it, no follow-up touched
        to_do = self.env["aftersales.followup"].search([("state", "=", "to_do")])
        other.with_user(self.internal_user).action_feedback("Done")
        self.assertFalse(other.with_context(active_test=False).active)
        self.assertEqual(self.env["aftersales.followup"].search([("state", "=", "to_do")]), to_do)
        with self.assertRaises(AccessError):
            call.with_user(self.internal_user).write({"state": "to_do"})

    def missed_domain(self):
        return [("state", "=", "to_do"), ("due_date", "<", date.today())]

    @freeze_time("2026-03-10 09:00:00")
    def test_doing_the_follow_up_visit_closes_the_follow_up(self):
        self.install()
        visit_followup = self.followups().filtered(lambda f: f.kind == "visit")
        visit_followup.visit_id.action_done()
        self.assertEqual(visit_followup.state, "done")

    @freeze_time("2026-05-04 15:00:00")
    def test_closing_a_request_schedules_its_plan(self):
        self.env["aftersales.followup.plan"].create(
            {
                "name": "Satisfaction after repair",
                "trigger": "request_closed",
                "step_ids": [Command.create({"offset_days": 3, "kind": "survey"})],
            }
        )
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Leak", "description": "x", "equipment_id": self.unit.id}
        )
        closed = self.env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)
        ticket.stage_id = closed
        survey = self.env["aftersales.followup"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual((survey.kind, survey.due_date), ("survey", date(2026, 5, 7)))
        self.assertTrue(survey.activity_ids)
