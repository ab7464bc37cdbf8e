from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import WarrantyCase


@tagged("post_install", "-at_install")
class TestSupplierRecovery(WarrantyCase):
    """Claim -> vendor recovery -> vendor credit note -> recovery rate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit_vendor = cls.env["res.partner"].create(
            {"name": "Chiller Works", "is_company": True}
        )
        cls.unit_vendor_returns = cls.env["res.partner"].create(
            {"name": "Chiller Works Returns", "parent_id": cls.unit_vendor.id, "type": "delivery"}
        )
        cls.part_vendor = cls.env["res.partner"].create(
            {"name": "Compressor Co", "is_company": True}
        )
        cls.fan = cls.env["product.product"].create(
            {"name": "Fan F-1", "is_storable": True, "standard_price": 10.0}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.fan, cls.warehouse.lot_stock_id, 10)
        cls.unit_terms = cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.unit_vendor.id,
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "aftersales_warranty_months": 24,
                "aftersales_reimburses": "both",
                "aftersales_labour_rate": 40.0,
                "aftersales_return_partner_id": cls.unit_vendor_returns.id,
                "aftersales_return_instructions": "RMA number on the box.",
                "aftersales_return_days": 15,
            }
        )
        cls.part_terms = cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.part_vendor.id,
                "product_tmpl_id": cls.part.product_tmpl_id.id,
                "aftersales_warranty_months": 12,
                "aftersales_reimburses": "parts",
                "aftersales_return_days": 30,
            }
        )
        # the fan's own vendor covers one month only: at 100 days it is out of that warranty
        cls.fan_terms = cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.part_vendor.id,
                "product_tmpl_id": cls.fan.product_tmpl_id.id,
                "aftersales_warranty_months": 1,
                "aftersales_reimburses": "parts",
            }
        )

    def setUp(self):
        super().setUp()
        self.unit = self.sell(price=1000.0)
        self.unit.delivery_date = date.today() - timedelta(days=100)

    def repaired_claim(self):
        claim = self.make_claim(
            self.unit,
            labour_cost=80.0,
            part_ids=[
                Command.create({"product_id": self.part.id, "quantity": 1}),
                Command.create({"product_id": self.fan.id, "quantity": 2}),
            ],
        )
        return self.repair(claim)

    def analysis(self, vendor=None):
        domain = [("partner_id", "=", vendor.id)] if vendor else []
        domain.append(("partner_id", "in", (self.unit_vendor | self.part_vendor).ids))
        (row,) = self.env["aftersales.recovery.analysis"]._read_group(
            domain, [], ["amount_claimed:sum", "amount_settled:sum", "rate:sum"]
        )
        return row

    def test_recovery_end_to_end_from_claim_to_recovery_rate(self):
        claim = self.repaired_claim()
        action = claim.action_propose_recovery()
        self.assertEqual(action["res_model"], "aftersales.recovery")
        self.assertEqual(claim.recovery_count, 2)
        by_vendor = {recovery.partner_id: recovery for recovery in claim.recovery_ids}

        # the compressor is under its own vendor's 12 months: parts at cost, no labour
        part_recovery = by_vendor[self.part_vendor]
        self.assertEqual(part_recovery.line_ids.product_id, self.part)
        self.assertEqual(part_recovery.line_ids.deadline, date.today() + timedelta(days=30))
        self.assertTrue(part_recovery.line_ids.send_back)
        self.assertEqual(part_recovery.amount_claimed, 150.0)

        # the fan is past its own vendor's month, so the unit's vendor (24 months) pays it,
        # with the labour at the agreed rate
        unit_recovery = by_vendor[self.unit_vendor]
        self.assertEqual(unit_recovery.line_ids.product_id, self.fan)
        self.assertEqual(unit_recovery.line_ids.deadline, date.today() + timedelta(days=15))
        self.assertEqual(unit_recovery.return_partner_id, self.unit_vendor_returns)
        self.assertEqual(unit_recovery.return_instructions, "RMA number on the box.")
        self.assertEqual(unit_recovery.labour_rate, 40.0)
        unit_recovery.with_user(self.warranty_user).labour_hours = 2.0
        self.assertEqual(unit_recovery.parts_amount, 20.0)
        self.assertEqual(unit_recovery.amount_claimed, 100.0)  # 2 x 10 + 2 h x 40

        recoveries = (part_recovery | unit_recovery).with_user(self.warranty_user)
        recoveries.action_send()
        self.assertEqual(set(recoveries.mapped("state")), {"sent"})

        part_recovery.with_user(self.warranty_user).action_accept()
        unit_recovery.with_user(self.warranty_user).amount_accepted = 60.0
        unit_recovery.with_user(self.warranty_user).action_partial()
        self.assertEqual(part_recovery.state, "accepted")
        self.assertEqual(unit_recovery.state, "partial")
        for recovery, accepted in ((part_recovery, 150.0), (unit_recovery, 60.0)):
            note = recovery.credit_note_id
            self.assertEqual(note.move_type, "in_refund")
            self.assertEqual(note.state, "draft")
            self.assertEqual(note.partner_id, recovery.partner_id)
            self.assertEqual(note.amount_total, accepted)

        # nothing settled yet: the recovery rate counts only posted credit notes
        self.assertEqual(self.analysis()[2], 0.0)

        recoveries.credit_note_id.with_user(self.warranty_user).action_post()
        self.assertEqual(set(recoveries.mapped("state")), {"settled"})
        self.assertEqual(part_recovery.amount_settled, 150.0)
        self.assertEqual(unit_recovery.amount_settled, 60.0)

        claimed, settled, rate = self.analysis(self.unit_vendor)
        self.assertEqual((claimed, settled), (100.0, 60.0))
        self.assertAlmostEqual(rate, 60.0)
        self.assertAlmostEqual(self.analysis(self.part_vendor)[2], 100.0)
        # all vendors: 210 settled out of 250 claimed, not the average of the two rates
        self.assertAlmostEqual(self.analysis()[2], 84.0)

    def test_state_and_settlement_change_only_through_the_buttons(self):
        recovery = self.repaired_claim()._propose_recoveries()[:1]
        for user in (self.warranty_user, self.warranty_manager):
            for vals in ({"state": "settled"}, {"amount_settled": 1.0}, {"credit_note_id": 1}):
                with self.assertRaisesRegex(AccessError, "only through its buttons"):
                    recovery.with_user(user).write(vals)
        self.assertEqual((recovery.state, recovery.amount_settled), ("draft", 0.0))
        recovery.with_user(self.warranty_user).action_send()
        self.assertEqual(recovery.state, "sent")
        with self.assertRaises(AccessError):
            recovery.with_user(self.service_user).action_cancel()
        self.assertEqual(recovery.state, "sent")

    def test_proposal_is_idempotent_until_cancelled(self):
        claim = self.repaired_claim()
        first = claim._propose_recoveries()
        self.assertEqual(len(first), 2)
        self.assertFalse(claim._propose_recoveries())
        self.assertEqual(claim.recovery_count, 2)
        cancelled = first.filtered(lambda r: r.partner_id == self.part_vendor)
        cancelled.action_cancel()
        second = claim._propose_recoveries()
        self.assertEqual(second.partner_id, self.part_vendor)
        self.assertEqual(claim.recovery_count, 3)

    def test_goods_outside_the_vendor_warranty_are_not_proposed(self):
        # the unit's vendor only covers two months: at 100 days neither it nor the fan's
        # vendor pays; the compressor's 12 months still run
        self.unit_terms.aftersales_warranty_months = 2
        claim = self.repaired_claim()
        recovery = claim._propose_recoveries()
        self.assertEqual(recovery.partner_id, self.part_vendor)
        self.assertEqual(recovery.line_ids.product_id, self.part)
        other = self.repair(self.make_claim(self.sell()))
        other.equipment_id.delivery_date = date.today() - timedelta(days=200)
        with self.assertRaisesRegex(UserError, "No vendor warranty"):
            other.action_propose_recovery()

    def test_only_claims_in_progress_or_done_are_recovered(self):
        claim = self.make_claim(self.unit)
        with self.assertRaises(UserError):
            claim._propose_recoveries()
        self.assertFalse(claim.recovery_ids)

    def test_access_rights(self):
        recovery = self.repaired_claim().with_user(self.warranty_user)._propose_recoveries()[:1]
        self.assertTrue(recovery.with_user(self.service_user).amount_claimed >= 0)
        with self.assertRaises(AccessError):
            recovery.with_user(self.service_user).labour_hours = 1.0
        with self.assertRaises(AccessError):
            recovery.with_user(self.warranty_user).unlink()
        other_company = self.env["res.company"].create({"name": "Other Co (recovery)"})
        self.warranty_user.company_ids |= other_company
        self.assertEqual(
            self.env["aftersales.recovery"]
            .with_user(self.warranty_user)
            .with_company(other_company)
            .with_context(allowed_company_ids=[other_company.id])
            .search_count([("id", "=", recovery.id)]),
            0,
        )
        recovery.with_user(self.warranty_manager).unlink()
        self.assertFalse(recovery.exists())

    def test_a_replaced_unit_goes_back_to_its_vendor_at_cost(self):
        claim = self.make_claim(self.unit, requested_remedy="replace", decision="replace")
        self.approve_and_execute(claim)
        recovery = claim._propose_recoveries()
        self.assertEqual(recovery.partner_id, self.unit_vendor)
        self.assertEqual(recovery.line_ids.product_id, self.product)
        self.assertTrue(recovery.line_ids.send_back)
        self.assertEqual(recovery.amount_claimed, 700.0)  # the unit's cost, no labour entered

    def test_recovery_menus_show_to_warranty_users(self):
        menus = self.visible_menu_xmlids(self.warranty_user)
        self.assertIn("aftersales_warranty.menu_warranty_recoveries", menus)
        self.assertIn("aftersales_warranty.menu_warranty_recovery_analysis", menus)
