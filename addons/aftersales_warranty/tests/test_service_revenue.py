from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .service_revenue_common import ServiceRevenueCase


@tagged("post_install", "-at_install")
class TestServiceRevenue(ServiceRevenueCase):
    """A constructed set of posted invoices, its figures computed by hand (no taxes; cost
    from the products' cost, as no category values stock in real time):

    ========== ========================================== ======= ====== ======
    stream     what                                       revenue cost   margin
    ========== ========================================== ======= ====== ======
    repair     part 200 + 2 h x 80 + 30 km x 1            390     212    178
               (cost 150 + 2 x 25 + 30 x 0.4)
    visit      1 h x 80 + 10 km x 1 (cost 25 + 10 x 0.4)  90      29     61
    contract   one month at 100 (cost 0)                  100     0      100
    extended   extended warranty 300 (cost 50)            300     50     250
    parts      2 parts x 220 less 1 refunded (cost 150)   220     150    70
    ========== ========================================== ======= ====== ======

    The chiller sold (a unit of the installed base) and a draft invoice are not counted.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.extended_policy = cls.env["aftersales.warranty.policy"].create(
            {
                "name": "Extended 12 months",
                "kind": "extended",
                "duration": 12,
                "rule_set_id": cls.rule_set.id,
            }
        )
        cls.extended = cls.env["product.product"].create(
            {
                "name": "Extended warranty +1 year",
                "type": "service",
                "list_price": 300.0,
                "standard_price": 50.0,
                "aftersales_extended_policy_id": cls.extended_policy.id,
                "taxes_id": [Command.clear()],
            }
        )
        cls.maintenance = cls.env["product.product"].create(
            {
                "name": "Maintenance contract (month)",
                "type": "service",
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
            }
        )

    def post_invoice(self, lines, partner=None, move_type="out_invoice", day=None):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": (partner or self.customer).id,
                "invoice_date": day or date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": quantity,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for product, quantity, price in lines
                ],
            }
        )
        move.action_post()
        return move

    def build_the_set(self):
        repair = self.paid_repair(self.out_of_cover_unit())
        repair.action_aftersales_quote()
        order = repair.sale_order_id
        order.action_confirm()
        order._create_invoices().action_post()

        visit = self.done_visit(
            self.out_of_cover_unit(self.other_customer),
            datetime(2026, 3, 2, 8),
            hours=1.0,
            km=10.0,
            parts=0.0,
        )
        visit.action_aftersales_invoice().action_post()

        contract = self.env["contract.contract"].create(
            {
                "name": "Chiller care",
                "partner_id": self.other_customer.id,
                "line_recurrence": True,
                "contract_line_ids": [
                    Command.create(
                        {
                            "product_id": self.maintenance.id,
                            "name": "Maintenance #START# - #END#",
                            "quantity": 1,
                            "uom_id": self.maintenance.uom_id.id,
                            "price_unit": 100.0,
                            "recurring_rule_type": "monthly",
                            "recurring_interval": 1,
                            "date_start": date(2026, 3, 1),
                            "recurring_next_date": date(2026, 3, 1),
                        }
                    )
                ],
            }
        )
        contract_invoice = contract.recurring_create_invoice()
        contract_invoice.invoice_line_ids.tax_ids = False
        contract_invoice.action_post()

        self.post_invoice([(self.extended, 1, 300.0)])
        self.post_invoice([(self.part, 2, 220.0)], day=date(2026, 2, 10))
        self.post_invoice([(self.part, 1, 220.0)], move_type="out_refund", day=date(2026, 2, 20))
        self.post_invoice([(self.product, 1, 1200.0)])  # a unit sale: not service revenue
        self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create({"product_id": self.part.id, "quantity": 5, "price_unit": 1.0})
                ],
            }
        )  # a draft: not counted

    def test_figures_by_stream(self):
        self.build_the_set()
        Report = self.env["aftersales.service.revenue"]
        rows = {
            stream: (revenue, cost, margin)
            for stream, revenue, cost, margin in Report._read_group(
                [], ["stream"], ["revenue:sum", "cost:sum", "margin:sum"]
            )
        }
        expected = {
            "repair": (390.0, 212.0, 178.0),
            "visit": (90.0, 29.0, 61.0),
            "contract": (100.0, 0.0, 100.0),
            "extended": (300.0, 50.0, 250.0),
            "parts": (220.0, 150.0, 70.0),
        }
        self.assertEqual(set(rows), set(expected))
        for stream, figures in expected.items():
            for got, want in zip(rows[stream], figures, strict=True):
                self.assertAlmostEqual(got, want, places=2, msg=stream)
        # a group's margin rate is its margin over its revenue, not an average of lines
        [(rate,)] = Report._read_group([("stream", "=", "parts")], [], ["margin_percent:avg"])
        self.assertAlmostEqual(rate, 100.0 * 70.0 / 220.0, places=2)

    def test_figures_by_customer_product_and_month(self):
        self.build_the_set()
        Report = self.env["aftersales.service.revenue"]
        by_customer = dict(Report._read_group([], ["partner_id"], ["revenue:sum"]))
        self.assertAlmostEqual(by_customer[self.customer], 390.0 + 300.0 + 220.0)
        self.assertAlmostEqual(by_customer[self.other_customer], 90.0 + 100.0)
        by_product = dict(Report._read_group([], ["product_id"], ["cost:sum"]))
        self.assertAlmostEqual(by_product[self.labour], 2 * 25.0 + 25.0)
        self.assertAlmostEqual(by_product[self.part], 150.0 + 150.0)
        february = dict(
            Report._read_group([("stream", "=", "parts")], ["date:month"], ["revenue:sum"])
        )
        self.assertEqual(len(february), 1)
        self.assertAlmostEqual(next(iter(february.values())), 220.0)

    def test_only_managers_and_accountants_read_it(self):
        self.build_the_set()
        Report = self.env["aftersales.service.revenue"]
        self.assertTrue(Report.with_user(self.warranty_manager).search_count([]))
        with self.assertRaises(AccessError):
            Report.with_user(self.warranty_user).search([])
        other_company = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(
            self.env,
            "as_revenue_outsider",
            groups="aftersales_warranty.group_warranty_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self.assertFalse(Report.with_user(outsider).search_count([]))
