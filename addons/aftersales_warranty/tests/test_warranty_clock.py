from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WarrantyCase


@tagged("post_install", "-at_install")
class TestWarrantyClock(WarrantyCase):
    """When cover starts and ends: clock starts, repair time, replacements, extended cover."""

    def repair_claim(self, unit, days_in_repair):
        intake = date.today() - timedelta(days=days_in_repair)
        claim = self.make_claim(unit, failure_date=intake, intake_date=intake)
        return self.repair(claim)

    def test_a_new_unit_gets_its_products_standard_cover_from_delivery(self):
        unit = self.sell()
        warranty = unit.warranty_ids
        self.assertEqual(warranty.policy_id, self.policy)
        self.assertEqual(warranty.origin, "standard")
        self.assertEqual(warranty.date_start, date.today())
        self.assertEqual(warranty.date_end, date.today() + relativedelta(months=24, days=-1))
        self.assertEqual(warranty.state, "active")
        self.assertEqual(unit.warranty_state, "covered")
        self.assertEqual(unit.warranty_remaining_days, (warranty.date_end - date.today()).days + 1)

    def test_the_category_policy_applies_when_the_product_has_none(self):
        self.product.aftersales_warranty_policy_id = False
        self.category.aftersales_warranty_policy_id = self.policy
        self.assertEqual(self.sell().warranty_ids.policy_id, self.policy)

    def test_cover_waits_for_installation_when_the_clock_starts_there(self):
        self.policy.clock_start = "installation"
        unit = self.sell()
        self.assertEqual(unit.warranty_ids.state, "pending")
        self.assertEqual(unit.warranty_state, "pending")
        unit.installation_date = date.today()
        self.assertEqual(unit.warranty_ids.date_start, date.today())
        self.assertEqual(unit.warranty_ids.state, "active")

    def test_invoice_and_registration_clocks(self):
        self.policy.clock_start = "invoice"
        unit = self.sell()
        self.assertEqual(unit.warranty_ids.date_start, unit.invoice_date)
        self.policy.clock_start = "registration"
        unit = self.sell()
        self.assertFalse(unit.warranty_ids.date_start)
        unit.registration_date = date.today() - timedelta(days=2)
        self.assertEqual(unit.warranty_ids.date_start, date.today() - timedelta(days=2))

    def test_time_in_repair_is_added_to_the_end_when_the_rules_exclude_it(self):
        unit = self.sell()
        unit.delivery_date = date.today() - timedelta(days=100)
        end_before = unit.warranty_ids.date_end
        claim = self.repair_claim(unit, days_in_repair=12)
        self.assertEqual(claim.days_in_repair, 12)
        self.assertEqual(unit.warranty_ids.excluded_days, 12)
        self.assertEqual(unit.warranty_ids.date_end, end_before + timedelta(days=12))

    def test_time_in_repair_counts_when_the_rules_do_not_exclude_it(self):
        self.rule_set.exclude_repair_time = False
        unit = self.sell()
        unit.delivery_date = date.today() - timedelta(days=100)
        end_before = unit.warranty_ids.date_end
        self.repair_claim(unit, days_in_repair=12)
        self.assertEqual(unit.warranty_ids.date_end, end_before)

    def test_a_repair_extends_liability_once_when_the_rules_say_so(self):
        self.rule_set.exclude_repair_time = False
        self.rule_set.repair_extension_months = 12
        unit = self.sell()
        unit.delivery_date = date.today() - timedelta(days=100)
        end_before = unit.warranty_ids.date_end
        self.repair_claim(unit, days_in_repair=3)
        self.assertEqual(unit.warranty_ids.date_end, end_before + relativedelta(months=12))
        self.validate(unit.claim_ids.repaired_delivery_id)
        self.repair_claim(unit, days_in_repair=3)
        self.assertEqual(unit.warranty_ids.date_end, end_before + relativedelta(months=12))

    def replace(self, unit):
        claim = self.make_claim(unit, decision="replace")
        self.approve_and_execute(claim)
        delivery = claim.replacement_picking_id
        delivery.move_ids.lot_ids = self.stock_serials()
        delivery.move_ids.picked = True
        delivery.button_validate()
        return claim.replacement_equipment_id

    def test_a_replacement_restarts_cover_when_the_rules_say_so(self):
        unit = self.sell()
        unit.delivery_date = date.today() - timedelta(days=300)
        new_unit = self.replace(unit)
        self.assertEqual(new_unit.warranty_ids.date_start, date.today())
        self.assertEqual(
            new_unit.warranty_ids.date_end, date.today() + relativedelta(months=24, days=-1)
        )
        self.assertEqual(unit.warranty_ids.state, "void")

    def test_a_replacement_carries_the_old_end_over_otherwise(self):
        self.rule_set.replacement_restarts_warranty = False
        unit = self.sell()
        unit.delivery_date = date.today() - timedelta(days=300)
        old_end = unit.warranty_ids.date_end
        new_unit = self.replace(unit)
        self.assertEqual(new_unit.warranty_ids.date_end, old_end)

    def sell_extension(self, unit):
        extended_policy = self.env["aftersales.warranty.policy"].create(
            {
                "name": "Extra 12 months",
                "kind": "extended",
                "duration": 12,
                "rule_set_id": self.rule_set.id,
            }
        )
        extension = self.env["product.product"].create(
            {
                "name": "Chiller care +1 year",
                "type": "service",
                "list_price": 150.0,
                "aftersales_extended_policy_id": extended_policy.id,
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": extension.id, "aftersales_equipment_id": unit.id})
                ],
            }
        )
        order.action_confirm()
        return unit.warranty_ids.filtered(lambda w: w.origin == "extended")

    def test_selling_an_extended_warranty_adds_cover_after_the_standard_one(self):
        unit = self.sell()
        standard_end = unit.warranty_ids.date_end
        extended = self.sell_extension(unit)
        self.assertEqual(extended.date_start, standard_end + timedelta(days=1))
        self.assertEqual(extended.date_end, standard_end + relativedelta(months=12))

    def test_an_extension_sold_after_cover_ended_covers_from_the_sale(self):
        unit = self.sell()
        unit.delivery_date = date.today() - relativedelta(months=25)
        self.assertEqual(unit.warranty_state, "none")
        extended = self.sell_extension(unit)
        self.assertEqual(extended.date_start, date.today())
        self.assertEqual(unit.warranty_state, "covered")
        self.assertEqual(self.make_claim(unit).warranty_id, extended)

    def test_an_extended_warranty_line_needs_its_unit(self):
        extended_policy = self.env["aftersales.warranty.policy"].create(
            {"name": "Extra", "kind": "extended", "duration": 12, "rule_set_id": self.rule_set.id}
        )
        extension = self.env["product.product"].create(
            {"name": "Care", "type": "service", "aftersales_extended_policy_id": extended_policy.id}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": extension.id})],
            }
        )
        with self.assertRaisesRegex(UserError, "choose the unit"):
            order.action_confirm()
        self.assertFalse(self.env["aftersales.warranty"].search([("origin", "=", "extended")]))

    def test_cover_lookup_by_serial(self):
        unit = self.sell()
        Warranty = self.env["aftersales.warranty"]
        self.assertEqual(Warranty._cover_by_serial(unit.lot_id.name), unit.warranty_ids)
        self.assertFalse(
            Warranty._cover_by_serial(unit.lot_id.name, date.today() + relativedelta(years=3))
        )
        self.assertFalse(Warranty._cover_by_serial("NO-SUCH-SERIAL"))
        with self.assertQueryCount(__system__=1):
            Warranty.invalidate_model()
            Warranty._cover_by_serial(unit.lot_id.name)

    def test_expiry_cron_moves_ended_cover_to_expired(self):
        unit = self.sell()
        warranty = unit.warranty_ids
        self.env.flush_all()
        # as the table is the day after cover ended, before the cron ran
        self.env.cr.execute(
            "UPDATE aftersales_warranty SET state = 'active', date_start = %s, date_end = %s "
            "WHERE id = %s",
            [date.today() - timedelta(days=30), date.today() - timedelta(days=1), warranty.id],
        )
        warranty.invalidate_recordset()
        self.env["aftersales.warranty"]._cron_expire()
        self.assertEqual(warranty.state, "expired")

    def test_warranty_at_a_glance_on_the_request_and_the_claim(self):
        unit = self.sell()
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Stopped cooling",
                "description": "Warm air",
                "request_type": "warranty_claim",
                "equipment_id": unit.id,
                "partner_id": self.customer.id,
            }
        )
        self.assertEqual(ticket.warranty_state, "covered")
        self.assertEqual(ticket.warranty_date_end, unit.warranty_ids.date_end)
        self.assertEqual(ticket.warranty_coverage, "Parts 100 %, labour 100 %, travel 50 %")
        action = ticket.with_user(self.warranty_user).action_create_claim()
        claim = self.env["aftersales.claim"].browse(action["res_id"])
        self.assertEqual(claim.ticket_id, ticket)
        self.assertEqual(claim.partner_id, self.customer)
        self.assertEqual(claim.warranty_remaining_days, unit.warranty_remaining_days)
        # a second click opens the same claim
        self.assertEqual(ticket.action_create_claim()["res_id"], claim.id)
        self.assertEqual(ticket.unit_claim_ids, claim)
        self.assertEqual(unit.claim_count, 1)

    def test_cover_that_is_not_transferable_ends_with_a_new_owner(self):
        unit = self.sell()
        unit.partner_id = self.other_customer
        self.assertEqual(unit.warranty_ids.state, "active")  # the policy is transferable
        self.policy.transferable = False
        unit.partner_id = self.customer
        self.assertEqual(unit.warranty_ids.state, "void")
        self.assertEqual(unit.warranty_state, "none")
