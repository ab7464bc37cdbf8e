"""Claim workflow from every entry point: what each role may do to a claim over RPC.

The tables below are the specification. A protected field is one line of
``PROTECTED_FIELDS``; an action is one line of ``ACTIONS`` with the roles allowed to run it.
Every cell runs as that role's user, in a savepoint, and asserts either the outcome or the
refusal and that nothing changed. The users hold only the roles they are named after (and
what those imply): no Inventory, Accounting or Sales rights come with a warranty role.
"""

from contextlib import closing
from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import WarrantyCase

# access, missing-record, validation and workflow errors are all user errors
REFUSED = UserError
ROLES = (
    "portal",
    "service_user",
    "warranty_user",
    "approver",
    "manager",
    "other_company",
    "inventory_user",
)
WARRANTY_ROLES = {"warranty_user", "approver", "manager"}
APPROVERS = {"approver", "manager"}

# field -> a forged value (a callable gets the test case): every role is refused, in write
# and in create alike
PROTECTED_FIELDS = {
    "state": "approved",
    "decision": "goodwill",
    "goodwill_remedy": "replace",
    "outcome": "fixed",
    "submitted_by_id": lambda case: case.colleague.id,
    "submit_date": datetime(2020, 1, 1),
    "approved_by_id": lambda case: case.users["approver"].id,
    "approve_date": datetime(2020, 1, 1),
    "done_date": date(2020, 1, 1),
    "warranty_id": False,
    "claim_amount": 0.0,
    "covered_total": 0.0,
    "refund_amount": 0.0,
    "parts_cost": 0.0,
    "imported_parts_cost": 18500.0,
    "recommended_decision": "refund",
    "recommendation_reasons": "forged",
    "prior_repairs": 5,
    "check_ids": [Command.clear()],
    "review_ids": [Command.clear()],
    "info_request": "forged",
    "reject_reason": "forged",
    "import_reference": "FORGED-1",
    "return_picking_id": False,
    "repair_id": False,
    "credit_note_id": False,
    "days_in_repair": 99,
    "recommendation_data": {"reasons": [["no_cover", {}]]},
    "allowed_remedies_display": "forged",
    "repair_overdue": True,
    "waiting_customer_since": date(2020, 1, 1),
    "customer_wait_days": 30,
    "loaner_lot_id": False,
    "loaner_picking_id": False,
    "loaner_return_picking_id": False,
    "loaner_state": "returned",
    "purchase_date": date(2020, 1, 1),
    "goods_cover_end": date(2099, 1, 1),
}

# (action, state the claim is brought to, who submitted it, roles allowed, state after)
ACTIONS = (
    ("action_decide", "draft", None, WARRANTY_ROLES, "draft"),
    ("action_run_checks", "draft", None, WARRANTY_ROLES, "draft"),
    ("action_submit", "draft", None, WARRANTY_ROLES, "submitted"),
    ("action_approve", "submitted", "warranty_user", APPROVERS, "approved"),
    ("action_approve", "submitted", "approver", {"manager"}, "approved"),
    ("action_reject", "submitted", "warranty_user", APPROVERS, "rejected"),
    ("action_execute", "approved", "warranty_user", APPROVERS, "in_progress"),
    ("action_customer_replied", "draft", None, WARRANTY_ROLES, "draft"),
    ("action_lend_loaner", "in_progress", "warranty_user", WARRANTY_ROLES, "in_progress"),
    ("action_mark_no_fault_found", "in_progress", "warranty_user", WARRANTY_ROLES, "in_progress"),
    ("action_cancel", "draft", None, WARRANTY_ROLES, "cancel"),
    ("action_cancel", "submitted", "warranty_user", APPROVERS, "cancel"),
    ("action_cancel", "approved", "warranty_user", APPROVERS, "cancel"),
    ("action_reset_to_draft", "rejected", "warranty_user", APPROVERS, "draft"),
    ("unlink", "submitted", "warranty_user", set(), "submitted"),
)


