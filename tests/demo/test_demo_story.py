"""The demo database tells one story (issue 20): a Vietnamese maker, its installed base at its
customers' sites, people to log in as for each role, parts on the shelves."""

from odoo.tests import TransactionCase, tagged

ROLES = {
    "agent": "aftersales_service.group_service_user",
    "technician": "aftersales_service.group_service_technician",
    "service_manager": "aftersales_service.group_service_manager",
    "warranty": "aftersales_warranty.group_warranty_user",
    "approver": "aftersales_warranty.group_warranty_approver",
    "manager": "aftersales_warranty.group_warranty_manager",
    "planner": "aftersales_parts.group_parts_planner",
    "customer": "base.group_portal",
}


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    def test_the_maker_is_in_ho_chi_minh_city(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "CoolAir Vietnam JSC")
        self.assertEqual(company.country_id, self.env.ref("base.vn"))
        self.assertEqual(company.city, "Ho Chi Minh City")

    def test_the_maker_keeps_its_books_in_vnd_on_the_vietnamese_chart(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.currency_id, self.env.ref("base.VND"))
        self.assertEqual(company.chart_template, "vn")
        moves = self.env["account.move"].search([("company_id", "=", company.id)])
        self.assertTrue(moves)
        self.assertEqual(moves.currency_id, company.currency_id, "every entry in VND")
        # VND-scale prices: a split unit costs millions of dong
        split = self.env.ref("aftersales_service.product_split_ac")
        self.assertGreater(split.list_price, 1_000_000)
        # the localization's own demo company is out of the story
        self.assertEqual(
            self.env["res.company"].search([]), company | self.env.ref("stock.res_company_1")
        )

    def test_claim_steps_are_days_apart(self):
        claims = self.env["aftersales.claim"].search([("done_date", "!=", False)])
        self.assertTrue(claims)
        for claim in claims:
            self.assertLess(claim.submit_date, claim.approve_date)
            self.assertLessEqual(claim.approve_date.date(), claim.done_date)
        lead_times = [(claim.done_date - claim.submit_date.date()).days for claim in claims]
        self.assertGreater(max(lead_times), 3, "a lead-time report does not read 0 days")
        submitted = self.env["aftersales.claim"].search([("submit_date", "!=", False)])
        self.assertGreater(len({claim.submit_date.date() for claim in submitted}), 5)

    def test_forty_to_sixty_units_each_at_a_site_with_its_cover(self):
        units = self.env["aftersales.equipment"].search([])
        self.assertTrue(40 <= len(units) <= 60, len(units))
        self.assertFalse(units.filtered(lambda unit: not unit.site_partner_id.city))
        self.assertEqual(
            set(units.country_id.mapped("code")), {"VN", "MY", "CN"}, "customers in three countries"
        )
        self.assertFalse(units.filtered(lambda unit: not unit.warranty_ids))
        ages = units.mapped("delivery_date")
        self.assertGreater((max(ages) - min(ages)).days, 600, "deliveries spread over two years")

    def test_a_user_for_each_role_logs_in_with_the_login_as_password(self):
        for login, group in ROLES.items():
            user = self.env["res.users"].search([("login", "=", login)])
            self.assertTrue(user, login)
            self.assertTrue(user.has_group(group), f"{login} lacks {group}")
            # the password is the login
            self.env["res.users"].with_user(user)._check_credentials(
                {"login": login, "password": login, "type": "password"}, {"interactive": False}
            )
        customer = self.env["res.users"].search([("login", "=", "customer")])
        self.assertEqual(customer.lang, "vi_VN")

    def test_only_after_sales_requests_show(self):
        requests = self.env["helpdesk.ticket"].search([])
        self.assertTrue(requests)
        self.assertFalse(requests.filtered(lambda ticket: not ticket.request_type))
        self.assertEqual(
            set(requests.team_id.ids), {self.env.ref("aftersales_service.team_service_desk").id}
        )
        self.assertTrue(requests.filtered("sla_deadline"), "the team's SLAs set deadlines")

    def test_spare_parts_are_on_the_shelves_and_no_rule_asks_for_an_order(self):
        parts = self.env["product.product"].search([("aftersales_is_spare_part", "=", True)])
        stocked = parts.filtered(lambda part: part.qty_available > 0)
        self.assertGreaterEqual(len(stocked), len(parts) - 1, "all but the obsolete board")
        orderpoints = self.env["stock.warehouse.orderpoint"].search([])
        self.assertEqual(orderpoints.mapped("qty_to_order_computed"), [0.0] * len(orderpoints))

    def test_claims_in_every_state_reached_through_their_actions(self):
        claims = self.env["aftersales.claim"].search([])
        self.assertTrue(20 <= len(claims) <= 30, len(claims))
        self.assertEqual(
            set(claims.mapped("state")),
            {"draft", "submitted", "approved", "rejected", "in_progress", "done", "cancel"},
        )
        clerk = self.env.ref("aftersales_warranty.user_demo_warranty")
        submitted = claims.filtered("submit_date")
        self.assertEqual(submitted.submitted_by_id, clerk, "the warranty clerk submits")
        self.assertNotIn(clerk, submitted.approved_by_id, "nobody approves their own claim")
        done = claims.filtered(lambda claim: claim.state == "done")
        self.assertEqual(
            set(done.mapped("decision")), {"repair", "replace", "refund"}, "each remedy carried out"
        )
        self.assertIn("no_fault_found", done.mapped("outcome"))
        self.assertTrue(done.repair_id.move_ids.filtered(lambda move: move.state == "done"))
        waiting = claims.filtered(lambda claim: claim.state == "submitted")
        self.assertTrue(
            waiting.filtered(lambda claim: claim.decision == "refund" and claim.review_ids),
            "a refund over the tier limit waits for the manager",
        )
        self.assertTrue(waiting.filtered(lambda claim: claim.decision == "goodwill"))
        rejected = claims.filtered(lambda claim: claim.state == "rejected")
        self.assertTrue(all(rejected.mapped("reject_reason")))
        settled = self.env["aftersales.recovery"].search([("state", "=", "settled")])
        self.assertTrue(settled, "a vendor recovery is settled")

    def test_the_failure_rate_report_opens_on_the_demo_claims(self):
        """The report reads a summary refreshed nightly: the demo leaves it refreshed."""
        summary = self.env["aftersales.failure.rate.summary"]
        live = self.env["aftersales.failure.rate"]
        [(units, failures)] = summary._read_group([], [], ["units:sum", "failures:sum"])
        [(live_units, live_failures)] = live._read_group([], [], ["units:sum", "failures:sum"])
        self.assertTrue(summary._last_refresh())
        self.assertGreater(failures, 0)
        self.assertEqual((units, failures), (live_units, live_failures))

    def test_an_older_forecast_run_can_be_compared_with_what_happened(self):
        runs = self.env["aftersales.forecast.run"].search([("state", "=", "done")])
        self.assertEqual(len(runs), 2)
        self.assertTrue(self.env["aftersales.parts.accuracy.report"].search_count([]))

    def test_the_warehouse_and_the_repairs_are_the_demo_users(self):
        warehouse = self.env.ref("stock.warehouse0")
        self.assertNotIn("YourCompany", warehouse.name)
        manager = self.env.ref("aftersales_warranty.user_demo_manager")
        repairs = self.env["aftersales.claim"].search([("repair_id", "!=", False)]).repair_id
        self.assertTrue(repairs)
        repairs.with_user(manager).check_access("read")

    def test_past_maintenance_visits_used_parts(self):
        visits = self.env["aftersales.visit"].search(
            [("state", "=", "done"), ("part_line_ids", "!=", False)]
        )
        self.assertGreaterEqual(len(visits), 5)
        self.assertTrue(all(line.move_id.state == "done" for line in visits.part_line_ids))

    def test_a_sister_company_with_units_of_its_own(self):
        sister = self.env.ref("stock.res_company_1")
        self.assertEqual(sister.country_id, self.env.ref("base.my"))
        self.assertEqual(sister.currency_id, self.env.ref("base.MYR"))
        units = self.env["aftersales.equipment"].search([("company_id", "=", sister.id)])
        self.assertEqual(len(units), 3)
        self.assertTrue(all(units.mapped("warranty_ids")), "the group's policies cover them")
        agent = self.env.ref("aftersales_service.user_demo_agent")
        self.assertFalse(
            self.env["aftersales.equipment"].with_user(agent).search([("id", "in", units.ids)]),
            "the Vietnamese company's people do not see them",
        )

    def test_the_technician_has_a_van_holding_filters(self):
        user = self.env.ref("aftersales_service.user_demo_technician")
        technician = self.env["aftersales.technician"].search([("user_id", "=", user.id)])
        self.assertTrue(technician.location_id, "Create Van Location was run")
        filters = self.env.ref("aftersales_service.product_air_filter")
        self.assertGreater(
            filters.with_context(location=technician.location_id.id).qty_available, 0
        )
        route = technician.warehouse_id.aftersales_van_route_id
        self.assertTrue(
            route.rule_ids.filtered(lambda rule: rule.location_dest_id == technician.location_id),
            "the van is restocked from its warehouse",
        )

    def test_dispatch_shows_a_visit_ready_and_one_missing_parts(self):
        user = self.env.ref("aftersales_service.user_demo_technician")
        van = self.env["aftersales.technician"].search([("user_id", "=", user.id)]).location_id
        planned = self.env["aftersales.visit"].search(
            [
                ("technician_id", "=", user.id),
                ("state", "=", "planned"),
                ("location_id", "=", van.id),
            ]
        )
        states = dict(zip(planned.mapped("parts_state"), planned, strict=False))
        self.assertIn("ready", states)
        self.assertIn("missing", states)
        ready = states["ready"]
        self.assertTrue(ready.parts_reserved, "reserved through Reserve Parts")
        moves = ready.part_line_ids.reservation_move_ids
        self.assertEqual(set(moves.mapped("state")), {"assigned"})
        self.assertEqual(moves.location_id, van)
        self.assertFalse(states["missing"].parts_reserved)

    def test_a_done_visit_with_its_checklist_answered_and_a_reading(self):
        visits = self.env["aftersales.visit"].search(
            [("state", "=", "done"), ("checklist_line_ids", "!=", False)]
        )
        self.assertTrue(visits)
        visit = visits.filtered("reading_ids")[:1]
        self.assertTrue(visit, "a done visit recorded a reading")
        self.assertTrue(all(visit.checklist_line_ids.mapped("result")))
        self.assertIn("not_ok", visit.checklist_line_ids.mapped("result"))
        pdf, _ = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_service.action_report_visit", visit.ids
        )
        self.assertIn(visit.checklist_line_ids[0].name.encode(), pdf)

    def test_units_count_hours_and_one_plan_runs_on_usage(self):
        units = self.env["aftersales.equipment"].search([("counter_kind", "=", "hours")])
        self.assertGreaterEqual(len(units), 2)
        for unit in units:
            self.assertGreaterEqual(len(unit.reading_ids), 3, unit.display_name)
            self.assertGreater(unit.usage_per_day, 0)
        plan = self.env["aftersales.maintenance.plan"].search([("usage_interval", ">", 0)])
        self.assertEqual(len(plan), 1)
        self.assertGreater(plan.usage_next, plan.equipment_id.current_usage)
        self.assertTrue(plan.usage_due_date, "projected from the unit's usage rate")

    def test_a_service_contract_covers_the_malls_chillers(self):
        contract = self.env["contract.contract"].search(
            [("aftersales_policy_id.kind", "=", "contract")]
        )
        self.assertEqual(len(contract), 1)
        units = contract.aftersales_equipment_ids
        self.assertGreaterEqual(len(units), 2)
        covers = units.warranty_ids.filtered(lambda cover: cover.contract_id == contract)
        self.assertEqual(covers.equipment_id, units, "each unit has the contract's cover")
        self.assertTrue(contract.aftersales_sla_id.aftersales_contract_only)
        self.assertEqual(contract.aftersales_plan_ids.equipment_id, units, "preventive visits")
        invoices = self.env["account.move"].search(
            [("invoice_line_ids.contract_line_id.contract_id", "=", contract.id)]
        )
        self.assertEqual(len(invoices), 1, "its first period is invoiced")

    def test_a_paid_repair_quote_waits_for_the_portal_customer(self):
        repairs = (
            self.env["repair.order"]
            .search([("sale_order_id", "!=", False)])
            .filtered(lambda repair: repair.aftersales_quote_state == "waiting")
        )
        self.assertEqual(len(repairs), 1)
        order = repairs.sale_order_id
        self.assertEqual(order.state, "sent")
        self.assertGreater(order.amount_untaxed, 0, "the customer pays")
        customer = self.env.ref("aftersales_service.user_demo_portal")
        self.assertEqual(order.partner_id.commercial_partner_id, customer.commercial_partner_id)
        self.assertIn(
            order,
            self.env["sale.order"]
            .with_user(customer)
            .search([("partner_id", "child_of", customer.commercial_partner_id.id)]),
            "listed under /my/quotes",
        )
