from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .goods_common import GoodsClaimCase


@tagged("post_install", "-at_install")
class TestClaimGoods(GoodsClaimCase):
    """Claims for a quantity of goods bought on an order or invoice line, without serials."""

    def deliver_replacement(self, claim):
        delivery = claim.replacement_picking_id
        delivery.action_assign()
        self.validate(delivery)
        return delivery

    def test_lot_tracked_claim_for_3_of_10_returns_3_of_the_lot_and_replaces_3(self):
        line, lot = self.sell_goods(self.filter, 10, price=40.0)
        spare_lot = self.stock_goods(self.filter, 20, "LOT-SPARE")
        claim = self.goods_claim(line, 3, lot=lot, decision="replace")
        self.assertEqual(claim.product_id, self.filter)
        self.assertEqual(claim.partner_id, self.customer)
        self.assertEqual(claim.policy_id, self.policy)
        self.assertEqual(claim.purchase_date, date.today())
        self.assertEqual(claim.goods_cover_end, self.policy._end_date(date.today()))
        self.assertEqual(claim.unit_value, 120.0)
        self.assertEqual(claim.quantity_claimable, 10.0)

        self.approve_and_execute(claim)
        checks = {check.check: check.result for check in claim.sudo().check_ids}
        self.assertEqual(checks["purchase"], "pass")
        self.assertEqual(checks["cover"], "pass")
        self.assertEqual(claim.claim_amount, 120.0)

        receipt = claim.return_picking_id
        self.assertEqual(receipt.partner_id, self.customer)
        self.assertEqual(receipt.move_ids.product_uom_qty, 3.0)
        self.assertEqual(receipt.move_ids.move_line_ids.lot_id, lot)
        self.assertEqual(receipt.move_ids.move_line_ids.quantity, 3.0)
        delivery = claim.replacement_picking_id
        self.assertEqual(delivery.move_ids.product_id, self.filter)
        self.assertEqual(delivery.move_ids.product_uom_qty, 3.0)

        self.validate(receipt)
        # the faulty goods wait in the returns location, out of sellable stock
        self.assertEqual(
            self.filter.with_context(
                lot_id=lot.id, location=self.warehouse.aftersales_return_location_id.id
            ).qty_available,
            3.0,
        )
        self.deliver_replacement(claim)
        self.assertEqual(delivery.move_ids.move_line_ids.lot_id, spare_lot)
        self.assertEqual(sum(delivery.move_ids.move_line_ids.mapped("quantity")), 3.0)
        self.assertEqual(claim.state, "done")
        self.assertEqual(claim.outcome, "fixed")
        self.assertFalse(claim.replacement_equipment_id)
        self.assertFalse(self.env["aftersales.equipment"].search([("lot_id", "=", spare_lot.id)]))

    def test_untracked_claim_for_3_of_10_returns_3_and_replaces_3(self):
        line, _lot = self.sell_goods(self.kettle, 10, price=30.0)
        self.stock_goods(self.kettle, 5)
        claim = self.goods_claim(line, 3, decision="replace")
        self.approve_and_execute(claim)
        receipt = claim.return_picking_id
        self.assertEqual(receipt.move_ids.product_uom_qty, 3.0)
        self.assertFalse(receipt.move_ids.move_line_ids.lot_id)
        self.validate(receipt)
        self.assertEqual(receipt.move_ids.quantity, 3.0)
        delivery = self.deliver_replacement(claim)
        self.assertEqual(delivery.move_ids.quantity, 3.0)
        self.assertEqual(delivery.location_dest_id, self.customer.property_stock_customer)
        self.assertEqual(claim.state, "done")
        # 5 spare less 3 out; the 3 back wait in the returns location
        self.assertEqual(
            self.kettle.with_context(location=self.warehouse.lot_stock_id.id).qty_available, 2.0
        )
        returns = self.warehouse.aftersales_return_location_id
        self.assertEqual(self.kettle.with_context(location=returns.id).qty_available, 3.0)

    def test_refund_credits_the_quantity_pro_rata_on_the_original_invoice(self):
        line, _lot = self.sell_goods(self.kettle, 10, price=50.0, discount=10.0)
        invoice = line.invoice_lines.move_id
        claim = self.goods_claim(line, 3, decision="refund")
        self.assertEqual(claim.unit_value, 135.0)  # 3 x 50 less 10 %
        self.approve_and_execute(claim)
        note = claim.credit_note_id
        self.assertEqual(note.reversed_entry_id, invoice)
        self.assertEqual(note.invoice_line_ids.quantity, 3.0)
        self.assertAlmostEqual(note.invoice_line_ids.price_unit, 45.0)
        self.assertAlmostEqual(note.amount_untaxed, 135.0)
        self.assertEqual(note.invoice_line_ids.tax_ids, line.invoice_lines.tax_ids)
        self.assertEqual(claim.return_picking_id.move_ids.product_uom_qty, 3.0)
        note.action_post()
        self.assertEqual(claim.state, "in_progress")  # until the goods are back
        self.validate(claim.return_picking_id)
        self.assertEqual(claim.state, "done")
        # the credit note does not reopen the order line for invoicing
        self.assertEqual(line.qty_invoiced, 10.0)

    def test_linear_pro_rata_refund_follows_the_age_of_the_goods(self):
        self.policy.prorata = "linear"
        line, _lot = self.sell_goods(self.kettle, 10, price=50.0)
        line.move_ids.write({"date": date.today() - timedelta(days=100)})
        claim = self.goods_claim(line, 2, decision="refund")
        days = self.policy._duration_days(claim.purchase_date)
        expected = round(100.0 * (days - 100) / days, 2)
        self.assertEqual(claim.purchase_date, date.today() - timedelta(days=100))
        self.assertAlmostEqual(claim.refund_amount, expected, places=2)
        self.approve_and_execute(claim)
        self.assertAlmostEqual(claim.credit_note_id.amount_untaxed, expected, places=2)

    def test_claim_on_an_invoice_line_takes_the_order_line_and_its_quantity(self):
        line, _lot = self.sell_goods(self.kettle, 4, price=30.0)
        claim = self.env["aftersales.claim"].create(
            {
                "invoice_line_id": line.invoice_lines.id,
                "quantity": 4,
                "failure_date": date.today(),
            }
        )
        self.assertEqual(claim.sale_line_id, line)
        self.assertEqual(claim.partner_id, self.customer)
        self.assertEqual(claim.unit_value, 120.0)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["aftersales.claim"].create(
                {"sale_line_id": line.id, "quantity": 1, "failure_date": date.today()}
            )

    def test_quantity_never_exceeds_what_was_bought_less_what_is_claimed(self):
        line, lot = self.sell_goods(self.filter, 10, price=40.0)
        first = self.goods_claim(line, 3, lot=lot)
        with self.assertRaisesRegex(ValidationError, "Only 7 "), self.env.cr.savepoint():
            self.goods_claim(line, 8, lot=lot)
        second = self.goods_claim(line, 7, lot=lot)
        self.assertEqual(second.quantity_claimable, 7.0)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            second.with_user(self.warranty_user).write({"quantity": 8})
        # a cancelled claim gives its quantity back
        first.action_cancel()
        second.with_user(self.warranty_user).write({"quantity": 10})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            first.action_reset_to_draft()

    def test_the_goods_must_be_the_customers_and_their_lot_must_be_the_lines(self):
        line, lot = self.sell_goods(self.filter, 10, price=40.0)
        other_line, other_lot = self.sell_goods(self.filter, 5, price=40.0)
        with self.assertRaisesRegex(ValidationError, "sold to"), self.env.cr.savepoint():
            self.goods_claim(line, 1, lot=lot, partner_id=self.other_customer.id)
        with self.assertRaisesRegex(ValidationError, "was not delivered"), self.env.cr.savepoint():
            self.goods_claim(line, 1, lot=other_lot)
        with self.assertRaisesRegex(ValidationError, "tracked by lot"), self.env.cr.savepoint():
            self.goods_claim(other_line, 1)
        with self.assertRaisesRegex(ValidationError, "not tracked by lot"), self.env.cr.savepoint():
            kettles, _lot = self.sell_goods(self.kettle, 2, price=30.0)
            self.goods_claim(kettles, 1, lot=lot)

    def test_serial_tracked_goods_are_claimed_by_unit(self):
        unit = self.sell()
        with self.assertRaisesRegex(ValidationError, "claim the unit"), self.env.cr.savepoint():
            self.goods_claim(unit.sale_line_id, 1)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.make_claim(unit, quantity=2)
        claim = self.make_claim(unit)
        other_serial = self.stock_serials()
        with self.assertRaisesRegex(ValidationError, "serial number"), self.env.cr.savepoint():
            claim.write({"lot_id": other_serial.id})

    def test_goods_out_of_cover_are_recommended_for_rejection(self):
        line, _lot = self.sell_goods(self.kettle, 10, price=30.0)
        line.move_ids.write({"date": date.today() - timedelta(days=800)})
        claim = self.goods_claim(line, 1)
        self.assertLess(claim.goods_cover_end, date.today())
        claim.action_run_checks()
        checks = {check.check: check.result for check in claim.sudo().check_ids}
        self.assertEqual(checks["cover"], "block")
        self.assertEqual(claim.recommended_decision, "reject")
        with self.assertRaises(UserError):
            claim.action_submit()

    def test_quantity_after_submission_sends_the_claim_back_through_approval(self):
        line, _lot = self.sell_goods(self.kettle, 10, price=30.0)
        claim = self.goods_claim(line, 2, decision="refund")
        claim.action_submit()
        claim.with_user(self.approver).action_approve()
        claim.with_user(self.warranty_user).write({"quantity": 3})
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(claim.claim_amount, 90.0)
        claim.with_user(self.approver).action_approve()
        claim.with_user(self.approver).action_execute()
        with self.assertRaises(UserError):
            claim.with_user(self.warranty_user).write({"quantity": 1})

    def test_execute_twice_makes_one_set_of_documents(self):
        line, _lot = self.sell_goods(self.kettle, 10, price=30.0)
        claim = self.goods_claim(line, 3, decision="refund")
        self.approve_and_execute(claim)
        with self.assertRaises(UserError):
            claim.with_user(self.approver).action_execute()
        claims = self.env["aftersales.claim"].search([("sale_line_id", "=", line.id)])
        self.assertEqual(len(claims.credit_note_id), 1)
        self.assertEqual(len(claims.return_picking_id), 1)

    def test_a_lot_is_claimed_up_to_what_the_line_delivered_of_it(self):
        lot_a = self.stock_goods(self.filter, 6, "LOT-A")
        lot_b = self.stock_goods(self.filter, 4, "LOT-B")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.filter.id, "product_uom_qty": 10, "price_unit": 40}
                    )
                ],
            }
        )
        order.action_confirm()
        order.picking_ids.action_assign()
        self.validate(order.picking_ids)
        line = order.order_line
        self.assertEqual(line.move_ids.move_line_ids.lot_id, lot_a | lot_b)
        with self.assertRaisesRegex(ValidationError, "lot LOT-B"), self.env.cr.savepoint():
            self.goods_claim(line, 5, lot=lot_b)
        self.goods_claim(line, 4, lot=lot_b)
        with self.assertRaisesRegex(ValidationError, "lot LOT-B"), self.env.cr.savepoint():
            self.goods_claim(line, 1, lot=lot_b)
        self.assertEqual(self.goods_claim(line, 6, lot=lot_a).quantity_claimable, 6.0)

    def test_goods_invoiced_without_an_order_are_covered_from_the_invoice(self):
        self.policy.clock_start = "invoice"
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": date.today() - timedelta(days=10),
                "invoice_line_ids": [
                    Command.create({"product_id": self.kettle.id, "quantity": 5, "price_unit": 20})
                ],
            }
        )
        invoice.action_post()
        invoice_line = invoice.invoice_line_ids
        claim = (
            self.env["aftersales.claim"]
            .with_user(self.warranty_user)
            .create(
                {
                    "invoice_line_id": invoice_line.id,
                    "quantity": 2,
                    "failure_code_id": self.failure.id,
                    "failure_date": date.today(),
                }
            )
        )
        self.assertFalse(claim.sale_line_id)
        self.assertEqual(claim.partner_id, self.customer)
        self.assertEqual(claim.purchase_date, date.today() - timedelta(days=10))
        self.assertEqual(claim.unit_value, 40.0)
        with self.assertRaisesRegex(ValidationError, "Only 5 "), self.env.cr.savepoint():
            claim.write({"quantity": 6})
        claim.action_decide("refund")
        self.approve_and_execute(claim)
        self.assertEqual(claim.credit_note_id.reversed_entry_id, invoice)
        self.assertAlmostEqual(claim.credit_note_id.amount_untaxed, 40.0)
        self.assertEqual(claim.return_picking_id.move_ids.product_uom_qty, 2.0)

    def test_claim_report_prints_the_goods_and_their_cover(self):
        line, lot = self.sell_goods(self.filter, 10, price=40.0)
        claim = self.goods_claim(line, 3, lot=lot)
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_warranty.report_claim", claim.ids
        )
        html = html.decode()
        self.assertIn(f"lot {lot.name}", html)
        self.assertIn(line.order_id.name, html)
        self.assertIn(claim.goods_cover_end.strftime("%m/%d/%Y"), html)
        self.assertNotIn("Serial Number:", html)

    def test_repair_of_goods_repairs_the_quantity_and_ships_it_back(self):
        line, lot = self.sell_goods(self.filter, 10, price=40.0)
        claim = self.goods_claim(line, 3, lot=lot, decision="repair", labour_cost=20.0)
        self.approve_and_execute(claim)
        repair = claim.repair_id
        self.assertEqual(repair.product_id, self.filter)
        self.assertEqual(repair.product_qty, 3.0)
        self.assertEqual(repair.lot_id, lot)
        self.validate(claim.return_picking_id)
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(claim.state, "done")
        shipped = claim.repaired_delivery_id
        self.assertEqual(shipped.move_ids.product_uom_qty, 3.0)
        self.assertEqual(shipped.move_ids.move_line_ids.lot_id, lot)
        self.validate(shipped)

    def test_price_reduction_on_goods_credits_the_amount_over_the_quantity(self):
        line, _lot = self.sell_goods(self.kettle, 10, price=30.0)
        claim = self.goods_claim(line, 3, decision="price_reduction")
        claim.with_user(self.warranty_user).write({"price_reduction_amount": 45.0})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            claim.with_user(self.warranty_user).write({"price_reduction_amount": 91.0})
        self.approve_and_execute(claim)
        note = claim.credit_note_id
        self.assertEqual(note.invoice_line_ids.quantity, 3.0)
        self.assertAlmostEqual(note.amount_untaxed, 45.0)
        self.assertFalse(claim.return_picking_id)

    def test_the_order_lists_its_goods_claims_and_starts_one_on_a_delivered_line(self):
        line, lot = self.sell_goods(self.filter, 10, price=40.0)
        line.order_id.user_id = self.warranty_user  # a salesman reads their own orders
        order = line.order_id.with_user(self.warranty_user)
        self.assertEqual(order.aftersales_goods_claim_count, 0)
        claim = self.goods_claim(line, 2, lot=lot)
        order.invalidate_recordset()
        self.assertEqual(order.aftersales_goods_claim_count, 1)
        action = order.action_view_aftersales_goods_claims()
        self.assertEqual(self.env["aftersales.claim"].search(action["domain"]), claim)
        self.assertEqual(action["context"]["default_sale_line_id"], line.id)
