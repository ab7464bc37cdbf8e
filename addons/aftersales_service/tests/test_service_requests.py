from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import AftersalesServiceCase


@tagged("post_install", "-at_install")
class TestServiceRequests(AftersalesServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Cool Office Ltd", "is_company": True}
        )
        cls.chiller = cls.env["product.product"].create(
            {
                "name": "Chiller 40 kW",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_repair_cost": "low",
                "aftersales_failure_cost": "high",
            }
        )
        cls.fan = cls.env["product.product"].create(
            {
                "name": "Desk fan",
                "aftersales_repair_cost": "low",
                "aftersales_failure_cost": "low",
            }
        )
        cls.serial = cls.env["stock.lot"].create({"name": "CH-77", "product_id": cls.chiller.id})
        cls.unit = cls.env["aftersales.equipment"].create(
            {"product_id": cls.chiller.id, "lot_id": cls.serial.id, "partner_id": cls.customer.id}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Field service", "use_sla": True, "user_ids": [Command.link(cls.env.uid)]}
        )
        # An SLA is met when the request reaches its stage: here, any closing stage.
        solved = cls.env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)
        cls.any_request_sla = cls.env["helpdesk.sla"].create(
            {
                "name": "Solve within 5 days",
                "days": 5,
                "stage_id": solved.id,
                "team_ids": [Command.link(cls.team.id)],
            }
        )
        cls.rapid_sla = cls.env["helpdesk.sla"].create(
            {
                "name": "Rapid response: solve within 4 hours",
                "hours": 4,
                "stage_id": solved.id,
                "team_ids": [Command.link(cls.team.id)],
                "aftersales_strategy_ids": [
                    Command.link(cls.env.ref("aftersales_service.strategy_rapid_response").id)
                ],
            }
        )

    def test_picking_the_serial_fills_unit_product_and_customer(self):
        form = Form(self.env["helpdesk.ticket"].with_user(self.service_user))
        form.name = "Chiller stopped"
        form.description = "Alarm 12"
        form.lot_id = self.serial
        self.assertEqual(form.equipment_id, self.unit)
        self.assertEqual(form.product_id, self.chiller)
        self.assertEqual(form.partner_id, self.customer)
        ticket = form.save()
        self.assertEqual(ticket.aftersales_strategy_id.code, "rapid_response")

    def test_a_serial_given_over_rpc_finds_its_unit(self):
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Noise", "description": "Loud", "lot_id": self.serial.id}
        )
        self.assertEqual(ticket.equipment_id, self.unit)
        self.assertEqual(ticket.product_id, self.chiller)
        self.assertEqual(ticket.partner_id, self.customer)

    def test_rapid_response_products_get_the_stricter_sla(self):
        rapid = self.env["helpdesk.ticket"].create(
            {
                "name": "Chiller down",
                "description": "Server room heating",
                "team_id": self.team.id,
                "equipment_id": self.unit.id,
            }
        )
        ordinary = self.env["helpdesk.ticket"].create(
            {
                "name": "Fan wobbles",
                "description": "Loose screw",
                "team_id": self.team.id,
                "product_id": self.fan.id,
            }
        )
        self.assertEqual(rapid.sla_ids, self.any_request_sla | self.rapid_sla)
        self.assertEqual(ordinary.sla_ids, self.any_request_sla)
        self.assertLess(rapid.sla_deadline, ordinary.sla_deadline)

    def test_naming_the_unit_later_brings_its_sla(self):
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Chiller down", "description": "Hot", "team_id": self.team.id}
        )
        self.assertEqual(ticket.sla_ids, self.any_request_sla)
        ticket.lot_id = self.serial
        self.assertEqual(ticket.equipment_id, self.unit)
        self.assertEqual(ticket.sla_ids, self.any_request_sla | self.rapid_sla)

    def test_unit_serial_and_product_must_agree(self):
        with self.assertRaisesRegex(ValidationError, "is not a serial of"):
            self.env["helpdesk.ticket"].create(
                {
                    "name": "Mixed up",
                    "description": "x",
                    "lot_id": self.env["stock.lot"]
                    .create({"name": "UNREGISTERED-1", "product_id": self.chiller.id})
                    .id,
                    "product_id": self.fan.id,
                }
            )

    def test_ticket_shows_the_unit_history(self):
        first = self.env["helpdesk.ticket"].create(
            {"name": "Leak", "description": "x", "equipment_id": self.unit.id}
        )
        second = self.env["helpdesk.ticket"].create(
            {"name": "Noise", "description": "y", "equipment_id": self.unit.id}
        )
        self.assertEqual(second.unit_ticket_ids, first | second)
        self.assertEqual(self.unit.ticket_count, 2)

    def test_solving_a_request_asks_the_customer_for_a_rating(self):
        self.customer.email = "facilities@cooloffice.example.com"
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Chiller down", "description": "x", "equipment_id": self.unit.id}
        )
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        rating = self.env["rating.rating"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(rating.partner_id, self.customer)
        self.assertTrue(rating.access_token)

    def test_switching_to_an_unregistered_serial_drops_the_unit(self):
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Noise", "description": "x", "equipment_id": self.unit.id}
        )
        other_serial = self.env["stock.lot"].create(
            {"name": "CH-99", "product_id": self.chiller.id}
        )
        ticket.lot_id = other_serial
        self.assertFalse(ticket.equipment_id)
        self.assertEqual(ticket.product_id, self.chiller)

    def test_a_new_request_goes_to_its_agents_team_so_its_deadline_shows(self):
        self.team.user_ids = [Command.link(self.service_user.id)]
        form = Form(self.env["helpdesk.ticket"].with_user(self.service_user))
        self.assertEqual(form.team_id, self.team)
        form.name = "Unit stopped cooling"
        form.description = "Warm air in the server room"
        form.lot_id = self.serial
        ticket = form.save()
        self.assertEqual(ticket.team_id, self.team)
        self.assertTrue(ticket.sla_deadline)

    def test_no_team_is_guessed_among_several_for_a_user_of_none(self):
        self.env["helpdesk.ticket.team"].create({"name": "Second desk"})
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.service_user)
            .create({"name": "Noise", "description": "Rattling"})
        )
        self.assertFalse(ticket.team_id)

    def test_the_app_opens_on_their_visits_for_a_technician(self):
        technician = new_test_user(
            self.env, "as_home_technician", groups="aftersales_service.group_service_technician"
        )
        result = (
            self.env.ref("aftersales_service.action_aftersales_home").with_user(technician).run()
        )
        self.assertEqual(result["res_model"], "aftersales.visit")
        visible = self.env["ir.ui.menu"].with_user(technician)._visible_menu_ids()
        self.assertIn(self.env.ref("aftersales_service.menu_aftersales_root").id, visible)
        self.assertIn(self.env.ref("aftersales_service.menu_visits").id, visible)
        self.assertNotIn(self.env.ref("aftersales_service.menu_dispatch").id, visible)

    def test_the_app_opens_on_the_work_queue_for_a_service_agent(self):
        action = self.env["aftersales.home"].with_user(self.service_user)._home_action()
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        root = self.env.ref("aftersales_service.menu_aftersales_root")
        self.assertEqual(root.action, self.env.ref("aftersales_service.action_aftersales_home"))
        result = (
            self.env.ref("aftersales_service.action_aftersales_home")
            .with_user(self.service_user)
            .run()
        )
        self.assertEqual(result["res_model"], "helpdesk.ticket")
