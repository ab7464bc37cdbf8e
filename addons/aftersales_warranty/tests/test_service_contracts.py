from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .contract_common import ServiceContractCase


@tagged("post_install", "-at_install")
class TestServiceContracts(ServiceContractCase):
    def test_a_contract_covers_its_units_for_its_term(self):
        start = date.today()
        contract = self.make_contract(start=start)
        end = start + relativedelta(months=12, days=-1)
        self.assertEqual(contract.date_end, end)
        self.assertEqual(contract.aftersales_unit_count, 2)
        for unit in self.units[:2]:
            cover = self.cover_of(unit, contract)
            self.assertEqual(cover.origin, "contract")
            self.assertEqual((cover.date_start, cover.date_end), (start, end))
            self.assertEqual(cover.state, "active")
            self.assertEqual(unit.warranty_state, "covered")
        self.assertFalse(self.cover_of(self.units[2], contract))

    def test_a_contract_invoices_each_period(self):
        start = date.today() - timedelta(days=3)
        contract = self.make_contract(start=start)
        Contract = self.env["contract.contract"]
        with freeze_time(start):
            Contract.cron_recurring_create_invoice()
            Contract.cron_recurring_create_invoice()  # run twice: one invoice for the period
        self.assertFalse(contract.invoice_generation_error)
        self.assertEqual(len(contract._get_related_invoices()), 1)
        with freeze_time(start + relativedelta(months=1)):
            Contract.cron_recurring_create_invoice()
        invoices = contract._get_related_invoices()
        self.assertEqual(len(invoices), 2)
        self.assertEqual(invoices.mapped("amount_untaxed"), [100.0, 100.0])
        self.assertEqual(set(invoices.mapped("partner_id")), {self.customer})
        self.assertEqual(
            sorted(invoices.mapped("invoice_date")), [start, start + relativedelta(months=1)]
        )

    def test_a_claim_under_contract_is_covered_at_the_contract_shares(self):
        contract = self.make_contract()
        unit = self.units[0]
        self.assertEqual(
            unit.warranty_ids.filtered(lambda w: w.origin == "standard").state, "expired"
        )
        claim = self.make_claim(unit, labour_cost=200.0, travel_cost=80.0)
        self.assertEqual(claim.warranty_id, self.cover_of(unit, contract))
        self.assertEqual(claim.policy_id, self.contract_policy)
        self.assertAlmostEqual(claim.covered_labour, 100.0)
        self.assertAlmostEqual(claim.covered_travel, 0.0)
        # a unit the contract does not cover: nothing covered
        uncovered = self.make_claim(self.units[2], labour_cost=200.0)
        self.assertFalse(uncovered.warranty_id)
        self.assertAlmostEqual(uncovered.covered_labour, 0.0)

    def test_units_added_and_removed_update_the_cover(self):
        contract = self.make_contract(start=date.today() - timedelta(days=30))
        first, second, third = self.units
        contract.aftersales_equipment_ids = [Command.unlink(first.id), Command.link(third.id)]
        ended = self.cover_of(first, contract)
        self.assertEqual(ended.date_end, date.today() - timedelta(days=1))
        self.assertEqual(ended.state, "expired")
        self.assertIn("taken out of contract", first.message_ids[:1].body)
        added = self.cover_of(third, contract)
        self.assertEqual(added.date_start, date.today())
        self.assertEqual(added.date_end, contract.date_end)
        self.assertEqual(self.cover_of(second, contract).date_start, contract.date_start)
        self.assertEqual(contract.aftersales_unit_count, 2)

    def test_a_contract_on_a_product_covers_the_customers_units_that_come(self):
        contract = self.make_contract(
            units=self.units[:0], aftersales_scope="product", aftersales_product_id=self.product.id
        )
        self.assertEqual(contract.aftersales_unit_count, 3)
        newcomer = self.deliver(self.product, 1, date.today(), prefix="NEW")
        someone_elses = self.deliver(self.product, 1, date.today(), prefix="OTHER")
        someone_elses.partner_id = self.other_customer
        self.env["contract.contract"]._cron_aftersales_service_contracts()
        self.assertTrue(self.cover_of(newcomer, contract))
        self.assertFalse(self.cover_of(someone_elses, contract))

    def test_a_product_or_site_contract_names_its_product_or_site(self):
        with self.assertRaisesRegex(ValidationError, "product whose units"):
            self.make_contract(aftersales_scope="product")
        with self.assertRaisesRegex(ValidationError, "site whose units"):
            self.make_contract(aftersales_scope="site")

    def test_a_contract_granting_cover_needs_a_term(self):
        contract = self.make_contract()
        with self.assertRaisesRegex(ValidationError, "end date"):
            contract.contract_line_ids.date_end = False

    def test_a_contract_plans_its_preventive_visits(self):
        start = date.today()
        contract = self.make_contract(start=start, aftersales_visits_per_year=4)
        plans = contract.aftersales_plan_ids
        self.assertEqual(plans.equipment_id, self.units[:2])
        self.assertEqual(set(plans.mapped("interval_number")), {3})
        self.assertEqual(set(plans.mapped("interval_type")), {"months"})
        first_visit = start + relativedelta(months=3)
        self.assertEqual(set(plans.mapped("next_date")), {first_visit})
        Plan = self.env["aftersales.maintenance.plan"]
        with freeze_time(first_visit):
            Plan.search(Plan._due_plans_domain(first_visit))._plan_due_visits(first_visit)
        visits = plans.visit_ids
        self.assertEqual(len(visits), 2)
        self.assertEqual(set(visits.mapped("visit_type")), {"maintenance"})
        self.assertEqual(visits.equipment_id, self.units[:2])
        # a unit leaving the contract stops its visits; a changed frequency moves the others
        contract.write(
            {
                "aftersales_equipment_ids": [Command.unlink(self.units[0].id)],
                "aftersales_visits_per_year": 5,
            }
        )
        self.assertFalse(plans.filtered(lambda p: p.equipment_id == self.units[0]).active)
        kept = plans.filtered("active")
        self.assertEqual((kept.interval_number, kept.interval_type), (73, "days"))

    def test_plans_stop_when_the_contract_ends(self):
        contract = self.make_contract(months=1, aftersales_visits_per_year=12)
        self.assertTrue(all(contract.aftersales_plan_ids.mapped("active")))
        with freeze_time(contract.date_end + timedelta(days=1)):
            self.env["contract.contract"]._cron_aftersales_service_contracts()
        self.assertFalse(any(contract.aftersales_plan_ids.mapped("active")))

    def test_the_renewal_is_reminded_before_the_end_then_extends_the_cover(self):
        contract = self.make_contract(aftersales_reminder_days=30)
        end = contract.date_end
        activity_type = self.env.ref("aftersales_warranty.mail_activity_contract_renewal")
        Contract = self.env["contract.contract"]
        with freeze_time(end - timedelta(days=31)):
            Contract._cron_aftersales_service_contracts()
            self.assertFalse(contract.activity_ids)
            with self.assertRaisesRegex(UserError, "can be renewed from"):
                contract.with_user(self.warranty_manager).action_aftersales_renew()
        with freeze_time(end - timedelta(days=30)):
            Contract._cron_aftersales_service_contracts()
            Contract._cron_aftersales_service_contracts()  # reminded once
            self.assertEqual(contract.activity_ids.activity_type_id, activity_type)
            self.assertEqual(contract.activity_ids.user_id, self.warranty_manager)
            reminder = contract.message_ids.filtered(lambda m: "Contact us to renew" in m.body)
            self.assertEqual(len(reminder), 1)
            self.assertIn(self.customer, reminder.partner_ids)
            self.assertEqual(contract.aftersales_reminded_end, end)

            contract.with_user(self.warranty_manager).action_aftersales_renew()
            new_end = end + relativedelta(months=12)
            self.assertEqual(contract.date_end, new_end)
            self.assertFalse(contract.activity_ids)
            for unit in self.units[:2]:
                self.assertEqual(self.cover_of(unit, contract).date_end, new_end)
            # a second click finds nothing due
            with self.assertRaisesRegex(UserError, "can be renewed from"):
                contract.with_user(self.warranty_manager).action_aftersales_renew()
        with freeze_time(end + timedelta(days=10)):
            claim = self.make_claim(self.units[0], labour_cost=100.0)
            self.assertAlmostEqual(claim.covered_labour, 50.0)

    def test_the_contract_sla_applies_to_requests_on_covered_units(self):
        team = self.env["helpdesk.ticket.team"].create({"name": "Chillers", "use_sla": True})
        sla = self.env["helpdesk.sla"].create(
            {"name": "4 hours under contract", "hours": 4, "aftersales_contract_only": True}
        )
        self.make_contract(aftersales_sla_id=sla.id)
        Ticket = self.env["helpdesk.ticket"].with_user(self.service_user)
        covered = Ticket.create(
            {
                "name": "Not cooling",
                "description": "Not cooling",
                "team_id": team.id,
                "equipment_id": self.units[0].id,
            }
        )
        uncovered = Ticket.create(
            {
                "name": "Not cooling",
                "description": "Not cooling",
                "team_id": team.id,
                "equipment_id": self.units[2].id,
            }
        )
        self.assertEqual(covered.sla_ids, sla)
        self.assertFalse(uncovered.sla_ids)

    def test_a_renewed_contract_goes_on_invoicing(self):
        start = date.today()
        contract = self.make_contract(start=start, months=1)
        Contract = self.env["contract.contract"]
        with freeze_time(start):
            Contract.cron_recurring_create_invoice()
            contract.with_user(self.warranty_manager).action_aftersales_renew()
        self.assertEqual(contract.date_end, start + relativedelta(months=13, days=-1))
        with freeze_time(start + relativedelta(months=1)):
            Contract.cron_recurring_create_invoice()
        self.assertEqual(len(contract._get_related_invoices()), 2)

    def test_a_listed_unit_sold_to_someone_else_leaves_the_contract(self):
        contract = self.make_contract(start=date.today() - timedelta(days=10))
        unit = self.units[0]
        unit.with_user(self.service_manager).partner_id = self.other_customer
        self.assertEqual(self.cover_of(unit, contract).date_end, date.today() - timedelta(days=1))
        self.assertEqual(contract.aftersales_unit_count, 1)
