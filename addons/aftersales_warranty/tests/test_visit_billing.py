from datetime import datetime, timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron

from .service_revenue_common import ServiceRevenueCase


@tagged("post_install", "-at_install")
class TestVisitBilling(ServiceRevenueCase):
    def run_daily_job(self):
        # outside a cron run _commit_progress commits; the test transaction must not
        with patch.object(IrCron, "_commit_progress", return_value=60.0):
            self.env["aftersales.visit"]._cron_aftersales_invoice_visits()

    def test_billable_visit_is_invoiced_once(self):
        visit = self.done_visit(self.out_of_cover_unit(), datetime(2026, 3, 2, 8), km=30.0)
        self.assertEqual(visit.aftersales_billing_state, "to_invoice")
        invoice = visit.action_aftersales_invoice()
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.invoice_line_ids.aftersales_visit_id, visit)
        by_product = {line.product_id: line for line in invoice.invoice_line_ids}
        self.assertEqual(
            (by_product[self.labour].quantity, by_product[self.labour].price_unit), (2.0, 80.0)
        )
        self.assertEqual(
            (by_product[self.travel].quantity, by_product[self.travel].price_unit), (30.0, 1.0)
        )
        self.assertEqual(
            (by_product[self.part].quantity, by_product[self.part].price_unit), (1.0, 200.0)
        )
        self.assertAlmostEqual(invoice.amount_untaxed, 160.0 + 30.0 + 200.0)
        self.assertEqual(visit.aftersales_billing_state, "invoiced")
        # a second click, or the daily job, makes no second invoice
        self.assertFalse(visit.action_aftersales_invoice())
        self.run_daily_job()
        self.assertEqual(
            self.env["account.move.line"].search_count([("aftersales_visit_id", "=", visit.id)]),
            3,
        )

    def test_parts_billed_are_the_consumed_ones(self):
        visit = self.done_visit(self.out_of_cover_unit(), datetime(2026, 3, 2, 8), parts=2.0)
        consumed = visit.move_ids.filtered(lambda m: m.state == "done")
        self.assertEqual(sum(consumed.mapped("quantity")), 2.0)
        invoice = visit.action_aftersales_invoice()
        part_line = invoice.invoice_line_ids.filtered(lambda line: line.product_id == self.part)
        self.assertEqual(part_line.quantity, 2.0)

    def test_covered_visit_is_not_invoiced(self):
        unit = self.covered_unit()
        visit = self.done_visit(unit, datetime.now() - timedelta(days=1))
        self.assertEqual(visit.aftersales_billing_state, "covered")
        self.assertFalse(visit.action_aftersales_invoice())
        self.assertFalse(visit.aftersales_invoice_line_ids)

    def test_partly_covered_visit_invoices_the_uncovered_travel(self):
        # the policy covers parts and labour in full, travel at 50 %
        visit = self.done_visit(self.covered_unit(), datetime.now() - timedelta(days=1), km=40.0)
        invoice = visit.action_aftersales_invoice()
        self.assertAlmostEqual(invoice.amount_untaxed, 40.0 * 0.5)
        labour = invoice.invoice_line_ids.filtered(lambda line: line.product_id == self.labour)
        self.assertEqual(labour.discount, 100.0)

    def test_visits_grouped_per_customer_and_month(self):
        self.company.aftersales_visit_invoicing = "month"
        unit = self.out_of_cover_unit()
        other_unit = self.out_of_cover_unit(self.other_customer)
        march = self.done_visit(unit, datetime(2026, 3, 2, 8))
        march |= self.done_visit(unit, datetime(2026, 3, 20, 8))
        april = self.done_visit(unit, datetime(2026, 4, 1, 8))
        other = self.done_visit(other_unit, datetime(2026, 3, 3, 8))
        invoices = (march | april | other).action_aftersales_invoice()
        self.assertEqual(len(invoices), 3)
        self.assertEqual(
            march.aftersales_invoice_line_ids.move_id.ids,
            march[0].aftersales_invoice_line_ids.move_id.ids,
        )
        self.assertEqual(len(march.aftersales_invoice_line_ids.move_id), 1)
        self.assertEqual(other.aftersales_invoice_line_ids.move_id.partner_id, self.other_customer)

    def test_daily_job_invoices_from_the_billing_start(self):
        old = self.done_visit(self.out_of_cover_unit(), datetime(2026, 1, 5, 8))
        new = self.done_visit(self.out_of_cover_unit(), datetime(2026, 3, 5, 8))
        self.company.aftersales_visit_billing_from = "2026-03-01"
        self.run_daily_job()
        self.assertTrue(new.aftersales_invoice_line_ids)
        self.assertFalse(old.aftersales_invoice_line_ids)

    def test_campaign_and_unfinished_visits_are_not_invoiced(self):
        planned = self.env["aftersales.visit"].create({"equipment_id": self.out_of_cover_unit().id})
        self.assertEqual(planned.aftersales_billing_state, "open")
        self.assertFalse(planned.action_aftersales_invoice())

    def test_only_billing_users_invoice_visits(self):
        visit = self.done_visit(self.out_of_cover_unit(), datetime(2026, 3, 2, 8))
        with self.assertRaises(AccessError):
            visit.with_user(self.service_user).action_aftersales_invoice()
        self.assertFalse(visit.aftersales_invoice_line_ids)

    def test_technicians_open_visits_without_billing_rights(self):
        visit = self.done_visit(self.out_of_cover_unit(), datetime(2026, 3, 2, 8), km=5.0)
        data = self.read_as_the_web_client(visit.with_user(self.service_user))
        self.assertEqual(data[0]["aftersales_travel_distance"], 5.0)
        self.assertNotIn("aftersales_billing_state", data[0])
