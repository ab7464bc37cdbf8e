from datetime import datetime

from odoo.tests import new_test_user, tagged

from .usage_common import AftersalesUsageCase


@tagged("post_install", "-at_install")
class TestFirstTimeFix(AftersalesUsageCase):
    """A constructed set of requests and visits, with the figures worked out by hand:

    ===== ============ ============================================ =========================
    req.  technician   visits (in planned order)                    counts as
    ===== ============ ============================================ =========================
    T1    Anna         done                                         fixed first time
    T2    Anna         done, done (part missing)                    returned: part missing
    T3    Ben          done                                         fixed first time
    T4    Ben          done, planned (customer absent)              returned: customer absent
    T5    Ben          planned                                      not counted (not done)
    T6    Anna         cancelled, done                              fixed first time
    -     Anna         done, without request                        not counted
    ===== ============ ============================================ =========================

    Anna: 3 requests, 2 fixed first time (66.67 %), 1 return visit.
    Ben: 2 requests, 1 fixed first time (50 %), 1 return visit.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.anna = new_test_user(
            cls.env, "ftf_anna", groups="aftersales_service.group_service_user"
        )
        cls.ben = new_test_user(cls.env, "ftf_ben", groups="aftersales_service.group_service_user")
        cls.other_product = cls.env["product.product"].create(
            {"name": "Dryer", "is_storable": True, "tracking": "serial"}
        )
        lot = cls.env["stock.lot"].create({"name": "DRY-1", "product_id": cls.other_product.id})
        cls.dryer = cls.env["aftersales.equipment"].create(
            {"product_id": cls.other_product.id, "lot_id": lot.id}
        )
        cls.day = 0
        cls.t1 = cls._request("T1", cls.alice_unit, [(cls.anna, "done", False)])
        cls.t2 = cls._request(
            "T2",
            cls.alice_unit,
            [(cls.anna, "done", False), (cls.anna, "done", "part_missing")],
        )
        cls.t3 = cls._request("T3", cls.dryer, [(cls.ben, "done", False)])
        cls.t4 = cls._request(
            "T4",
            cls.dryer,
            [(cls.ben, "done", False), (cls.ben, "planned", "customer_absent")],
        )
        cls.t5 = cls._request("T5", cls.dryer, [(cls.ben, "planned", False)])
        cls.t6 = cls._request(
            "T6", cls.alice_unit, [(cls.ben, "cancelled", False), (cls.anna, "done", False)]
        )
        cls._visit(False, cls.alice_unit, cls.anna, "done", False)

    @classmethod
    def _request(cls, name, unit, visits):
        ticket = cls.env["helpdesk.ticket"].create(
            {"name": name, "description": name, "equipment_id": unit.id}
        )
        for technician, state, reason in visits:
            cls._visit(ticket, unit, technician, state, reason)
        return ticket

    @classmethod
    def _visit(cls, ticket, unit, technician, state, reason):
        cls.day += 1
        visit = cls.env["aftersales.visit"].create(
            {
                "ticket_id": ticket.id if ticket else False,
                "equipment_id": unit.id,
                "technician_id": technician.id,
                "planned_start": datetime(2026, 3, cls.day, 9, 0),
                "return_reason": reason,
            }
        )
        if state == "done":
            visit.action_done()
        elif state == "cancelled":
            visit.action_cancel()
        return visit

    def figures(self, groupby):
        FirstTimeFix = self.env["aftersales.first.time.fix"].with_user(self.service_manager)
        domain = [
            ("ticket_id", "in", (self.t1 | self.t2 | self.t3 | self.t4 | self.t5 | self.t6).ids)
        ]
        return {
            group: (count, fixed, round(rate, 2), returns)
            for group, count, fixed, rate, returns in FirstTimeFix._read_group(
                domain,
                [groupby],
                ["__count", "first_time_fix:sum", "first_time_fix_rate:avg", "return_visits:sum"],
            )
        }

    def test_first_time_fix_by_technician(self):
        self.assertEqual(
            self.figures("technician_id"),
            {self.anna: (3, 2, 66.67, 1), self.ben: (2, 1, 50.0, 1)},
        )

    def test_first_time_fix_by_product(self):
        self.assertEqual(
            self.figures("product_id"),
            {self.compressor: (3, 2, 66.67, 1), self.other_product: (2, 1, 50.0, 1)},
        )

    def test_reasons_for_return_visits(self):
        self.assertEqual(
            self.figures("return_reason"),
            {
                False: (3, 3, 100.0, 0),
                "part_missing": (1, 0, 0.0, 1),
                "customer_absent": (1, 0, 0.0, 1),
            },
        )

    def test_a_return_visit_asks_for_its_reason(self):
        visits = self.env["aftersales.visit"].search([("ticket_id", "=", self.t2.id)])
        self.assertEqual(visits.mapped("is_return_visit"), [True, False])  # newest first

    def test_technicians_of_another_company_do_not_see_the_figures(self):
        other = self.env["res.company"].create({"name": "FTF Other Co"})
        outsider = new_test_user(
            self.env,
            "ftf_outsider",
            groups="aftersales_service.group_service_user",
            company_id=other.id,
            company_ids=[other.id],
        )
        self.assertFalse(self.env["aftersales.first.time.fix"].with_user(outsider).search([]))
        self.assertTrue(self.env["aftersales.first.time.fix"].with_user(self.anna).search([]))
