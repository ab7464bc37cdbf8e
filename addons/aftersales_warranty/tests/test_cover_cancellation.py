from datetime import date, timedelta

from odoo import Command
from odoo.tests import new_test_user, tagged

from .contract_common import ServiceContractCase


@tagged("post_install", "-at_install")
class TestCoverCancellation(ServiceContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a salesman with none of our groups
        cls.salesman = new_test_user(
            cls.env, "as_plain_salesman", groups="sales_team.group_sale_salesman_all_leads"
        )
        cls.accountant = new_test_user(
            cls.env, "as_plain_accountant", groups="account.group_account_invoice"
        )
        extended_policy = cls.env["aftersales.warranty.policy"].create(
            {
                "name": "Chiller care +1 year",
                "kind": "extended",
                "duration": 12,
                "rule_set_id": cls.rule_set.id,
            }
        )
        cls.extension = cls.env["product.product"].create(
            {
                "name": "Chiller care +1 year",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 150.0,
                "aftersales_extended_policy_id": extended_policy.id,
            }
        )

    def sell_extension(self, unit):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.extension.id, "aftersales_equipment_id": unit.id}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        return order, unit.warranty_ids.filtered(lambda w: w.origin == "extended")

    def test_cancelling_the_sale_of_an_extended_warranty_ends_its_cover(self):
        unit = self.units[0]  # standard cover ended: the extension covers from today
        order, extended = self.sell_extension(unit)
        self.assertEqual(extended.state, "active")
        self.assertEqual(self.make_claim(unit).warranty_id, extended)
        order.with_user(self.salesman)._action_cancel()
        self.assertEqual(order.state, "cancel")
        # started today and cancelled today: it never covered anything
        self.assertTrue(extended.voided)
        self.assertEqual(unit.warranty_state, "none")
        self.assertIn(f"sale order {order.name} cancelled", unit.message_ids[:1].body)

    def test_cancelling_ends_cover_that_ran_from_the_cancellation_date(self):
        unit = self.units[0]
        order, extended = self.sell_extension(unit)
        extended.date_start = date.today() - timedelta(days=20)
        order.with_user(self.salesman)._action_cancel()
        self.assertFalse(extended.voided)
        self.assertEqual(extended.date_end, date.today() - timedelta(days=1))
        self.assertEqual(extended.state, "expired")
        self.assertFalse(self.make_claim(unit).warranty_id)

    def test_a_credit_note_for_the_warranty_ends_its_cover(self):
        unit = self.units[0]
        order, extended = self.sell_extension(unit)
        extended.date_start = date.today() - timedelta(days=5)
        invoice = order._create_invoices()
        invoice.action_post()
        refund = invoice._reverse_moves()
        refund.with_user(self.accountant).action_post()
        self.assertEqual(extended.date_end, date.today() - timedelta(days=1))
        self.assertIn(refund.name, unit.message_ids[:1].body)

    def test_cancelling_a_sale_that_granted_nothing_changes_nothing(self):
        unit = self.units[0]
        covered_order, extended = self.sell_extension(unit)
        other = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"product_id": self.contract_product.id})],
                }
            )
        )
        other.action_confirm()
        messages = unit.message_ids
        with self.assertQueryCount(__system__=30):
            other.with_user(self.salesman)._action_cancel()
        self.assertEqual(extended.state, "active")
        self.assertEqual(unit.message_ids, messages)

    def test_cancelling_the_sale_of_a_contract_ends_its_cover(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.contract_product.id})],
            }
        )
        order.action_confirm()
        contract = self.make_contract(
            start=date.today() - timedelta(days=10),
            aftersales_sale_line_id=order.order_line.id,
            aftersales_visits_per_year=4,
        )
        order.with_user(self.salesman)._action_cancel()
        self.assertEqual(contract.aftersales_cover_ended, date.today())
        for unit in self.units[:2]:
            cover = self.cover_of(unit, contract)
            self.assertEqual(cover.date_end, date.today() - timedelta(days=1))
            self.assertIn(order.name, unit.message_ids[:1].body)
        self.assertFalse(any(contract.aftersales_plan_ids.mapped("active")))
        self.assertEqual(contract.date_end, date.today() - timedelta(days=1))
        # the daily run does not give the units their cover back
        self.env["contract.contract"]._cron_aftersales_service_contracts()
        self.assertEqual(contract.aftersales_unit_count, 0)
