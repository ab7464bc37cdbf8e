from datetime import date, timedelta
from unittest.mock import patch

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import WarrantyCase


@tagged("post_install", "-at_install")
class TestClaimExecutionBatch(WarrantyCase):
    """Carrying out a batch of claims does once per batch what stock does once per move
    (orderpoints, rules) and draws the documents' numbers in one go: the documents, their
    numbers and references, and the orderpoints triggered are those of stock's own path."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.orderpoint = cls.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": cls.part.id,
                "location_id": cls.warehouse.lot_stock_id.id,
                "warehouse_id": cls.warehouse.id,
                "trigger": "auto",
                "product_min_qty": 0.0,
                "product_max_qty": 20.0,
            }
        )

    def approved_repairs(self, count, prefix):
        units = self.deliver(self.product, count, date.today() - timedelta(days=60), prefix)
        claims = self.env["aftersales.claim"]
        for unit in units:
            claims |= self.make_claim(
                unit, part_ids=[Command.create({"product_id": self.part.id, "quantity": 1})]
            )
        claims.action_submit()
        claims.with_user(self.approver).action_approve()
        return claims.with_user(self.approver)

    def procurements(self):
        """Patch the orderpoints' procurement: [(orderpoints, origins)] of each call."""
        calls = []

        def procure(orderpoints, **_kwargs):
            calls.append((orderpoints, orderpoints.env.context.get("origins")))

        Orderpoint = type(self.env["stock.warehouse.orderpoint"])
        return calls, patch.object(Orderpoint, "_procure_orderpoint_confirm", procure)

    def test_documents_are_numbered_from_their_operation_type(self):
        claims = self.approved_repairs(3, "NB")
        claims.action_execute()
        for documents, picking_type in (
            (claims.return_picking_id, self.warehouse.in_type_id),
            (claims.repair_id, self.warehouse.repair_type_id),
        ):
            prefix = picking_type.sequence_id._get_prefix_suffix()[0]
            names = documents.mapped("name")
            self.assertEqual(len(set(names)), 3)
            self.assertTrue(all(name.startswith(prefix) for name in names), names)
        for repair in claims.repair_id:
            self.assertEqual(repair.reference_ids.mapped("name"), [repair.name])
            self.assertEqual(repair.move_ids.reference_ids, repair.reference_ids)

    def test_a_sequence_draws_a_batch_in_order(self):
        Sequence = self.env["ir.sequence"]
        standard = Sequence.create({"name": "Batch", "prefix": "B/", "padding": 3})
        self.assertEqual(standard._aftersales_next_batch(3), ["B/001", "B/002", "B/003"])
        self.assertEqual(standard._next(), "B/004")
        no_gap = Sequence.create(
            {"name": "No gap", "prefix": "G/", "padding": 3, "implementation": "no_gap"}
        )
        self.assertEqual(no_gap._aftersales_next_batch(2), ["G/001", "G/002"])

    def test_the_parts_orderpoint_is_triggered_once_with_every_repair_as_origin(self):
        claims = self.approved_repairs(3, "OP")
        calls, patched = self.procurements()
        with patched:
            claims.action_execute()
        self.assertEqual(len(calls), 1)
        orderpoints, origins = calls[0]
        self.assertEqual(orderpoints, self.orderpoint)
        self.assertEqual(origins[self.orderpoint.id], set(claims.repair_id.reference_ids.ids))

    def test_the_orderpoints_quantity_to_order_follows_the_batch(self):
        """The stored quantity to order is recomputed once the batch is done: 10 parts in
        stock, 3 reserved by the repairs, 7 forecast against a minimum of 8."""
        self.orderpoint.product_min_qty = 8.0
        self.assertEqual(self.orderpoint.qty_to_order_computed, 0.0)
        claims = self.approved_repairs(3, "FC")
        _calls, patched = self.procurements()
        with patched:
            claims.action_execute()
        self.assertEqual(self.orderpoint.qty_to_order_computed, 13.0)

    def part_delivery(self, quantity, user=None):
        """A delivery of `quantity` parts to the customer, made by `user` (or the test's)."""
        stock, customer = self.warehouse.lot_stock_id, self.customer.property_stock_customer
        return (
            self.env["stock.picking"]
            .with_user(user or self.env.user)
            .create(
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "location_id": stock.id,
                    "location_dest_id": customer.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": self.part.id,
                                "product_uom_qty": quantity,
                                "location_id": stock.id,
                                "location_dest_id": customer.id,
                            }
                        )
                    ],
                }
            )
        )

    def test_stock_outside_a_batch_triggers_as_before(self):
        picking = self.part_delivery(2.0)
        calls, patched = self.procurements()
        with patched:
            picking.action_confirm()
        self.assertEqual([orderpoints for orderpoints, _origins in calls], [self.orderpoint])

    def test_a_plain_stock_user_confirms_a_delivery_as_before(self):
        """The batch's overrides of stock.move and stock.rule, for an Inventory user holding
        none of our groups: the delivery confirms and triggers the part's orderpoint, as
        stock's own path does."""
        stock_user = new_test_user(
            self.env, login="plain_stock_user", groups="stock.group_stock_user"
        )
        picking = self.part_delivery(3.0, user=stock_user)
        calls, patched = self.procurements()
        with patched:
            picking.action_confirm()
        self.assertIn(picking.state, ("confirmed", "assigned"))
        self.assertEqual([orderpoints for orderpoints, _origins in calls], [self.orderpoint])
