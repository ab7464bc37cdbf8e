"""Tours on the demo database (`scripts/test.sh` creates it as `scripts/run.sh` does, with the
demo data and the languages): the demo users log in and do their work on the demo's records.

These tests need the demo data: scripts/test.sh runs them against that database only.
"""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestPlannerOnTheDemo(HttpCase):
    def test_the_planner_applies_the_demo_run_and_rules_stay_forecast_managed(self):
        compressor_rule = self.env.ref("aftersales_parts.orderpoint_compressor")
        fan_rule = self.env.ref("aftersales_parts.orderpoint_fan_manual")
        planner = self.env.ref("aftersales_parts.user_demo_planner")
        proposed = self.env["aftersales.forecast.run.line"].search([("state", "=", "proposed")])
        compressor = proposed.filtered(lambda line: line.orderpoint_id == compressor_rule)
        self.assertTrue(compressor, "the demo run proposes levels for the compressor's rule")
        self.assertFalse(compressor_rule.aftersales_manual_levels)

        self.start_tour("/odoo", "aftersales_parts_demo_planner_applies_run", login=planner.login)

        self.assertEqual(set(proposed.mapped("state")), {"applied", "skipped"})
        self.assertEqual(compressor.state, "applied")
        self.assertEqual(compressor.applied_by_id, planner)
        self.assertEqual(
            (compressor_rule.product_min_qty, compressor_rule.product_max_qty),
            (compressor.min_qty, compressor.max_qty),
        )
        self.assertFalse(compressor_rule.aftersales_manual_levels)
        # the rule the demo set by hand keeps its levels
        fan = proposed.filtered(lambda line: line.orderpoint_id == fan_rule)
        self.assertEqual(fan.state, "skipped")
        self.assertEqual((fan_rule.product_min_qty, fan_rule.product_max_qty), (4, 12))
        self.assertTrue(fan_rule.aftersales_manual_levels)


@tagged("post_install", "-at_install")
class TestTechnicianOnTheDemo(HttpCase):
    def test_the_technician_closes_todays_visit_with_the_filters_from_the_van(self):
        technician = self.env.ref("aftersales_service.user_demo_technician")
        self.assertTrue(technician.has_group("aftersales_service.group_service_technician"))
        self.assertFalse(technician.has_group("aftersales_service.group_service_user"))
        visit = self.env["aftersales.visit"].search(
            [("technician_id", "=", technician.id), ("parts_state", "=", "ready")],
            order="planned_start",
            limit=1,
        )
        self.assertTrue(visit, "today's visit has its filters in the van")
        van = (
            self.env["aftersales.technician"].search([("user_id", "=", technician.id)]).location_id
        )
        filters = self.env.ref("aftersales_service.product_air_filter")
        in_van = filters.with_context(location=van.id).qty_available
        # the clinic's doctor already named on the visit: the signature dialog opens with a
        # name to draw (the tour types the signer's name and opens the dialog right after)
        visit.signed_by = "Dr. Nguyen Thi Lan"

        # the same tour as the dispatch test's technician (aftersales_parts)
        self.start_tour(
            f"/odoo/service-visits/{visit.id}",
            "aftersales_technician_close_visit",
            login=technician.login,
        )
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.signed_by, "Tour Signer")
        self.assertEqual(filters.with_context(location=van.id).qty_available, in_van - 2)


@tagged("post_install", "-at_install")
class TestWarrantyApprovalOnTheDemo(HttpCase):
    def test_the_manager_approves_the_claim_the_warranty_user_submitted(self):
        claim = self.env.ref("aftersales_warranty.claim_clinic_leak")
        clerk = self.env.ref("aftersales_warranty.user_demo_warranty")
        manager = self.env.ref("aftersales_warranty.user_demo_manager")
        self.assertEqual(claim.state, "draft")
        claim = claim.with_user(clerk)
        claim.action_decide("repair")
        claim.action_submit()
        self.assertEqual(claim.submitted_by_id, clerk)

        self.start_tour(
            f"/odoo/action-aftersales_warranty.action_claims/{claim.id}",
            "aftersales_warranty_demo_manager_approves",
            login=manager.login,
        )
        claim = claim.with_env(self.env)
        self.assertEqual(claim.approved_by_id, manager)
        self.assertEqual(claim.state, "in_progress")
        self.assertTrue(claim.repair_id.under_warranty)


@tagged("post_install", "-at_install")
class TestCustomerOnTheVietnamesePortal(HttpCase):
    def test_the_clinic_files_a_claim_in_vietnamese(self):
        customer = self.env.ref("aftersales_service.user_demo_portal")
        unit = self.env.ref("aftersales_service.unit_clinic_2")
        self.assertEqual(customer.lang, "vi_VN")
        Claim = self.env["aftersales.claim"]
        before = Claim.search([("equipment_id", "=", unit.id)])

        self.start_tour(
            f"/my/claims/new?unit_id={unit.id}",
            "aftersales_warranty_demo_portal_claim_vi",
            login=customer.login,
        )
        claim = Claim.search([("equipment_id", "=", unit.id)]) - before
        self.assertEqual(len(claim), 1)
        self.assertEqual(claim.symptom_id, self.env.ref("aftersales_warranty.symptom_weak"))
        self.assertIn("gió nóng", str(claim.description))


@tagged("post_install", "-at_install")
class TestCustomerPortalOnTheDemo(HttpCase):
    def test_the_after_sales_cards_have_their_own_small_icons(self):
        self.authenticate("customer", "customer")
        page = self.url_open("/my").text
        icons = [
            "/aftersales_service/static/src/img/portal-equipment.svg",
            "/aftersales_warranty/static/src/img/portal-warranties.svg",
            "/aftersales_warranty/static/src/img/portal-claims.svg",
        ]
        for icon in icons:
            self.assertIn(icon, page)
            response = self.url_open(icon)
            self.assertEqual(response.status_code, 200)
            self.assertIn(b'width="64" height="64"', response.content)
        self.assertNotIn("static/description/icon.png", page)

    def test_the_customer_finds_the_repair_quote_under_quotations(self):
        self.authenticate("customer", "customer")
        response = self.url_open("/my/quotes")
        self.assertEqual(response.status_code, 200)
        repair = (
            self.env["repair.order"]
            .search([("sale_order_id.state", "=", "sent")])
            .filtered(lambda repair: repair.aftersales_quote_state == "waiting")
        )
        self.assertIn(repair.sale_order_id.name, response.text)
