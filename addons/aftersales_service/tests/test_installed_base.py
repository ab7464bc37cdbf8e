from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import AftersalesServiceCase


@tagged("post_install", "-at_install")
class TestInstalledBase(AftersalesServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Cool Office Ltd", "is_company": True}
        )
        cls.customer_site = cls.env["res.partner"].create(
            {"name": "Cool Office, 3rd floor", "parent_id": cls.customer.id, "type": "delivery"}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Breeze Hotel", "is_company": True}
        )
        cls.air_conditioner = cls.env["product.product"].create(
            {
                "name": "Split air conditioner 12k BTU",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_track_installed_base": True,
            }
        )
        cls.serials = cls.env["stock.lot"].create(
            [{"name": f"AC-{n:04d}", "product_id": cls.air_conditioner.id} for n in (1, 2, 3)]
        )
        for serial in cls.serials:
            cls.env["stock.quant"]._update_available_quantity(
                cls.air_conditioner, cls.warehouse.lot_stock_id, 1, lot_id=serial
            )

    def deliver(self, serials, partner):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": partner.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.air_conditioner.id,
                            "product_uom_qty": len(serials),
                            "location_id": self.warehouse.lot_stock_id.id,
                            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.lot_ids = serials
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def return_to_stock(self, delivery):
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=delivery.id, active_ids=delivery.ids, active_model="stock.picking"
            )
        ).save()
        action = wizard.action_create_returns_all()
        receipt = self.env["stock.picking"].browse(action["res_id"])
        receipt.move_ids.lot_ids = delivery.move_ids.lot_ids
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
        return receipt

    def units(self):
        return self.env["aftersales.equipment"].search([("lot_id", "in", self.serials.ids)])

    def test_delivery_registers_one_unit_per_serial(self):
        delivery = self.deliver(self.serials, self.customer_site)
        units = self.units()
        self.assertEqual(len(units), 3)
        self.assertEqual(units.lot_id, self.serials)
        self.assertEqual(units.partner_id, self.customer, "owner is the commercial partner")
        self.assertEqual(units.site_partner_id, self.customer_site)
        self.assertEqual(units.delivery_move_id, delivery.move_ids)
        self.assertEqual(set(units.mapped("state")), {"in_service"})
        self.assertTrue(all(unit.delivery_date for unit in units))
        self.assertEqual(units.ownership_ids.partner_id, self.customer)

    def test_return_and_redelivery_do_not_duplicate_units(self):
        delivery = self.deliver(self.serials, self.customer_site)
        self.return_to_stock(delivery)
        self.deliver(self.serials, self.customer_site)
        self.assertEqual(len(self.units()), 3)

    def test_redelivery_to_another_customer_transfers_ownership(self):
        delivery = self.deliver(self.serials[:1], self.customer)
        self.return_to_stock(delivery)
        self.deliver(self.serials[:1], self.other_customer)
        unit = self.units()
        self.assertEqual(len(unit), 1)
        self.assertEqual(unit.partner_id, self.other_customer)
        history = unit.ownership_ids.sorted("id")
        self.assertEqual(history.partner_id, self.customer | self.other_customer)
        self.assertTrue(history[0].date_end)
        self.assertFalse(history[1].date_end)

    def test_untracked_products_register_nothing(self):
        self.air_conditioner.aftersales_track_installed_base = False
        self.deliver(self.serials, self.customer)
        self.assertFalse(self.units())

    def test_tracking_the_installed_base_needs_serial_numbers(self):
        with self.assertRaisesRegex(ValidationError, "unique serial number"):
            self.env["product.product"].create(
                {
                    "name": "Filter pack",
                    "is_storable": True,
                    "aftersales_track_installed_base": True,
                }
            )

    def test_a_serial_has_one_live_unit(self):
        vals = {"product_id": self.air_conditioner.id, "lot_id": self.serials[0].id}
        self.env["aftersales.equipment"].create(vals)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as duplicate:
            self.env["aftersales.equipment"].create(vals)
        # what a user sees in the form or an RPC caller in the error
        message = self.env["aftersales.equipment"]._sql_error_to_message(duplicate.exception)
        self.assertIn("already registered to another unit", message)

    def test_a_retired_and_archived_unit_frees_its_serial(self):
        vals = {"product_id": self.air_conditioner.id, "lot_id": self.serials[0].id}
        old = self.env["aftersales.equipment"].create(vals)
        old.write({"state": "retired", "active": False})
        self.assertTrue(self.env["aftersales.equipment"].create(vals))

    def test_installation_cannot_precede_delivery(self):
        unit = self.env["aftersales.equipment"].create(
            {
                "product_id": self.air_conditioner.id,
                "lot_id": self.serials[0].id,
                "delivery_date": date(2026, 3, 10),
            }
        )
        with self.assertRaisesRegex(ValidationError, "before its delivery"):
            unit.installation_date = date(2026, 3, 9)
        unit.installation_date = date(2026, 3, 10)
        self.assertEqual(unit.installation_date, date(2026, 3, 10))

    def test_serial_must_belong_to_the_product(self):
        other_product = self.env["product.product"].create(
            {"name": "Heat pump", "is_storable": True, "tracking": "serial"}
        )
        with self.assertRaisesRegex(ValidationError, "belongs to"):
            self.env["aftersales.equipment"].create(
                {"product_id": other_product.id, "lot_id": self.serials[0].id}
            )

    def test_lookup_by_serial_number(self):
        self.deliver(self.serials, self.customer)
        found = self.env["aftersales.equipment"].with_user(self.service_user).name_search("AC-0002")
        self.assertEqual([name for _id, name in found], [f"{self.air_conditioner.name} [AC-0002]"])

    def test_service_user_registers_units_but_only_managers_delete_them(self):
        unit = (
            self.env["aftersales.equipment"]
            .with_user(self.service_user)
            .create({"product_id": self.air_conditioner.id, "lot_id": self.serials[0].id})
        )
        with self.assertRaises(AccessError):
            unit.unlink()
        unit.with_user(self.service_manager).unlink()
        self.assertFalse(unit.exists())

    def test_units_of_another_company_are_invisible(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        other_user = new_test_user(
            self.env,
            "as_other_company_user",
            groups="aftersales_service.group_service_user",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self.env["aftersales.equipment"].create(
            {"product_id": self.air_conditioner.id, "lot_id": self.serials[0].id}
        )
        self.assertFalse(self.env["aftersales.equipment"].with_user(other_user).search([]))

    def test_request_counters_cost_one_query_for_many_units(self):
        lots = self.env["stock.lot"].create(
            [{"name": f"BULK-{n}", "product_id": self.air_conditioner.id} for n in range(50)]
        )
        units = self.env["aftersales.equipment"].create(
            [{"product_id": self.air_conditioner.id, "lot_id": lot.id} for lot in lots]
        )
        self.env["helpdesk.ticket"].create(
            [
                {"name": f"Noise {n}", "description": "Rattles", "equipment_id": units[n % 5].id}
                for n in range(20)
            ]
        )
        units.invalidate_recordset(["ticket_count"])
        with self.assertQueryCount(1):
            counts = units.mapped("ticket_count")
        self.assertEqual(sum(counts), 20)
        self.assertEqual(counts[:5], [4, 4, 4, 4, 4])

    def test_smart_button_lists_the_unit_requests(self):
        unit = self.env["aftersales.equipment"].create(
            {"product_id": self.air_conditioner.id, "lot_id": self.serials[0].id}
        )
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Leaks", "description": "Water drips", "equipment_id": unit.id}
        )
        action = unit.action_view_tickets()
        self.assertEqual(self.env["helpdesk.ticket"].search(action["domain"]), ticket)

    def test_csv_import_registers_units_and_refuses_a_bad_file_whole(self):
        fields = ["product_id", "lot_id", "partner_id", "installation_date"]
        good_row = [self.air_conditioner.name, "AC-0001", self.customer.name, "2026-05-04"]
        result = self.env["aftersales.equipment"].load(fields, [good_row])
        self.assertFalse(result["messages"])
        self.assertEqual(self.units().lot_id, self.serials[0])

        bad_rows = [
            [self.air_conditioner.name, "AC-0002", self.customer.name, "2026-05-04"],
            [self.air_conditioner.name, "NO-SUCH-SERIAL", self.customer.name, "2026-05-04"],
        ]
        result = self.env["aftersales.equipment"].load(fields, bad_rows)
        self.assertFalse(result["ids"])
        errors = result["messages"]
        self.assertEqual({(error["type"], error["record"]) for error in errors}, {("error", 1)})
        self.assertIn("NO-SUCH-SERIAL", errors[0]["message"])
        self.assertEqual(self.units().lot_id, self.serials[0], "the good row was not kept either")

    def test_installed_base_counts_by_region(self):
        vietnam, malaysia = self.env.ref("base.vn"), self.env.ref("base.my")
        hanoi_site = self.env["res.partner"].create(
            {"name": "Hanoi office", "parent_id": self.customer.id, "country_id": vietnam.id}
        )
        self.other_customer.country_id = malaysia
        units = self.env["aftersales.equipment"].create(
            [
                {
                    "product_id": self.air_conditioner.id,
                    "lot_id": self.serials[0].id,
                    "partner_id": self.customer.id,
                    "site_partner_id": hanoi_site.id,
                },
                {
                    "product_id": self.air_conditioner.id,
                    "lot_id": self.serials[1].id,
                    "partner_id": self.customer.id,
                    "site_partner_id": hanoi_site.id,
                },
                {
                    "product_id": self.air_conditioner.id,
                    "lot_id": self.serials[2].id,
                    "partner_id": self.other_customer.id,
                },
            ]
        )
        counts = dict(
            self.env["aftersales.equipment"]._read_group(
                [("id", "in", units.ids)], ["country_id"], ["__count"]
            )
        )
        self.assertEqual(counts, {vietnam: 2, malaysia: 1})
