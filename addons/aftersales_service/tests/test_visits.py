from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import AftersalesServiceCase


@tagged("post_install", "-at_install")
class TestVisits(AftersalesServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.van = cls.env["stock.location"].create(
            {"name": "Van 1", "usage": "internal", "location_id": cls.warehouse.view_location_id.id}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Cool Office Ltd", "is_company": True}
        )
        cls.air_conditioner = cls.env["product.product"].create(
            {"name": "Split AC", "is_storable": True, "tracking": "serial"}
        )
        cls.unit = cls.env["aftersales.equipment"].create(
            {
                "product_id": cls.air_conditioner.id,
                "lot_id": cls.env["stock.lot"]
                .create({"name": "AC-9", "product_id": cls.air_conditioner.id})
                .id,
                "partner_id": cls.customer.id,
                "delivery_date": date(2026, 3, 2),
            }
        )
        cls.filter_part = cls.env["product.product"].create(
            {"name": "Air filter", "is_storable": True}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.filter_part, cls.van, 10)

    def plan_visit(self, **vals):
        return (
            self.env["aftersales.visit"]
            .with_user(self.service_user)
            .create(
                {
                    "equipment_id": self.unit.id,
                    "technician_id": self.service_user.id,
                    "planned_start": datetime(2026, 3, 5, 9, 0),
                    "planned_end": datetime(2026, 3, 5, 11, 30),
                    "location_id": self.van.id,
                    **vals,
                }
            )
        )

    def test_visit_takes_customer_from_the_unit_and_a_number(self):
        visit = self.plan_visit()
        self.assertEqual(visit.partner_id, self.customer)
        self.assertTrue(visit.name.startswith("VIS/"))
        self.assertEqual(visit.duration, 2.5)
        self.assertEqual(self.unit.visit_count, 1)

    def test_the_calendar_labels_a_visit_with_customer_unit_and_type(self):
        visit = self.plan_visit(visit_type="maintenance")
        self.assertEqual(visit.calendar_label, "Cool Office Ltd · AC-9 · Maintenance")
        vietnamese = visit.with_context(lang="vi_VN")
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env["ir.module.module"]._load_module_terms(["aftersales_service"], ["vi_VN"])
        self.assertNotIn("Maintenance", vietnamese.calendar_label)
        arch = self.env["aftersales.visit"].get_view(view_type="calendar")["arch"]
        self.assertIn('create_name_field="calendar_label"', arch)

    def test_parts_used_become_done_moves_out_of_the_service_location(self):
        visit = self.plan_visit(
            part_line_ids=[Command.create({"product_id": self.filter_part.id, "quantity": 2})]
        )
        visit.action_start()
        visit.action_done()
        move = visit.move_ids
        self.assertEqual(move.state, "done")
        self.assertEqual(move.location_id, self.van)
        self.assertEqual(move.location_dest_id, self.env.ref("stock.stock_location_customers"))
        self.assertEqual(move.quantity, 2)
        self.assertEqual(visit.part_line_ids.move_id, move)
        self.assertEqual(self.filter_part.with_context(location=self.van.id).qty_available, 8)

    def test_closing_twice_consumes_parts_once(self):
        visit = self.plan_visit(
            part_line_ids=[Command.create({"product_id": self.filter_part.id, "quantity": 1})]
        )
        visit.action_done()
        with self.assertRaisesRegex(UserError, "cannot be closed"):
            visit.action_done()
        self.assertEqual(len(visit.move_ids), 1)
        self.assertEqual(self.filter_part.with_context(location=self.van.id).qty_available, 9)

    def test_negative_part_quantity_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            self.plan_visit(
                part_line_ids=[Command.create({"product_id": self.filter_part.id, "quantity": -1})]
            )

    def test_tracked_parts_need_their_serial(self):
        compressor = self.env["product.product"].create(
            {"name": "Compressor", "is_storable": True, "tracking": "serial"}
        )
        with self.assertRaisesRegex(ValidationError, "say which lot or serial"):
            self.plan_visit(part_line_ids=[Command.create({"product_id": compressor.id})])

    @freeze_time("2026-03-05 11:30:00")
    def test_completing_an_installation_sets_the_unit_installation(self):
        visit = self.plan_visit(visit_type="installation")
        visit.action_start()
        visit.action_done()
        self.assertEqual(self.unit.installation_date, date(2026, 3, 5))
        self.assertEqual(self.unit.installer_id, self.service_user.partner_id)
        self.assertEqual(visit.actual_end, datetime(2026, 3, 5, 11, 30))

    @freeze_time("2026-03-01 10:00:00")
    def test_installation_before_delivery_is_refused(self):
        visit = self.plan_visit(visit_type="installation")
        with self.assertRaisesRegex(ValidationError, "before its delivery"):
            visit.action_done()

    def test_visit_cannot_end_before_it_starts(self):
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self.plan_visit(planned_end=datetime(2026, 3, 5, 8, 0))

    def test_done_visits_are_kept(self):
        visit = self.plan_visit()
        visit.action_done()
        with self.assertRaisesRegex(UserError, "keep it"):
            visit.with_user(self.service_manager).unlink()

    def test_state_and_times_change_only_through_the_buttons(self):
        """Writing a visit done would skip its parts consumption: only its actions may."""
        visit = self.plan_visit(
            part_line_ids=[Command.create({"product_id": self.filter_part.id, "quantity": 1})]
        )
        forged = {
            "state": "done",
            "actual_start": datetime(2026, 3, 5, 9, 0),
            "actual_end": datetime(2026, 3, 5, 10, 0),
        }
        for user in (self.service_user, self.service_manager):
            for field, value in forged.items():
                with self.assertRaisesRegex(AccessError, "only through its buttons"):
                    visit.with_user(user).write({field: value})
        self.assertEqual(visit.state, "planned")
        self.assertFalse(visit.part_line_ids.move_id)
        visit.action_done()
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.part_line_ids.move_id.state, "done")

    def test_signing_off_records_when(self):
        visit = self.plan_visit()
        self.assertFalse(visit.signed_on)
        visit.write({"signed_by": "J. Tan", "signature": self.env.company.logo})
        self.assertTrue(visit.signed_on)
        signed_on_site = self.plan_visit(signed_by="J. Tan", signature=self.env.company.logo)
        self.assertTrue(signed_on_site.signed_on)

    def test_request_plans_a_visit_with_its_unit(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Not cooling",
                "description": "x",
                "request_type": "maintenance",
                "equipment_id": self.unit.id,
            }
        )
        action = ticket.action_plan_visit()
        form = Form(self.env["aftersales.visit"].with_context(**action["context"]))
        visit = form.save()
        self.assertEqual(visit.ticket_id, ticket)
        self.assertEqual(visit.equipment_id, self.unit)
        self.assertEqual(visit.visit_type, "maintenance")
        self.assertEqual(visit.partner_id, self.customer)
        self.assertEqual(ticket.visit_count, 1)
