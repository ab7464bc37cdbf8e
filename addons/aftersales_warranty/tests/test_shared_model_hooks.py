from contextlib import contextmanager
from datetime import date, timedelta
from unittest.mock import patch

from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from .common import WarrantyCase


@tagged("post_install", "-at_install")
class TestSharedModelHooks(WarrantyCase):
    """Our hooks on pickings, repairs, sale orders, invoices and tickets work for users holding
    only the groups of the module they use (none of ours), and stay out of the way when no
    warranty record is involved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(cls.env, "peer_stock", groups="stock.group_stock_user")
        cls.salesman = new_test_user(
            cls.env, "peer_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.invoicing_user = new_test_user(
            cls.env, "peer_invoicing", groups="account.group_account_invoice"
        )
        cls.helpdesk_user = new_test_user(
            cls.env, "peer_helpdesk", groups="helpdesk_mgmt.group_helpdesk_user"
        )

    def setUp(self):
        super().setUp()
        self.unit = self.sell(price=1000.0)
        self.unit.delivery_date = date.today() - timedelta(days=100)

    @contextmanager
    def assertNotSearched(self, model):
        """Fails when `model` is searched in the block (the hook stayed out of the way)."""
        Model = type(self.env[model])
        with patch.object(Model, "_search", autospec=True, side_effect=Model._search) as spy:
            yield
        self.assertFalse(spy.call_count, f"{model} was searched")

    def test_a_stock_user_validates_a_receipt_and_a_delivery_of_serials(self):
        lot = self.env["stock.lot"].create({"name": "CH-IN-1", "product_id": self.product.id})
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "partner_id": self.customer.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1.0,
                            "location_id": self.ref("stock.stock_location_suppliers"),
                            "location_dest_id": self.warehouse.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        receipt.move_ids.lot_ids = lot
        with self.assertNotSearched("aftersales.claim"):
            self.validate_as(self.stock_user, receipt)

        delivery = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.other_customer.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1.0,
                            "location_id": self.warehouse.lot_stock_id.id,
                            "location_dest_id": self.ref("stock.stock_location_customers"),
                        }
                    )
                ],
            }
        )
        delivery.action_confirm()
        delivery.move_ids.lot_ids = lot
        self.validate_as(self.stock_user, delivery)
        unit = self.env["aftersales.equipment"].search([("lot_id", "=", lot.id)])
        self.assertEqual(unit.partner_id, self.other_customer)

    def test_a_stock_user_delivering_a_replacement_closes_the_claim(self):
        claim = self.make_claim(self.unit, requested_remedy="replace", decision="replace")
        self.approve_and_execute(claim)
        self.validate_as(self.stock_user, claim.return_picking_id)  # the faulty unit is back
        delivery = claim.replacement_picking_id
        new_serial = self.stock_serials()
        delivery.move_ids.lot_ids = new_serial
        self.validate_as(self.stock_user, delivery)
        self.assertEqual(claim.state, "done")
        self.assertEqual(claim.replacement_equipment_id.lot_id, new_serial)
        self.assertEqual(self.unit.state, "replaced")

    def test_a_stock_user_finishing_the_repair_closes_the_claim(self):
        claim = self.make_claim(self.unit)
        self.approve_and_execute(claim)
        self.validate_as(self.stock_user, claim.return_picking_id)
        repair = claim.repair_id.with_user(self.stock_user)
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertEqual(claim.state, "done")
        self.assertEqual(claim.outcome, "fixed")
        self.assertEqual(claim.repaired_delivery_id.state, "assigned")
        self.assertEqual(self.unit.state, "in_service")

    def test_a_stock_user_finishes_a_repair_without_claim(self):
        repair = (
            self.env["repair.order"]
            .with_user(self.stock_user)
            .create({"product_id": self.part.id, "partner_id": self.customer.id})
        )
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertFalse(repair.sudo().aftersales_claim_ids)

    def test_a_salesman_sells_an_extended_warranty(self):
        policy = self.env["aftersales.warranty.policy"].create(
            {"name": "Extra", "kind": "extended", "duration": 12, "rule_set_id": self.rule_set.id}
        )
        care = self.env["product.product"].create(
            {"name": "Care +1 year", "type": "service", "aftersales_extended_policy_id": policy.id}
        )
        standard_end = self.unit.warranty_ids.date_end
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": care.id, "aftersales_equipment_id": self.unit.id}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        extended = self.unit.warranty_ids.filtered(lambda w: w.origin == "extended")
        self.assertEqual(extended.sale_line_id, order.order_line.sudo())
        self.assertEqual(extended.date_start, standard_end + timedelta(days=1))

    def test_a_salesman_confirms_an_order_without_extended_warranty(self):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"product_id": self.part.id})],
                }
            )
        )
        with self.assertNotSearched("aftersales.warranty"):
            order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_an_invoicing_user_posts_the_claims_credit_note(self):
        claim = self.make_claim(self.unit, decision="refund")
        self.approve_and_execute(claim)
        self.validate(claim.return_picking_id)  # the faulty unit is back
        credit_note = claim.credit_note_id.with_user(self.invoicing_user)
        credit_note.action_post()
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(claim.state, "done")

    def test_an_invoicing_user_posts_a_plain_credit_note(self):
        credit_note = (
            self.env["account.move"]
            .with_user(self.invoicing_user)
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": self.customer.id,
                    "invoice_line_ids": [
                        Command.create({"product_id": self.part.id, "price_unit": 10.0})
                    ],
                }
            )
        )
        credit_note.action_post()
        self.assertEqual(credit_note.state, "posted")

    def test_a_helpdesk_user_opens_a_request_on_a_claimed_unit(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Broken again",
                "description": "x",
                "equipment_id": self.unit.id,
                "request_type": "warranty_claim",
                "user_id": self.helpdesk_user.id,
            }
        )
        self.make_claim(self.unit, ticket_id=ticket.id)
        ticket = ticket.with_user(self.helpdesk_user)
        self.assertEqual(ticket.claim_count, 1)
        [values] = self.read_as_the_web_client(ticket)
        self.assertEqual(values["warranty_state"], "covered")
        # the claims (their button and the unit's past claims) are for after-sales users
        self.assertFalse({"claim_count", "unit_claim_ids"} & values.keys())
        with Form(ticket) as form:
            self.assertEqual(form.warranty_state, "covered")
            form.name = "Broken again, urgent"
        self.assertEqual(ticket.name, "Broken again, urgent")
