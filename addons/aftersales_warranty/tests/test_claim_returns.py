from contextlib import contextmanager
from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .returns_common import ReturnsCase


@tagged("post_install", "-at_install")
class TestClaimReturns(ReturnsCase):
    """Returned goods land in the returns location, and a replace or refund claim closes only
    once they are back, unless their return is waived or charged."""

    def test_each_warehouse_has_a_returns_location_outside_its_stock(self):
        self.assertEqual(self.returns.usage, "internal")
        self.assertEqual(self.returns.location_id, self.warehouse.view_location_id)
        self.assertFalse(
            self.returns.parent_path.startswith(self.warehouse.lot_stock_id.parent_path)
        )
        other_company = self.env["res.company"].create({"name": "Returns Co"})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", other_company.id)])
        self.assertEqual(warehouse.aftersales_return_location_id.company_id, other_company)
        # a warehouse that lost its returns location gets a new one on the module's update
        warehouse.aftersales_return_location_id = False
        self.env["stock.warehouse"]._aftersales_create_return_locations()
        self.assertEqual(warehouse.aftersales_return_location_id.company_id, other_company)

    def test_a_received_return_lands_in_quarantine_and_cannot_be_reserved_for_a_sale(self):
        claim = self.executed_claim("replace")
        receipt = claim.return_picking_id
        self.assertEqual(receipt.location_dest_id, self.returns)
        self.assertEqual(receipt.move_ids.location_dest_id, self.returns)
        self.assertEqual(claim.return_state, "expected")
        self.assertEqual(claim.return_due_date, date.today() + timedelta(days=30))
        self.receive_return(claim)

        self.assertEqual(self.quantity_in(self.returns, lot=self.unit.lot_id), 1)
        self.assertEqual(self.quantity_in(self.warehouse.lot_stock_id), 0)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.other_customer.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order.action_confirm()
        self.assertNotEqual(order.picking_ids.state, "assigned")
        self.assertFalse(order.picking_ids.move_ids.move_line_ids)
        self.assertEqual(claim.return_state, "received")
        self.assertEqual(claim.return_received_date, date.today())

    def test_a_replace_claim_stays_open_until_its_return_is_received(self):
        claim = self.executed_claim("replace")
        self.deliver_replacement(claim)
        self.assertEqual(claim.state, "in_progress")
        self.assertTrue(claim.replacement_equipment_id)  # the new unit is handed over anyway
        self.assertFalse(claim.done_date)

        self.receive_return(claim)
        self.assertEqual(claim.state, "done")
        self.assertEqual(claim.outcome, "fixed")
        inspection = claim.inspection_ids
        self.assertEqual(inspection.lot_id, self.unit.lot_id)
        self.assertEqual(inspection.quantity, 1)
        self.assertEqual(inspection.location_id, self.returns)
        self.assertEqual(inspection.state, "to_inspect")
        self.assertEqual(len(inspection.check_ids), 4)

    def test_a_refund_claim_received_first_closes_when_its_credit_note_is_posted(self):
        claim = self.executed_claim("refund")
        self.receive_return(claim)
        self.assertEqual(claim.state, "in_progress")
        claim.credit_note_id.action_post()
        self.assertEqual(claim.state, "done")

    def test_a_refund_claim_waits_for_its_goods_after_the_credit_note(self):
        claim = self.executed_claim("refund")
        claim.credit_note_id.action_post()
        self.assertEqual(claim.state, "in_progress")
        self.receive_return(claim)
        self.assertEqual(claim.state, "done")

    def test_a_stock_user_receiving_the_return_closes_the_claim(self):
        stock_user = new_test_user(self.env, "ret_stock", groups="stock.group_stock_user")
        claim = self.executed_claim("replace")
        self.deliver_replacement(claim)
        receipt = claim.return_picking_id.with_user(stock_user)
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(claim.state, "done")

    @contextmanager
    def assertClaimsNotSearched(self):
        Claim = type(self.env["aftersales.claim"])
        with patch.object(Claim, "_search", autospec=True, side_effect=Claim._search) as spy:
            yield
        self.assertFalse(spy.call_count, "aftersales.claim was searched")

    def test_a_vendor_receipt_does_not_look_for_claims(self):
        stock_user = new_test_user(self.env, "ret_stock2", groups="stock.group_stock_user")
        receipt = (
            self.env["stock.picking"]
            .with_user(stock_user)
            .create(
                {
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "partner_id": self.other_customer.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": self.part.id,
                                "product_uom_qty": 2,
                                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                                "location_dest_id": self.warehouse.lot_stock_id.id,
                            }
                        )
                    ],
                }
            )
        )
        receipt.action_confirm()
        receipt.move_ids.quantity = 2
        receipt.move_ids.picked = True
        with self.assertClaimsNotSearched():
            receipt.button_validate()
        self.assertEqual(receipt.state, "done")

    def test_the_policy_waives_the_return_of_low_value_goods(self):
        self.policy.return_waiver_value = 1500.0
        claim = self.executed_claim("refund")
        self.assertFalse(claim.return_picking_id)
        self.assertEqual(claim.return_state, "waived")
        self.assertTrue(claim.return_waiver_reason)
        claim.credit_note_id.action_post()
        self.assertEqual(claim.state, "done")
        self.assertFalse(claim.inspection_ids)

    def test_a_manager_waives_a_return_with_a_reason(self):
        claim = self.executed_claim("replace")
        self.deliver_replacement(claim)
        with self.assertRaises(AccessError):
            claim.with_user(self.approver).action_waive_return("Customer abroad")
        with self.assertRaises(UserError):
            claim.with_user(self.warranty_manager).action_waive_return("  ")
        wizard = Form(
            self.env["aftersales.return.waiver.wizard"]
            .with_user(self.warranty_manager)
            .with_context(default_claim_id=claim.id)
        )
        wizard.reason = "Unit destroyed in a fire; photo in the evidence."
        wizard.save().action_confirm()

        self.assertEqual(claim.return_state, "waived")
        self.assertEqual(claim.return_waived_by_id, self.warranty_manager)
        self.assertEqual(claim.return_picking_id.state, "cancel")
        self.assertEqual(claim.state, "done")
        with self.assertRaises(UserError):
            claim.with_user(self.warranty_manager).action_waive_return("Twice")

    def test_the_return_fields_change_only_through_the_actions(self):
        claim = self.executed_claim("replace")
        with self.assertRaises(AccessError):
            claim.with_user(self.warranty_user).write({"return_waived": True})
        with self.assertRaises(AccessError):
            claim.with_user(self.warranty_user).write({"return_received_date": date.today()})

    def test_an_overdue_return_is_listed_and_its_customer_reminded_weekly(self):
        self.policy.return_days = 10
        claim = self.executed_claim("replace")
        Claim = self.env["aftersales.claim"]
        template = self.env.ref("aftersales_warranty.mail_template_claim_return_overdue")

        def reminders():
            self.perform_jobs(self.pending_jobs("aftersales.claim", "_mail_return_reminder"))
            return (
                self.env["mail.mail"]
                .search([("model", "=", "aftersales.claim"), ("res_id", "=", claim.id)])
                .filtered(lambda mail: "send the goods back" in mail.subject)
            )

        with freeze_time(date.today() + timedelta(days=10)):
            Claim._cron_follow_up_overdue_returns()
            self.assertFalse(reminders())
            self.assertNotIn(claim, Claim.search([("return_overdue", "=", True)]))
        with freeze_time(date.today() + timedelta(days=11)):
            self.assertIn(claim, Claim.search([("return_overdue", "=", True)]))
            self.assertNotIn(claim, Claim.search([("return_overdue", "=", False)]))
            Claim._cron_follow_up_overdue_returns()
            self.assertEqual(len(reminders()), 1)
            self.assertEqual(reminders().recipient_ids, self.customer)
            self.assertIn(claim.name, reminders().subject)
            self.assertEqual(claim.return_reminded_date, date.today())
        with freeze_time(date.today() + timedelta(days=12)):
            Claim._cron_follow_up_overdue_returns()
            self.assertEqual(len(reminders()), 1)
        with freeze_time(date.today() + timedelta(days=18)):
            Claim._cron_follow_up_overdue_returns()
            self.assertEqual(len(reminders()), 2)
        self.assertTrue(template)
        # once received, the claim is no longer overdue and nobody is reminded
        self.receive_return(claim)
        with freeze_time(date.today() + timedelta(days=30)):
            self.assertFalse(claim.return_overdue)
            Claim._cron_follow_up_overdue_returns()
            self.assertEqual(len(reminders()), 2)

    def test_an_advance_replacement_not_returned_in_time_is_charged(self):
        self.policy.write({"return_days": 10, "return_charge_days": 5})
        claim = self.executed_claim("replace")
        self.deliver_replacement(claim)
        Claim = self.env["aftersales.claim"]
        self.assertEqual(claim.return_charge_date, date.today() + timedelta(days=15))
        with freeze_time(date.today() + timedelta(days=14)):
            Claim._cron_follow_up_overdue_returns()
            self.assertFalse(claim.return_charge_invoice_id)
            self.assertEqual(claim.state, "in_progress")
        with freeze_time(date.today() + timedelta(days=15)):
            Claim._cron_follow_up_overdue_returns()
            Claim._cron_follow_up_overdue_returns()  # a second run charges nothing more
        invoice = claim.return_charge_invoice_id
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertAlmostEqual(invoice.amount_untaxed, 1000.0)
        self.assertEqual(
            self.env["account.move"].search_count([("invoice_origin", "=", claim.name)]), 1
        )
        self.assertEqual(claim.return_state, "charged")
        self.assertEqual(claim.return_picking_id.state, "cancel")
        self.assertEqual(claim.state, "done")

    def test_a_repaired_unit_waits_in_the_returns_location_and_ships_from_there(self):
        claim = self.make_claim(self.unit, decision="repair")
        self.repair(claim)
        self.assertEqual(claim.repair_id.product_location_src_id, self.returns)
        self.assertEqual(claim.repair_id.product_location_dest_id, self.returns)
        self.assertEqual(self.on_hand(self.returns, lot=self.unit.lot_id), 1)
        self.assertEqual(claim.repaired_delivery_id.location_id, self.returns)
        self.validate(claim.repaired_delivery_id)
        self.assertEqual(self.on_hand(self.returns, lot=self.unit.lot_id), 0)
        self.assertFalse(claim.inspection_ids)

    def test_returns_received_before_the_module_update_count_as_received(self):
        claim = self.executed_claim("replace")
        self.receive_return(claim)
        claim._write_workflow({"return_received_date": False})
        self.assertEqual(claim.return_state, "expected")
        self.env["aftersales.claim"]._backfill_received_returns()
        self.assertEqual(claim.return_state, "received")
        self.assertEqual(claim.return_received_date, date.today())
        self.deliver_replacement(claim)
        self.assertEqual(claim.state, "done")
