import re
from contextlib import contextmanager
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from .common import AftersalesServiceCase


@tagged("post_install", "-at_install")
class TestSharedModelHooks(AftersalesServiceCase):
    """Our hooks on moves, tickets and activities work for users holding only the groups of
    the module they use (none of ours), and stay out of the way when no after-sales record is
    involved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(cls.env, "peer_stock", groups="stock.group_stock_user")
        cls.helpdesk_user = new_test_user(
            cls.env, "peer_helpdesk", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.customer = cls.env["res.partner"].create({"name": "Cool Office Ltd"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Split AC 12k",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_track_installed_base": True,
            }
        )
        cls.closed_stage = cls.env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)

    @contextmanager
    def assertNotSearched(self, model):
        """Fails when `model` is searched in the block (the hook stayed out of the way)."""
        Model = type(self.env[model])
        with patch.object(Model, "_search", autospec=True, side_effect=Model._search) as spy:
            yield
        self.assertFalse(spy.call_count, f"{model} was searched")

    def picking(self, picking_type, source, destination, lot):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": self.customer.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1.0,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.lot_ids = lot
        return picking

    def test_a_stock_user_receives_and_delivers_a_serial(self):
        lot = self.env["stock.lot"].create({"name": "AC-P1", "product_id": self.product.id})
        stock = self.warehouse.lot_stock_id
        customers = self.env.ref("stock.stock_location_customers")
        receipt = self.picking(
            self.warehouse.in_type_id, self.env.ref("stock.stock_location_suppliers"), stock, lot
        )
        with self.assertNotSearched("aftersales.equipment"):
            self.validate_as(self.stock_user, receipt)
        self.validate_as(
            self.stock_user, self.picking(self.warehouse.out_type_id, stock, customers, lot)
        )
        unit = self.env["aftersales.equipment"].search([("lot_id", "=", lot.id)])
        self.assertEqual(unit.partner_id, self.customer)
        self.assertEqual(unit.delivery_date, date.today())

    def ticket(self, **values):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.helpdesk_user)
            .create({"name": "Leak", "description": "x", **values})
        )

    @freeze_time("2026-05-04 15:00:00")
    def test_a_helpdesk_user_closing_a_request_schedules_its_plan(self):
        self.env["aftersales.followup.plan"].create(
            {
                "name": "Satisfaction after repair",
                "trigger": "request_closed",
                "step_ids": [Command.create({"offset_days": 3, "kind": "call"})],
            }
        )
        ticket = self.ticket(product_id=self.product.id)
        ticket.stage_id = self.closed_stage
        self.assertTrue(ticket.closed)
        followup = self.env["aftersales.followup"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual((followup.kind, followup.due_date), ("call", date(2026, 5, 7)))
        self.assertEqual(followup.user_id, self.helpdesk_user)

        # the helpdesk user, assigned the call, marks it done: the follow-up is done
        followup.activity_ids.with_user(self.helpdesk_user).action_done()
        self.assertEqual(followup.state, "done")

    def test_a_helpdesk_user_closing_a_request_without_plan_schedules_nothing(self):
        ticket = self.ticket(product_id=self.product.id)
        ticket.stage_id = self.closed_stage
        self.assertTrue(ticket.closed)
        self.assertFalse(self.env["aftersales.followup"].search([("ticket_id", "=", ticket.id)]))

        # a request about no product involves no plan: not even a look for one
        other = self.ticket()
        with self.assertNotSearched("aftersales.followup.plan"):
            other.stage_id = self.closed_stage
        self.assertTrue(other.closed)

    def test_a_helpdesk_user_names_the_serial_and_opens_the_request(self):
        lot = self.env["stock.lot"].create({"name": "AC-P2", "product_id": self.product.id})
        unit = self.env["aftersales.equipment"].create(
            {"product_id": self.product.id, "lot_id": lot.id, "partner_id": self.customer.id}
        )
        self.env["aftersales.visit"].create({"visit_type": "repair", "equipment_id": unit.id})
        ticket = self.ticket(lot_id=lot.id)
        self.assertEqual(ticket.equipment_id, unit)
        self.assertEqual(ticket.partner_id, self.customer)
        self.env["aftersales.visit"].create(
            {"visit_type": "repair", "equipment_id": unit.id, "ticket_id": ticket.id}
        )
        self.assertEqual(ticket.visit_count, 1)
        # the visits (their button) are for after-sales users
        views = ticket.get_views([(False, "form"), (False, "search")])["views"]
        self.assertNotIn('name="visit_count"', views["form"]["arch"])
        # nor can they look units or serials up (they may not read them): no picker, no search
        self.assertNotIn('name="equipment_id"', views["search"]["arch"])
        self.assertNotIn('name="lot_id"', views["form"]["arch"])
        pickers = re.findall(r'<field name="equipment_id"[^>]*>', views["form"]["arch"])
        self.assertTrue(all('invisible="True"' in picker for picker in pickers), pickers)
        with Form(ticket) as form:
            form.name = "Leak, second time"
        self.assertEqual(ticket.name, "Leak, second time")

    def test_creating_a_product_nobody_judged_looks_at_no_strategy(self):
        with self.assertNotSearched("aftersales.service.strategy"):
            template = self.env["product.template"].create({"name": "Screws", "is_storable": True})
        self.assertFalse(template.aftersales_strategy_id)
