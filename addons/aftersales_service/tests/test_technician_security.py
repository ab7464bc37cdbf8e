from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .test_technician_stock import TechnicianStockCase


@tagged("post_install", "-at_install")
class TestTechnicianAccess(TechnicianStockCase):
    def test_technicians_see_only_their_own_visits_and_parts(self):
        own = self.plan_visit()
        other = self.plan_visit(technician_user=self.tech_user_2)
        Visit = self.env["aftersales.visit"].with_user(self.tech_user)
        self.assertEqual(Visit.search([("id", "in", (own | other).ids)]), own)
        with self.assertRaises(AccessError):
            other.with_user(self.tech_user).read(["name"])
        Part = self.env["aftersales.visit.part"].with_user(self.tech_user)
        self.assertEqual(Part.search([("visit_id", "in", (own | other).ids)]), own.part_line_ids)
        with self.assertRaises(AccessError):
            other.with_user(self.tech_user).write({"report": "<p>Done</p>"})

    def test_service_users_see_every_technicians_visits(self):
        visits = self.plan_visit() | self.plan_visit(technician_user=self.tech_user_2)
        Visit = self.env["aftersales.visit"].with_user(self.service_user)
        self.assertEqual(Visit.search([("id", "in", visits.ids)]), visits)
        self.assertTrue(self.service_user.has_group("aftersales_service.group_service_technician"))

    def test_a_technician_uses_parts_and_closes_their_visit(self):
        self.put(self.filter_part, self.van, 3)
        visit = self.plan_visit()
        visit.action_reserve_parts()
        mine = visit.with_user(self.tech_user)
        mine.part_line_ids.filtered(lambda line: line.product_id == self.filter_part).quantity = 2
        mine.write({"signed_by": "K. Lim", "signature": self.env.company.logo})
        mine.action_start()
        mine.action_done()
        self.assertEqual(visit.state, "done")
        self.assertEqual(self.on_hand_in(self.filter_part, self.van), 1)

    def test_a_technician_cannot_plan_visits_or_reserve_others(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.visit"].with_user(self.tech_user).create(
                {"equipment_id": self.unit.id}
            )
        other = self.plan_visit(technician_user=self.tech_user_2)
        with self.assertRaises(AccessError):
            other.with_user(self.tech_user).action_reserve_parts()

    def test_technicians_see_their_own_profile_and_van(self):
        Technician = self.env["aftersales.technician"].with_user(self.tech_user)
        self.assertEqual(Technician.search([]), self.technician)
        with self.assertRaises(AccessError):
            self.technician.with_user(self.tech_user).write({"active": False})
        with self.assertRaises(AccessError):
            self.technician.with_user(self.tech_user).action_create_location()
        stock = self.technician.with_user(self.tech_user).action_view_van_stock()
        self.assertEqual(stock["domain"], [("location_id", "=", self.van.id)])
        self.put(self.filter_part, self.van, 4)
        quants = self.env["stock.quant"].with_user(self.tech_user).search(stock["domain"])
        self.assertEqual(quants.product_id, self.filter_part)

    def test_only_service_managers_create_technicians(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.technician"].with_user(self.service_user).create(
                {"user_id": self.internal_user.id, "warehouse_id": self.warehouse.id}
            )

    def test_technicians_are_kept_per_company(self):
        other_company = self.env["res.company"].create({"name": "Aftersales SG"})
        other_warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", other_company.id)], limit=1
        )
        manager_sg = new_test_user(
            self.env,
            "as_tech_manager_sg",
            groups="aftersales_service.group_service_manager",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        technician_sg = (
            self.env["aftersales.technician"]
            .with_user(manager_sg)
            .with_company(other_company)
            .create({"user_id": self.tech_user.id, "warehouse_id": other_warehouse.id})
        )
        technician_sg.action_create_location()
        self.assertEqual(technician_sg.location_id.company_id, other_company)
        self.assertEqual(technician_sg.location_id.warehouse_id, other_warehouse)
        Technician = self.env["aftersales.technician"].with_user(manager_sg)
        self.assertEqual(Technician.search([]), technician_sg)
        self.assertNotIn(
            technician_sg,
            self.env["aftersales.technician"].with_user(self.service_manager).search([]),
        )
        visit_sg = (
            self.env["aftersales.visit"]
            .with_user(manager_sg)
            .with_company(other_company)
            .create({"technician_id": self.tech_user.id})
        )
        self.assertEqual(visit_sg.location_id, technician_sg.location_id)
        with self.assertRaises(AccessError):
            visit_sg.with_user(self.service_user).read(["name"])

    def test_a_technician_answers_the_checklist_and_reads_the_counter_of_their_visit(self):
        self.env["aftersales.visit.checklist.item"].create(
            {"name": "Pressure checked", "visit_type": "repair"}
        )
        self.unit.counter_kind = "hours"
        own = self.plan_visit(visit_type="repair")
        other = self.plan_visit(technician_user=self.tech_user_2, visit_type="repair")
        mine = own.with_user(self.tech_user)
        mine.checklist_line_ids.result = "ok"
        self.env["aftersales.equipment.reading"].with_user(self.tech_user).create(
            {"equipment_id": self.unit.id, "visit_id": own.id, "value": 120, "source": "visit"}
        )
        self.assertEqual(own.checklist_line_ids.result, "ok")
        self.assertEqual(self.unit.reading_ids.mapped("value"), [120.0])
        Line = self.env["aftersales.visit.checklist.line"].with_user(self.tech_user)
        lines = Line.search([("visit_id", "in", (own | other).ids)])
        self.assertEqual(lines, own.checklist_line_ids)
        with self.assertRaises(AccessError):
            other.checklist_line_ids.with_user(self.tech_user).write({"result": "ok"})
