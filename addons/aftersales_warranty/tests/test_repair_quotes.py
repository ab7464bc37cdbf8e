from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .service_revenue_common import ServiceRevenueCase


@tagged("post_install", "-at_install")
class TestRepairQuotes(ServiceRevenueCase):
    def test_out_of_cover_repair_is_quoted_in_full_once(self):
        unit = self.out_of_cover_unit()
        self.assertFalse(unit.warranty_ids.filtered(lambda w: w.state == "active"))
        repair = self.paid_repair(unit)
        repair.action_validate()
        repair.action_aftersales_quote()
        order = repair.sale_order_id
        # a second click opens the same quote
        repair.action_aftersales_quote()
        self.assertEqual(self.env["sale.order"].search_count([("origin", "=", repair.name)]), 1)
        self.assertEqual(order.pricelist_id, self.service_pricelist)
        self.assertIn(self.customer, order.message_partner_ids)
        part, labour, travel = (
            self.line_of(order, p) for p in (self.part, self.labour, self.travel)
        )
        self.assertEqual((part.price_unit, part.discount), (200.0, 0.0))
        self.assertEqual((labour.product_uom_qty, labour.price_unit), (2.0, 80.0))
        self.assertEqual((travel.product_uom_qty, travel.price_unit), (30.0, 1.0))
        self.assertAlmostEqual(order.amount_untaxed, 200.0 + 160.0 + 30.0)
        self.assertEqual(repair.aftersales_quote_state, "waiting")

        with self.assertRaisesRegex(UserError, "accept the quote"):
            repair.action_repair_start()
        order.action_confirm()
        self.assertEqual(repair.aftersales_quote_state, "accepted")
        repair.action_repair_start()
        self.assertEqual(repair.state, "under_repair")

        invoice = order._create_invoices()
        invoice.action_post()
        self.assertAlmostEqual(invoice.amount_untaxed, 390.0)
        with self.assertRaises(UserError):  # nothing left to invoice: no second invoice
            order._create_invoices()

    def test_accepting_confirms_a_draft_repair(self):
        repair = self.paid_repair(self.out_of_cover_unit())
        repair.action_aftersales_quote()
        self.assertEqual(repair.state, "draft")
        repair.sale_order_id.action_confirm()
        self.assertEqual(repair.state, "confirmed")
        repair.action_repair_start()
        self.assertEqual(repair.state, "under_repair")

    def test_a_free_quote_under_warranty_does_not_hold_the_repair(self):
        repair = self.paid_repair(self.out_of_cover_unit())
        repair.under_warranty = True
        repair.action_validate()
        repair.action_aftersales_quote()
        self.assertEqual(repair.sale_order_id.amount_untaxed, 0.0)
        repair.action_repair_start()
        self.assertEqual(repair.state, "under_repair")

    def test_labour_added_to_a_draft_quote_goes_on_it(self):
        repair = self.paid_repair(self.out_of_cover_unit(), hours=1.0)
        repair.action_aftersales_quote()
        repair.repair_service_ids = [
            Command.create({"product_id": self.labour.id, "product_uom_qty": 0.5})
        ]
        labour = self.line_of(repair.sale_order_id, self.labour)
        self.assertEqual(sorted(labour.mapped("product_uom_qty")), [0.5, 1.0])
        self.assertEqual(set(labour.mapped("price_unit")), {80.0})

    def test_customer_pricelist_when_no_service_pricelist(self):
        self.company.aftersales_service_pricelist_id = False
        repair = self.paid_repair(self.out_of_cover_unit())
        repair.action_aftersales_quote()
        self.assertEqual(self.line_of(repair.sale_order_id, self.labour).price_unit, 60.0)

    def test_partly_covered_claim_invoices_only_the_customer_share(self):
        self.policy.prorata = "linear"
        unit = self.make_unit(date.today() - timedelta(days=200))
        claim = self.make_claim(
            unit,
            decision="repair",
            part_ids=[Command.create({"product_id": self.part.id, "quantity": 1.0})],
        )
        self.approve_and_execute(claim)
        repair = claim.repair_id
        share = claim.customer_share / 100.0
        self.assertGreater(share, 0.2)
        self.assertFalse(repair.under_warranty)
        # policy: parts and labour covered 100 %, travel 50 %, all at the pro-rata share
        self.assertAlmostEqual(repair.aftersales_parts_share, 100.0 * share)
        self.assertAlmostEqual(repair.aftersales_travel_share, 100.0 - 50.0 * (1 - share))
        # the customer's answer comes from the portal, in superuser mode
        order = repair.sale_order_id.sudo()
        self.assertTrue(order, "the customer's share is quoted when the claim is carried out")
        repair.repair_service_ids = [
            Command.create({"product_id": self.labour.id, "product_uom_qty": 2.0}),
            Command.create({"product_id": self.travel.id, "product_uom_qty": 30.0}),
        ]
        part = self.line_of(order, self.part)
        self.assertEqual(part.price_unit, 200.0)
        self.assertAlmostEqual(part.discount, 100.0 * (1 - share), places=2)
        # discounts are kept to 2 decimals
        pays = [round(100.0 - d, 2) / 100.0 for d in (100 * (1 - share), 50 * (1 - share))]
        expected = 200.0 * pays[0] + 160.0 * pays[0] + 30.0 * pays[1]
        self.assertAlmostEqual(order.amount_untaxed, expected, places=2)

        self.validate(claim.return_picking_id)
        order.action_confirm()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(claim.state, "done")
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertAlmostEqual(invoice.amount_untaxed, expected, places=2)
        self.assertLess(invoice.amount_untaxed, 390.0)

    def test_refused_quote_cancels_the_repair_and_sends_the_unit_back(self):
        unit = self.out_of_cover_unit()
        repair = self.paid_repair(unit)
        repair.action_aftersales_quote()
        repair.sale_order_id._action_cancel()
        self.assertEqual(repair.state, "cancel")
        self.assertEqual(repair.aftersales_quote_state, "refused")
        delivery = repair.aftersales_return_picking_id
        self.assertEqual(delivery.partner_id, self.customer)
        self.assertEqual(delivery.location_dest_id.usage, "customer")
        self.assertEqual(delivery.move_ids.product_id, unit.product_id)
        self.assertEqual(delivery.move_ids.move_line_ids.lot_id, unit.lot_id)

    def test_refused_claim_quote_closes_the_claim(self):
        self.policy.prorata = "linear"
        unit = self.make_unit(date.today() - timedelta(days=200))
        claim = self.make_claim(
            unit,
            decision="repair",
            part_ids=[Command.create({"product_id": self.part.id, "quantity": 1.0})],
        )
        self.approve_and_execute(claim)
        self.validate(claim.return_picking_id)
        claim.repair_id.sale_order_id.sudo()._action_cancel()
        self.assertEqual(claim.state, "done")
        self.assertEqual(claim.outcome, "not_fixed")
        self.assertEqual(claim.repaired_delivery_id, claim.repair_id.aftersales_return_picking_id)
        self.assertEqual(unit.state, "in_service")

    def test_orders_without_repairs_are_left_alone(self):
        salesman = new_test_user(self.env, "sr_salesman", groups="sales_team.group_sale_salesman")
        order = (
            self.env["sale.order"]
            .with_user(salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"product_id": self.part.id})],
                }
            )
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        order._action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertFalse(self.env["repair.order"].search([("sale_order_id", "=", order.id)]))
        self.assertFalse(
            self.env["stock.picking"].search(
                [
                    ("origin", "=", order.name),
                    ("picking_type_id.code", "=", "outgoing"),
                    ("state", "!=", "cancel"),
                ]
            )
        )

    def test_a_repair_outside_the_installed_base_keeps_cores_quote_and_workflow(self):
        other = self.env["product.product"].create({"name": "Shop Kettle", "list_price": 20.0})
        repair = self.env["repair.order"].create(
            {
                "product_id": other.id,
                "partner_id": self.customer.id,
                "picking_type_id": self.warehouse.repair_type_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "repair_line_type": "add",
                            "product_id": self.part.id,
                            "product_uom_qty": 1.0,
                            "price_unit": 12.0,
                        }
                    )
                ],
            }
        )
        repair.action_validate()
        repair.action_create_sale_order()
        order = repair.sale_order_id
        self.assertNotEqual(order.pricelist_id, self.service_pricelist)
        self.assertNotIn(self.customer, order.message_partner_ids)
        # the quote is still a draft: core lets the repair start, and so do we
        repair.action_repair_start()
        self.assertEqual(repair.state, "under_repair")

    def test_the_unit_sent_back_is_not_written_over_rpc(self):
        repair = self.paid_repair(self.out_of_cover_unit())
        picking = self.env["stock.picking"].search([], limit=1)
        stock_user = new_test_user(self.env, "as_rq_stock", groups="stock.group_stock_user")
        with self.assertRaises(AccessError):
            repair.with_user(stock_user).write({"aftersales_return_picking_id": picking.id})
        self.assertFalse(repair.aftersales_return_picking_id)
