from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import WarrantyCase


class ApprovalCase(WarrantyCase):
    """Tiers on refunds above 1,000 (a manager) and on goodwill (an approver, then a manager)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.claim_model = cls.env["ir.model"]._get("aftersales.claim")
        manager_group = cls.env.ref("aftersales_warranty.group_warranty_manager")
        approver_group = cls.env.ref("aftersales_warranty.group_warranty_approver")
        cls.refund_tier = cls.env["tier.definition"].create(
            {
                "name": "Refunds above 1,000",
                "model_id": cls.claim_model.id,
                "review_type": "group",
                "reviewer_group_id": manager_group.id,
                "definition_domain": "[('decision', '=', 'refund'), ('claim_amount', '>', 1000)]",
                "exclude_requester": True,
            }
        )
        cls.goodwill_tiers = cls.env["tier.definition"].create(
            [
                {
                    "name": f"Goodwill level {level}",
                    "model_id": cls.claim_model.id,
                    "review_type": "group",
                    "reviewer_group_id": group.id,
                    "definition_domain": "[('decision', '=', 'goodwill')]",
                    "approve_sequence": True,
                    "sequence": 30 - level,
                    "exclude_requester": True,
                }
                for level, group in ((1, approver_group), (2, manager_group))
            ]
        )

    def setUp(self):
        super().setUp()
        self.unit = self.sell(price=1500.0)
        self.unit.delivery_date = date.today() - timedelta(days=30)


@tagged("post_install", "-at_install")
class TestClaimApproval(ApprovalCase):
    """Approval through base_tier_validation: tiers by amount and decision, four eyes."""

    def test_claims_under_every_tier_need_no_review(self):
        claim = self.make_claim(self.unit)
        claim.action_submit()
        self.assertFalse(claim.review_ids)
        self.assertTrue(claim.with_user(self.approver).can_be_approved)
        claim.with_user(self.approver).action_approve()
        self.assertEqual(claim.state, "approved")
        self.assertEqual(claim.approved_by_id, self.approver)

    def test_a_large_refund_needs_a_warranty_manager(self):
        claim = self.make_claim(self.unit, decision="refund")
        claim.action_submit()
        self.assertEqual(claim.claim_amount, 1500.0)
        self.assertEqual(claim.review_ids.definition_id, self.refund_tier)
        with self.assertRaises(UserError):
            claim.with_user(self.approver).action_approve()
        # an approver is not among the reviewers: validating does nothing
        claim.with_user(self.approver).validate_tier()
        self.assertEqual(claim.state, "submitted")
        claim.with_user(self.warranty_manager).validate_tier()
        self.assertEqual(claim.state, "approved")
        self.assertEqual(claim.approved_by_id, self.warranty_manager)

    def test_the_nightly_reevaluation_refreshes_claims_waiting_for_a_tier(self):
        claim = self.make_claim(self.unit, decision="refund")
        claim.action_submit()
        self.assertEqual(claim.review_ids.status, "pending")
        claim.sudo().write({"recommended_remedies": "", "recommendation_data": {}})
        self.env["aftersales.claim"]._cron_reevaluate_open_claims()
        self.assertTrue(claim.recommended_remedies)
        self.assertTrue(claim.recommendation_data["remedies"])
        with self.assertRaises(ValidationError):
            claim.write({"description": "<p>Changed under review</p>"})

    def test_a_small_refund_skips_the_manager_tier(self):
        self.policy.prorata = "linear"
        self.unit.delivery_date = date.today() - timedelta(days=500)
        claim = self.make_claim(self.unit, decision="refund")
        claim.action_submit()
        self.assertLess(claim.claim_amount, 1000.0)
        self.assertFalse(claim.review_ids)

    def test_goodwill_needs_two_levels_in_order(self):
        self.unit.delivery_date = date.today() - timedelta(days=760)
        claim = self.make_claim(self.unit, decision="goodwill")
        claim.action_submit()
        self.assertEqual(len(claim.review_ids), 2)
        claim.with_user(self.warranty_manager).validate_tier()
        claim.invalidate_recordset()
        # the manager's level waits for the approver's, and one user does not clear both
        self.assertEqual(claim.state, "submitted")
        claim.with_user(self.approver).validate_tier()
        self.assertEqual(claim.state, "submitted")
        claim.with_user(self.warranty_manager).validate_tier()
        self.assertEqual(claim.state, "approved")

    def test_a_rejected_review_rejects_the_claim(self):
        claim = self.make_claim(self.unit, decision="refund")
        claim.action_submit()
        claim.with_user(self.warranty_manager).reject_tier()
        self.assertEqual(claim.state, "rejected")

    def test_the_submitter_cannot_approve_their_own_claim(self):
        claim = self.make_claim(self.unit, user=self.approver)
        claim.with_user(self.approver).action_submit()
        self.assertFalse(claim.with_user(self.approver).can_be_approved)
        with self.assertRaisesRegex(UserError, "another approver must approve"):
            claim.with_user(self.approver).action_approve()
        self.assertEqual(claim.state, "submitted")
        claim.with_user(self.second_approver).action_approve()
        self.assertEqual(claim.state, "approved")

    def test_self_approval_when_the_company_allows_it(self):
        self.company.aftersales_allow_self_approval = True
        claim = self.make_claim(self.unit, user=self.approver)
        claim.with_user(self.approver).action_submit()
        claim.with_user(self.approver).action_approve()
        self.assertEqual(claim.state, "approved")

    def test_approving_over_rpc_without_the_approver_group_is_refused(self):
        claim = self.make_claim(self.unit)
        claim.action_submit()
        for action in ("action_approve", "action_reject", "action_execute"):
            with self.assertRaises(AccessError):
                getattr(claim.with_user(self.warranty_user), action)()
        self.assertEqual(claim.state, "submitted")

    def test_writing_the_state_around_the_tiers_is_refused(self):
        claim = self.make_claim(self.unit, decision="refund")
        claim.action_submit()
        with self.assertRaisesRegex(AccessError, "change only through its buttons"):
            claim.with_user(self.warranty_manager).write({"state": "approved"})
        self.assertEqual(claim.state, "submitted")

    def test_reset_after_rejection_clears_the_reviews(self):
        claim = self.make_claim(self.unit, decision="refund")
        claim.action_submit()
        claim.with_user(self.warranty_manager).reject_tier()
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            claim.action_reset_to_draft()  # the warranty user who made it
        claim.with_user(self.approver).action_reset_to_draft()
        self.assertEqual(claim.state, "draft")
        self.assertFalse(claim.review_ids)
        trace = claim.message_ids.filtered(lambda m: "reviews discarded" in (m.body or ""))
        self.assertIn("Rejected", trace.body)

    def test_a_tier_on_the_product_category(self):
        self.env["tier.definition"].create(
            {
                "name": "Chillers need a manager",
                "model_id": self.claim_model.id,
                "review_type": "group",
                "reviewer_group_id": self.env.ref("aftersales_warranty.group_warranty_manager").id,
                "definition_domain": f"[('product_id.categ_id', '=', {self.category.id})]",
            }
        )
        claim = self.make_claim(self.unit)
        claim.action_submit()
        self.assertEqual(claim.review_ids.definition_id.name, "Chillers need a manager")
        with self.assertRaises(UserError):
            claim.with_user(self.approver).action_approve()
        claim.with_user(self.warranty_manager).validate_tier()
        self.assertEqual(claim.state, "approved")


@tagged("post_install", "-at_install")
class TestClaimApprovalIntegrity(ApprovalCase):
    """Regressions of the ways around approval found over RPC (issue 12, findings 1 and 2)."""

    def test_goodwill_reviews_cannot_be_dropped_by_cancel_and_reset(self):
        self.unit.delivery_date = date.today() - timedelta(days=760)
        claim = self.make_claim(self.unit, decision="goodwill")
        claim.action_submit()
        self.assertEqual(len(claim.review_ids), 2)
        for action in ("action_cancel", "action_reset_to_draft"):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                getattr(claim, action)()  # the warranty user who made it
        self.assertEqual(len(claim.review_ids), 2)
        claim.with_user(self.approver).action_cancel()
        trace = claim.message_ids.filtered(lambda m: "reviews discarded" in (m.body or ""))
        self.assertIn("Goodwill level 1", trace.body)
        claim.with_user(self.approver).action_reset_to_draft()
        with self.assertRaises(AccessError):
            claim.write({"state": "approved"})
        self.assertEqual(claim.state, "draft")
        # submitted again, the goodwill asks for both reviews again
        claim.action_decide("goodwill", "repair")
        claim.action_submit()
        self.assertEqual(len(claim.review_ids), 2)
        self.assertEqual(set(claim.review_ids.mapped("status")), {"pending", "waiting"})

    def test_an_approved_repair_cannot_become_a_goodwill_replacement(self):
        claim = self.make_claim(self.unit, decision="repair", labour_cost=32.0)
        claim.action_submit()
        claim.with_user(self.approver).action_approve()
        with self.assertRaises(AccessError):
            claim.write({"decision": "goodwill", "goodwill_remedy": "replace"})
        with self.assertRaises(UserError):
            claim.action_decide("goodwill", "replace")
        self.assertEqual((claim.state, claim.decision), ("approved", "repair"))
        self.assertEqual(claim.claim_amount, 32.0)

    def test_a_changed_amount_after_approval_sends_the_claim_back(self):
        claim = self.make_claim(self.unit, decision="refund")
        self.policy.prorata = "linear"
        self.unit.delivery_date = date.today() - timedelta(days=500)
        claim.action_submit()
        self.assertFalse(claim.review_ids)  # under the refund tier's 1,000
        claim.with_user(self.approver).action_approve()
        claim.write({"unit_value": 18500.0})
        self.assertEqual(claim.state, "submitted")
        self.assertFalse(claim.approved_by_id)
        self.assertEqual(claim.review_ids.definition_id, self.refund_tier)
        self.assertIn("needs approval again", claim.message_ids[:1].body)
        with self.assertRaises(UserError):
            claim.with_user(self.approver).action_approve()

    def test_a_new_decision_after_submission_restarts_the_reviews(self):
        self.unit.delivery_date = date.today() - timedelta(days=760)
        claim = self.make_claim(self.unit, decision="goodwill")
        claim.action_submit()
        claim.with_user(self.approver).validate_tier()
        claim.action_decide("goodwill", "replace")
        self.assertEqual(claim.state, "submitted")
        self.assertFalse(claim.review_ids.filtered(lambda r: r.status == "approved"))
        self.assertEqual(len(claim.review_ids), 2)
        trace = claim.message_ids.filtered(lambda m: "reviews discarded" in (m.body or ""))
        self.assertIn("Approved", trace.body)

    def test_parts_added_after_approval_send_the_claim_back(self):
        claim = self.make_claim(self.unit, decision="repair")
        claim.action_submit()
        claim.with_user(self.approver).action_approve()
        claim.write({"part_ids": [Command.create({"product_id": self.part.id, "quantity": 2})]})
        self.assertEqual(claim.state, "submitted")
        claim.with_user(self.approver).action_approve()
        claim.with_user(self.approver).action_execute()
        with self.assertRaisesRegex(UserError, "can no longer change"):
            claim.part_ids.quantity = 5
        with self.assertRaisesRegex(UserError, "can no longer change"):
            claim.write({"labour_cost": 5000.0})
        self.assertEqual(claim.state, "in_progress")

    def test_four_eyes_cannot_be_walked_around(self):
        claim = self.make_claim(self.unit, user=self.approver, decision="repair")
        with self.assertRaises(AccessError):
            claim.write({"state": "approved"})
        claim.action_submit()
        with self.assertRaises(AccessError):
            claim.write({"submitted_by_id": self.second_approver.id})
        self.assertEqual(claim.submitted_by_id, self.approver)
        self.assertEqual(
            claim.approval_blocker,
            f"You submitted claim {claim.name}: another approver must approve it.",
        )
        self.assertFalse(claim.can_be_approved)
        self.assertEqual(
            claim.with_user(self.warranty_user).approval_blocker,
            "Only warranty approvers can approve claims.",
        )
        claim.with_user(self.second_approver).action_approve()
        self.assertEqual(claim.approved_by_id, self.second_approver)

    def test_reviews_are_decided_only_through_the_claim(self):
        """base_tier_validation lets every internal user write tier.review: an approver
        approving the manager's tier of a large refund over RPC is refused."""
        claim = self.make_claim(self.unit, decision="refund")
        claim.action_submit()
        review = claim.review_ids
        self.assertEqual(review.definition_id, self.refund_tier)
        Review = self.env["tier.review"].with_user(self.approver)
        forged_writes = (
            {"status": "approved", "done_by": self.warranty_manager.id},
            {"reviewer_ids": [Command.link(self.approver.id)]},
            {"res_id": claim.id + 1},
        )
        for vals in forged_writes:
            with self.assertRaises(AccessError):
                review.with_user(self.approver).write(vals)
        with self.assertRaises(AccessError):
            review.with_user(self.approver).unlink()
        with self.assertRaises(AccessError):
            claim.with_user(self.approver).restart_validation()
        with self.assertRaises(AccessError):
            Review.create({"model": "aftersales.claim", "res_id": claim.id, "status": "approved"})
        self.assertEqual(review.status, "pending")
        with self.assertRaises(UserError):
            claim.with_user(self.approver).action_approve()
        review.with_user(self.approver).comment = "Checked the invoice."
        claim.with_user(self.warranty_manager).validate_tier()
        self.assertEqual((review.status, claim.state), ("approved", "approved"))