@tagged("post_install", "-at_install")
class TestClaimIntegrity(WarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Company (integrity)"})
        portal = new_test_user(cls.env, "as_i_portal", groups="base.group_portal")
        portal.partner_id.parent_id = cls.customer
        only = "as_i_{}".format
        cls.users = {
            "portal": portal,
            "service_user": new_test_user(
                cls.env, only("service"), groups="aftersales_service.group_service_user"
            ),
            "warranty_user": new_test_user(
                cls.env, only("warranty"), groups="aftersales_warranty.group_warranty_user"
            ),
            "approver": new_test_user(
                cls.env, only("approver"), groups="aftersales_warranty.group_warranty_approver"
            ),
            "manager": new_test_user(
                cls.env, only("manager"), groups="aftersales_warranty.group_warranty_manager"
            ),
            "other_company": new_test_user(
                cls.env,
                only("other"),
                groups="aftersales_warranty.group_warranty_manager",
                company_id=cls.other_company.id,
                company_ids=[Command.set(cls.other_company.ids)],
            ),
            "inventory_user": new_test_user(
                cls.env, only("stock"), groups="stock.group_stock_user"
            ),
        }
        cls.colleague = new_test_user(
            cls.env, only("colleague"), groups="aftersales_warranty.group_warranty_user"
        )
        cls.unit = cls.sell(price=1500.0)
        cls.unit.delivery_date = date.today() - timedelta(days=30)
        # a loaner to lend (the test rule set requires one once a repair lasts a day)
        cls.rule_set.loaner_after_days = 1
        loaners = cls.env["stock.location"].create(
            {
                "name": "Loaners",
                "usage": "internal",
                "location_id": cls.warehouse.view_location_id.id,
            }
        )
        cls.company.aftersales_loaner_location_id = loaners
        loaner = cls.env["stock.lot"].create({"name": "LOAN-I-1", "product_id": cls.product.id})
        cls.env["stock.quant"]._update_available_quantity(cls.product, loaners, 1, lot_id=loaner)

    def claim_in(self, state, submitted_by=None, unit=None):
        """A claim brought to `state` through its actions, submitted by `submitted_by`."""
        submitter = self.users[submitted_by or "warranty_user"]
        claim = self.make_claim(
            unit or self.unit, user=submitter, decision="repair", labour_cost=32.0
        )
        if state == "draft":
            return claim
        claim.action_submit()
        if state == "rejected":
            claim.with_user(self.users["manager"]).action_reject()
        elif state in ("approved", "in_progress"):
            claim.with_user(self.users["manager"]).action_approve()
            if state == "in_progress":
                claim.with_user(self.users["manager"]).action_execute()
        self.assertEqual(claim.state, state)
        return claim

    def snapshot(self, claim):
        claim.invalidate_recordset()
        names = [name for name in PROTECTED_FIELDS if name not in ("check_ids", "review_ids")]
        values = claim.sudo().read(names)[0]
        values["check_ids"] = claim.sudo().check_ids.ids
        values["review_ids"] = claim.sudo().review_ids.ids
        return values

    def forged(self, field):
        value = PROTECTED_FIELDS[field]
        return value(self) if callable(value) else value

    def test_protected_fields_are_refused_to_every_role(self):
        for state in ("draft", "submitted", "approved"):
            claim = self.claim_in(state, unit=self.sell())
            before = self.snapshot(claim)
            for role in ROLES:
                for field in PROTECTED_FIELDS:
                    with self.subTest(state=state, role=role, field=field):
                        with self.assertRaises(REFUSED), self.env.cr.savepoint():
                            claim.with_user(self.users[role]).write({field: self.forged(field)})
                        self.assertEqual(self.snapshot(claim), before)

    def test_protected_fields_are_refused_at_creation(self):
        Claim = self.env["aftersales.claim"]
        before = Claim.search_count([])
        for role in ROLES:
            for field in PROTECTED_FIELDS:
                vals = {
                    "equipment_id": self.unit.id,
                    "failure_code_id": self.failure.id,
                    field: self.forged(field),
                }
                with (
                    self.subTest(role=role, field=field),
                    self.assertRaises(REFUSED),
                    self.env.cr.savepoint(),
                ):
                    Claim.with_user(self.users[role]).create(vals)
        self.assertEqual(Claim.search_count([]), before)

    def test_actions_run_only_for_the_roles_they_name(self):
        for action, state, submitted_by, allowed, state_after in ACTIONS:
            for role in ROLES:
                with (
                    self.subTest(action=action, state=state, submitter=submitted_by, role=role),
                    closing(self.env.cr.savepoint()),  # rolled back: each cell starts anew
                ):
                    claim = self.claim_in(state, submitted_by)
                    call = getattr(claim.with_user(self.users[role]), action)
                    args = ("goodwill", "replace") if action == "action_decide" else ()
                    if role in allowed:
                        call(*args)
                        self.assertEqual(claim.state, state_after)
                        continue
                    before = self.snapshot(claim)
                    with self.assertRaises(REFUSED), self.env.cr.savepoint():
                        call(*args)
                    self.assertTrue(claim.exists())
                    self.assertEqual(self.snapshot(claim), before)

    def test_an_approver_with_only_our_roles_carries_out_each_remedy(self):
        """Finding 9: execution needs no stock, repair or accounting role."""
        approver = self.users["approver"]
        repair = self.claim_in("submitted")
        replace = self.make_claim(self.sell(), user=self.users["warranty_user"], decision="replace")
        refund = self.make_claim(self.sell(), user=self.users["warranty_user"], decision="refund")
        (replace | refund).action_submit()
        claims = (repair | replace | refund).with_user(approver)
        claims.action_approve()
        claims.action_execute()
        self.assertEqual(set(claims.mapped("state")), {"in_progress"})
        self.assertTrue(repair.repair_id)
        self.assertTrue(replace.replacement_picking_id)
        self.assertEqual(refund.credit_note_id.move_type, "out_refund")
        self.assertEqual(repair.repair_id.create_uid, approver)
