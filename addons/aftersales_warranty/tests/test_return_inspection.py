from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .returns_common import ReturnsCase


@tagged("post_install", "-at_install")
class TestReturnInspection(ReturnsCase):
    """Each returned serial or quantity is inspected and its disposition moves it out of the
    returns location: restocked, refurbished, scrapped or sent back to the vendor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.refurbished = cls.env["product.product"].create(
            {
                "name": "Chiller CH-200 (Refurbished)",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 800.0,
                "standard_price": 450.0,
            }
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Chiller Works", "is_company": True})
        cls.vendor_returns = cls.env["res.partner"].create(
            {"name": "Chiller Works Returns", "parent_id": cls.vendor.id, "type": "delivery"}
        )
        cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.vendor.id,
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "aftersales_warranty_months": 24,
                "aftersales_reimburses": "both",
                "aftersales_return_partner_id": cls.vendor_returns.id,
                "aftersales_return_days": 15,
            }
        )

    def setUp(self):
        super().setUp()
        self.claim = self.executed_claim("replace")
        self.deliver_replacement(self.claim)
        self.receive_return(self.claim)
        self.inspection = self.claim.inspection_ids.with_user(self.warranty_user)
        self.lot = self.unit.lot_id

    def decide(self, finding, disposition, **values):
        self.inspection.write({"finding": finding, "disposition": disposition, **values})
        self.inspection.action_apply_disposition()
        self.assertEqual(self.inspection.state, "done")

    def test_back_to_sellable_stock_and_no_fault_found_feeds_the_claim(self):
        self.assertEqual(self.claim.outcome, "fixed")
        self.decide("no_fault_found", "restock")
        self.assertEqual(self.on_hand(self.returns, lot=self.lot), 0)
        self.assertEqual(self.quantity_in(self.warehouse.lot_stock_id, lot=self.lot), 1)
        self.assertEqual(self.claim.outcome, "no_fault_found")
        self.assertEqual(self.inspection.nff_rate, 100.0)
        self.assertEqual(self.inspection.inspected_by_id, self.warranty_user)

    def test_refurbished_goods_are_stocked_as_the_refurbished_version(self):
        with self.assertRaises(UserError):
            self.decide("fault_confirmed", "refurbish")
        self.product.aftersales_refurbished_product_id = self.refurbished
        self.decide("fault_confirmed", "refurbish")
        self.assertEqual(self.on_hand(self.returns, lot=self.lot), 0)
        self.assertEqual(self.on_hand(self.warehouse.lot_stock_id, lot=self.lot), 0)
        refurbished_lot = self.env["stock.lot"].search(
            [("product_id", "=", self.refurbished.id), ("name", "=", self.lot.name)]
        )
        self.assertEqual(
            self.quantity_in(self.warehouse.lot_stock_id, self.refurbished, refurbished_lot), 1
        )
        self.assertEqual(self.inspection.refurbished_value, 450.0)
        self.assertEqual(self.claim.outcome, "fixed")
        self.assertEqual(self.inspection.nff_rate, 0.0)

    def test_scrap_needs_a_reason_and_scraps_from_the_returns_location(self):
        with self.assertRaises(UserError):
            self.decide("customer_damage", "scrap")
        self.decide("customer_damage", "scrap", note="Housing cracked, liquid inside.")
        scrap = self.inspection.scrap_id
        self.assertEqual(scrap.state, "done")
        self.assertEqual(scrap.location_id, self.returns)
        self.assertEqual(scrap.lot_id, self.lot)
        self.assertEqual(self.on_hand(self.returns, lot=self.lot), 0)
        self.assertEqual(self.on_hand(scrap.scrap_location_id, lot=self.lot), 1)
        self.assertEqual(self.inspection.scrap_cost, 700.0)

    def test_return_to_vendor_ships_to_its_return_address_by_its_deadline(self):
        with self.assertRaises(UserError):  # no vendor recovery asks for the goods yet
            self.decide("fault_confirmed", "return_vendor")
        self.claim.action_propose_recovery()
        deadline = date.today() + timedelta(days=15)
        self.assertEqual(self.inspection.vendor_deadline, deadline)
        self.decide("fault_confirmed", "return_vendor")
        picking = self.inspection.picking_id
        self.assertEqual(picking.picking_type_code, "outgoing")
        self.assertEqual(picking.partner_id, self.vendor_returns)
        self.assertEqual(picking.location_id, self.returns)
        self.assertEqual(picking.location_dest_id.usage, "supplier")
        self.assertEqual(picking.move_ids.date_deadline.date(), deadline)
        self.assertEqual(picking.move_ids.move_line_ids.lot_id, self.lot)
        self.validate(picking)
        self.assertEqual(self.on_hand(self.returns, lot=self.lot), 0)

    def test_return_to_vendor_is_refused_after_the_vendors_deadline(self):
        self.claim.action_propose_recovery()
        self.inspection.write({"finding": "fault_confirmed", "disposition": "return_vendor"})
        with freeze_time(date.today() + timedelta(days=16)), self.assertRaises(UserError):
            self.inspection.action_apply_disposition()
        self.assertEqual(self.inspection.state, "to_inspect")

    def test_applying_twice_moves_the_goods_once(self):
        self.decide("fault_confirmed", "restock")
        with self.assertRaises(UserError):
            self.inspection.action_apply_disposition()
        self.assertEqual(len(self.inspection.move_ids), 1)
        self.assertEqual(self.quantity_in(self.warehouse.lot_stock_id, lot=self.lot), 1)

    def test_a_done_inspection_cannot_change(self):
        self.decide("fault_confirmed", "restock")
        with self.assertRaises(UserError):
            self.inspection.finding = "no_fault_found"
        with self.assertRaises(UserError):
            self.inspection.check_ids[:1].passed = True
        with self.assertRaises(AccessError):
            self.inspection.write({"state": "to_inspect"})
        with self.assertRaises(AccessError):
            self.inspection.write({"quantity": 5})

    def test_a_service_user_reads_but_does_not_decide(self):
        service_user = new_test_user(
            self.env, "ret_service", groups="aftersales_service.group_service_user"
        )
        inspection = self.inspection.with_user(service_user)
        self.assertEqual(inspection.product_id, self.product)
        with self.assertRaises(AccessError):
            inspection.write({"finding": "no_fault_found"})
        with self.assertRaises(AccessError):
            inspection.action_apply_disposition()

    def test_another_company_does_not_see_the_inspection(self):
        other_company = self.env["res.company"].create({"name": "Other Returns Co"})
        outsider = new_test_user(
            self.env,
            "ret_outsider",
            groups="aftersales_warranty.group_warranty_manager",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        Inspection = self.env["aftersales.return.inspection"].with_user(outsider)
        self.assertFalse(Inspection.search([("id", "=", self.inspection.id)]))
        with self.assertRaises(AccessError):
            Inspection.browse(self.inspection.id).read(["name"])

    def test_reporting_returns_by_disposition_scrap_cost_and_nff_rate_by_product(self):
        self.decide("no_fault_found", "restock")
        other = self.executed_claim("refund", unit=self.sell())
        self.receive_return(other)
        other.inspection_ids.write(
            {"finding": "fault_confirmed", "disposition": "scrap", "note": "Dead compressor."}
        )
        other.inspection_ids.action_apply_disposition()

        Inspection = self.env["aftersales.return.inspection"]
        domain = [("claim_id", "in", (self.claim | other).ids)]
        by_disposition = dict(Inspection._read_group(domain, ["disposition"], ["quantity:sum"]))
        self.assertEqual(by_disposition, {"restock": 1.0, "scrap": 1.0})
        [(product, scrap_cost, nff_rate)] = Inspection._read_group(
            domain, ["product_id"], ["scrap_cost:sum", "nff_rate:avg"]
        )
        self.assertEqual(product, self.product)
        self.assertEqual(scrap_cost, 700.0)
        self.assertEqual(nff_rate, 50.0)

    def test_a_warranty_user_without_stock_rights_inspects_and_applies(self):
        inspector = new_test_user(
            self.env, "ret_inspector", groups="aftersales_warranty.group_warranty_user"
        )
        inspection = self.inspection.with_user(inspector)
        [values] = self.read_as_the_web_client(inspection)
        self.assertEqual(values["lot_name"], self.lot.name)
        self.assertEqual(len(values["check_ids"]), 4)
        inspection.write({"finding": "fault_confirmed", "disposition": "restock"})
        inspection.action_apply_disposition()
        self.assertEqual(self.quantity_in(self.warehouse.lot_stock_id, lot=self.lot), 1)
        [values] = self.read_as_the_web_client(inspection)
        self.assertEqual(values["state"], "done")
        [values] = self.read_as_the_web_client(self.claim.with_user(inspector))
        self.assertEqual(values["return_state"], "received")
