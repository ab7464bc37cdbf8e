from ast import literal_eval

from odoo import api, fields, models
from odoo.api import NewId
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from .aftersales_remedy_rule import REMEDY_SELECTION

# the remedies of the evaluator's vocabulary, then what is not a remedy
REMEDIES = REMEDY_SELECTION
DECISIONS = [*REMEDIES, ("reject", "Reject"), ("goodwill", "Goodwill")]
# what the customer may not read of their own claim over RPC (the portal shows its own choice)
INTERNAL = "aftersales_service.group_service_user"
OPEN_STATES = ("draft", "submitted", "approved", "in_progress")
# a change of what the approval rests on sends these back through approval; later it is refused
UNDER_APPROVAL_STATES = ("submitted", "approved")


class AftersalesClaim(models.Model):
    """A warranty claim: from the failure report to the documents that settle it.

    States move only through ``action_*`` methods, which call the same ``_ensure_*`` guards
    the ``can_be_*`` flags (and so the buttons) use. Approval goes through
    ``base_tier_validation``: the tiers configured for claims decide who must approve.
    Checks and the recommendation live in ``aftersales_claim_review.py``, documents in
    ``aftersales_claim_execution.py``.

    Workflow fields (``_workflow_fields``, see ``aftersales.workflow.mixin``) are written by
    the actions only, after their guards. A change of what the approval rests on
    (``_approval_inputs``) after submission sends the claim back through approval.
    """

    _name = "aftersales.claim"
    _description = "Warranty Claim"
    # the workflow guard first: it refuses a forged write before any other override acts on it
    _inherit = [
        "aftersales.workflow.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "tier.validation",
    ]
    _order = "id desc"
    _check_company_auto = True
    _state_from = ["submitted"]
    _state_to = ["approved"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancel", "Cancelled"),
        ],
        required=True,
        default="draft",
        copy=False,
        tracking=True,
        index=True,
    )
    equipment_id = fields.Many2one(
        "aftersales.equipment",
        string="Unit",
        index=True,
        check_company=True,
        tracking=True,
    )
    # a unit claim reads them from its unit; a claim for goods from its purchase line
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        compute="_compute_lot_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    product_id = fields.Many2one(
        "product.product", compute="_compute_product_id", store=True, precompute=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        tracking=True,
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Service Request", index="btree_not_null", copy=False
    )
    user_id = fields.Many2one(
        "res.users", string="Handled By", default=lambda self: self.env.user, tracking=True
    )
    failure_date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, index=True
    )
    intake_date = fields.Date(
        string="Received On",
        required=True,
        default=fields.Date.context_today,
        help="When the unit or the claim reached us; repair time counts from here.",
    )
    symptom_id = fields.Many2one("aftersales.claim.symptom")
    failure_code_id = fields.Many2one("aftersales.failure.code", index=True, tracking=True)
    defect_class = fields.Selection(related="failure_code_id.defect_class", store=True)
    description = fields.Html()
    usage_reading = fields.Float(help="Counter reading at failure (km, hours, cycles).")
    exclusion_ids = fields.Many2many(
        "aftersales.warranty.exclusion",
        string="Conditions Found",
        compute="_compute_exclusion_ids",
        store=True,
        readonly=False,
        help="Conditions found on the unit that a warranty may exclude.",
    )
    requested_remedy = fields.Selection(REMEDIES, string="Customer Asks For")
    warranty_id = fields.Many2one(
        "aftersales.warranty",
        string="Cover",
        compute="_compute_warranty_id",
        store=True,
        index="btree_not_null",
    )
    policy_id = fields.Many2one(
        "aftersales.warranty.policy", compute="_compute_policy_id", store=True
    )
    warranty_date_end = fields.Date(related="warranty_id.date_end", string="Covered Until")

    part_ids = fields.One2many("aftersales.claim.part", "claim_id", string="Parts", copy=True)
    parts_cost = fields.Monetary(compute="_compute_parts_cost", store=True, groups=INTERNAL)
    imported_parts_cost = fields.Monetary(
        copy=False,
        readonly=True,
        groups=INTERNAL,
        help="Parts cost recorded by the system the claim was imported from.",
    )
    labour_cost = fields.Monetary(groups=INTERNAL)
    travel_cost = fields.Monetary(string="Travel and Expenses", groups=INTERNAL)
    unit_value = fields.Monetary(
        compute="_compute_unit_value",
        store=True,
        readonly=False,
        precompute=True,
        groups=INTERNAL,
        help="What the customer paid for the unit (their sale line), else its list price.",
    )

    decision = fields.Selection(DECISIONS, readonly=True, tracking=True, copy=False)
    goodwill_remedy = fields.Selection(
        REMEDIES,
        default="repair",
        readonly=True,
        help="What a goodwill gesture gives the customer.",
    )
    decision_note = fields.Text(tracking=True)
    outcome = fields.Selection(
        [("fixed", "Fixed"), ("not_fixed", "Not Fixed"), ("no_fault_found", "No Fault Found")],
        tracking=True,
        copy=False,
        help="No fault found does not count as a repair attempt.",
    )
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False, groups=INTERNAL)
    submit_date = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True, groups=INTERNAL
    )
    approve_date = fields.Datetime(readonly=True, copy=False)
    done_date = fields.Date(readonly=True, copy=False)

    can_be_submitted = fields.Boolean(compute="_compute_can_be")
    can_be_approved = fields.Boolean(compute="_compute_can_be")
    can_be_rejected = fields.Boolean(compute="_compute_can_be")
    can_be_executed = fields.Boolean(compute="_compute_can_be")
    can_be_cancelled = fields.Boolean(compute="_compute_can_be")
    can_be_reset = fields.Boolean(compute="_compute_can_be")
    approval_blocker = fields.Char(
        string="Why Not Approvable",
        compute="_compute_can_be",
        help="Why the current user cannot approve this submitted claim.",
    )

    _positive_costs = models.Constraint(
        "CHECK(labour_cost >= 0 AND travel_cost >= 0 AND unit_value >= 0)",
        "Costs and the unit value cannot be negative.",
    )
    _positive_usage = models.Constraint(
        "CHECK(usage_reading IS NULL OR usage_reading >= 0)",
        "A usage reading cannot be negative.",
    )

    @api.model
    def _get_tier_validation_model_names(self):
        return ["aftersales.claim"]

    def _compute_need_validation(self):
        """As base_tier_validation computes it, with the tier definitions searched once per
        set of companies instead of once per claim: a batch of claims carried out read them
        twice per claim."""
        tiers_of = {}
        for claim in self:
            if isinstance(claim.id, NewId):
                claim.need_validation = False
                continue
            companies = tuple(claim._get_company().ids)
            if companies not in tiers_of:
                tiers_of[companies] = (
                    self.env["tier.definition"]
                    .with_context(active_test=True)
                    .search(
                        Domain("model", "=", self._name)
                        & Domain("company_id", "in", [False, *companies])
                    )
                )
            claim.need_validation = (
                not claim.review_ids
                and any(claim.evaluate_tier(tier) for tier in tiers_of[companies])
                and claim._check_state_from_condition()
            )

    @api.model_create_multi
    def create(self, vals_list):
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        for vals, name in zip(unnamed, self._next_claim_numbers(len(unnamed)), strict=True):
            vals["name"] = name
        for vals in vals_list:
            goods = vals.get("sale_line_id") or vals.get("invoice_line_id")
            if vals.get("lot_id") and not vals.get("equipment_id") and not goods:
                vals["equipment_id"] = self._unit_of_serial(vals.pop("lot_id")).id
        return super().create(vals_list)

    @api.model
    def _next_claim_numbers(self, count):
        """`count` claim numbers, as ``next_by_code`` draws them (the current company's
        sequence, else the shared one), with one search of the sequence and one draw for the
        batch rather than one of each per claim."""
        if not count:
            return []
        sequences = self.env["ir.sequence"]
        sequences.browse().check_access("read")
        sequence = sequences.search(
            [("code", "=", "aftersales.claim"), ("company_id", "in", [self.env.company.id, False])],
            order="company_id",
            limit=1,
        )
        if not sequence:
            return ["/"] * count
        return sequence._aftersales_next_batch(count)

    def write(self, vals):
        sent_back, changed = self._claims_sent_back_by(vals)
        result = super().write(vals)
        sent_back._send_back_through_approval(changed)
        return result

    # ------------------------------------------------------------------
    # Workflow fields: written by the actions only
    # ------------------------------------------------------------------
    @api.model
    def _workflow_fields(self):
        """Fields only the claim's actions write (computed amounts and cover included, which
        a plain write would otherwise overwrite); each layer adds its own."""
        return {
            *super()._workflow_fields(),
            "state",
            "decision",
            "goodwill_remedy",
            "outcome",
            "submitted_by_id",
            "submit_date",
            "approved_by_id",
            "approve_date",
            "done_date",
            "warranty_id",
            "parts_cost",
            "imported_parts_cost",
            "review_ids",
        }

    @api.model
    def _approval_inputs(self):
        """What the approval rests on: the claim amount's inputs, and every field a tier of
        claims reads (a tier on the product category makes the product an input)."""
        inputs = {
            "equipment_id",
            "partner_id",
            "company_id",
            "failure_date",
            "failure_code_id",
            "exclusion_ids",
            "requested_remedy",
            "part_ids",
            "labour_cost",
            "travel_cost",
            "unit_value",
            "price_reduction_amount",
        }
        tiers = self.env["tier.definition"].sudo().search([("model", "=", self._name)])
        for domain in tiers.filtered("definition_domain").mapped("definition_domain"):
            inputs.update(
                leaf[0].split(".")[0]
                for leaf in literal_eval(domain)
                if isinstance(leaf, (list, tuple)) and leaf and isinstance(leaf[0], str)
            )
        return inputs & set(self._fields)

    def _claims_sent_back_by(self, vals):
        """(claims, fields): the claims that a user's write of `vals` sends back through
        approval, and the approval inputs it changes. The change is refused on claims
        already carried out or closed; drafts and the actions' own writes are not concerned."""
        if self.env.su or all(claim.state == "draft" for claim in self):
            return self.browse(), set()
        changed = self._approval_inputs() & vals.keys()
        if not changed:
            return self.browse(), set()
        settled = self.filtered(lambda claim: claim.state not in ("draft", *UNDER_APPROVAL_STATES))
        if settled:
            raise UserError(
                self.env._(
                    "Claim %(claim)s is %(state)s: %(fields)s can no longer change.",
                    claim=settled[0].name,
                    state=settled[0]._state_label(),
                    fields=", ".join(sorted(self._fields[name].string for name in changed)),
                )
            )
        return self.filtered(lambda claim: claim.state in UNDER_APPROVAL_STATES), changed

    def _send_back_through_approval(self, changed):
        """What the approval rested on changed: the claim waits for a new approval, its
        reviews discarded with a trace, its checks run again and its tiers requested anew."""
        if not self:
            return
        what = ", ".join(sorted(self._fields[name].string for name in changed))
        self._discard_reviews(self.env._("%s changed after submission", what))
        self._write_workflow({"state": "submitted", "approved_by_id": False, "approve_date": False})
        self._run_checks()
        self._request_approval()
        for claim in self:
            claim.message_post(
                body=self.env._(
                    "%s changed after submission: the claim needs approval again.", what
                )
            )

    def _discard_reviews(self, reason):
        """Delete the approval reviews, leaving who had decided what in the chatter."""
        for claim in self.filtered("review_ids"):
            lines = [
                self.env._(
                    "%(tier)s: %(status)s%(by)s",
                    tier=review.name or review.definition_id.name,
                    status=dict(review._fields["status"]._description_selection(self.env))[
                        review.status
                    ],
                    by=f" ({review.done_by.name})" if review.done_by else "",
                )
                for review in claim.review_ids
            ]
            claim.message_post(
                body=self.env._(
                    "Approval reviews discarded (%(reason)s): %(reviews)s.",
                    reason=reason,
                    reviews="; ".join(lines),
                )
            )
            claim.review_ids.sudo().unlink()

    def _request_approval(self):
        """Ask for the reviews the tiers require now."""
        self.invalidate_recordset(["need_validation"])
        self.filtered("need_validation").request_validation()
        # the reviews now exist: the flag read before them is stale
        self.invalidate_recordset(["need_validation"])

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    @api.model
    def _unit_of_serial(self, lot_id):
        """The installed-base unit of a serial number, or a clear error."""
        unit = self.env["aftersales.equipment"].search([("lot_id", "=", lot_id)], limit=1)
        if not unit:
            lot = self.env["stock.lot"].browse(lot_id)
            raise ValidationError(
                self.env._(
                    "Serial number %s is not in our installed base: register the unit first.",
                    lot.name or lot_id,
                )
            )
        return unit

    def _compute_access_url(self):
        for claim in self:
            claim.access_url = f"/my/claims/{claim.id}"

    @api.depends("equipment_id")
    def _compute_lot_id(self):
        for claim in self:
            claim.lot_id = claim.equipment_id.lot_id if claim.equipment_id else claim.lot_id

    @api.depends("equipment_id")
    def _compute_product_id(self):
        for claim in self:
            claim.product_id = claim.equipment_id.product_id

    @api.depends("warranty_id.policy_id")
    def _compute_policy_id(self):
        for claim in self:
            claim.policy_id = claim.warranty_id.policy_id

    @api.depends("equipment_id")
    def _compute_partner_id(self):
        for claim in self:
            claim.partner_id = claim.equipment_id.partner_id or claim.partner_id

    @api.depends("failure_code_id")
    def _compute_exclusion_ids(self):
        for claim in self:
            claim.exclusion_ids |= claim.failure_code_id.exclusion_id

    @api.depends("part_ids.cost", "imported_parts_cost")
    def _compute_parts_cost(self):
        for claim in self:
            claim.parts_cost = sum(claim.part_ids.mapped("cost")) + claim.imported_parts_cost

    @api.depends("equipment_id")
    def _compute_unit_value(self):
        for claim in self:
            line = claim.equipment_id.sale_line_id
            claim.unit_value = line.price_unit if line else claim.product_id.list_price

    @api.depends(
        "equipment_id.warranty_ids.date_start",
        "equipment_id.warranty_ids.date_end",
        "equipment_id.warranty_ids.voided",
        "failure_date",
    )
    def _compute_warranty_id(self):
        for claim in self:
            covering = claim.equipment_id.warranty_ids.filtered(
                lambda w, day=claim.failure_date: day and w._covers(day)
            )
            # the cover that lasts longest decides (extended cover after the standard one)
            claim.warranty_id = covering.sorted("date_end", reverse=True)[:1]

    @api.constrains("failure_date", "intake_date", "equipment_id")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for claim in self:
            if claim.failure_date > today:
                raise ValidationError(self.env._("The failure date cannot be in the future."))
            delivered = claim.equipment_id.delivery_date
            if delivered and claim.failure_date < delivered:
                raise ValidationError(
                    self.env._(
                        "The failure date %(failure)s is before the unit was delivered "
                        "(%(delivery)s).",
                        failure=claim.failure_date,
                        delivery=delivered,
                    )
                )
            if claim.intake_date < claim.failure_date:
                raise ValidationError(self.env._("A claim cannot be received before the failure."))

    @api.constrains("equipment_id", "partner_id")
    def _check_unit_belongs_to_customer(self):
        for claim in self:
            owner = claim.equipment_id.partner_id
            if owner and claim.partner_id.commercial_partner_id != owner:
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s belongs to %(owner)s, not to %(customer)s.",
                        unit=claim.equipment_id.display_name,
                        owner=owner.display_name,
                        customer=claim.partner_id.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(claim.state not in ("draft", "cancel") for claim in self):
            raise UserError(self.env._("Only draft or cancelled claims can be deleted."))

    # ------------------------------------------------------------------
    # Guards: the buttons and the RPC calls obey the same rules
    # ------------------------------------------------------------------
    @api.depends("state", "decision", "validation_status", "submitted_by_id", "submit_date")
    @api.depends_context("uid")
    def _compute_can_be(self):
        is_approver = self._is_approver()
        for claim in self:
            blocker = claim._approval_blocker()
            claim.can_be_submitted = claim.state == "draft"
            claim.can_be_approved = blocker is None
            claim.approval_blocker = blocker if claim.state == "submitted" else False
            claim.can_be_rejected = claim.state == "submitted" and is_approver
            claim.can_be_executed = claim.state == "approved" and is_approver
            claim.can_be_cancelled = claim.state == "draft" or (
                claim.state in UNDER_APPROVAL_STATES and is_approver
            )
            claim.can_be_reset = claim.state in ("rejected", "cancel") and (
                is_approver or not claim.submit_date
            )

    def _tier_validation_check_write_allowed(self, vals):
        """base_tier_validation checks every claim written, and its after-validation check
        looks the exceptions up (two queries) before it tests the status: each write cost two
        queries per claim. Both of its checks only concern claims under review or validated,
        so the others are left out: same outcome, no query per claim."""
        concerned = self.filtered(
            lambda claim: claim.review_ids or claim.validation_status == "validated"
        )
        return super(AftersalesClaim, concerned)._tier_validation_check_write_allowed(vals)

    def _is_approver(self):
        return self.env.user.has_group("aftersales_warranty.group_warranty_approver")

    def _approval_blocker(self):
        """Why the current user cannot approve this claim now, or None."""
        self.ensure_one()
        if self.state != "submitted":
            return self.env._("Only submitted claims can be approved (%s is not).", self.name)
        if not self._is_approver():
            return self.env._("Only warranty approvers can approve claims.")
        if not self.decision or self.decision == "reject":
            return self.env._("Claim %s has no decision to approve; reject it instead.", self.name)
        if self.review_ids and self.validation_status != "validated":
            return self.env._(
                "Claim %s waits for its approval reviews: approve it there.", self.name
            )
        if self.need_validation:
            return self.env._("Claim %s needs approval reviews first.", self.name)
        if (
            self.submitted_by_id == self.env.user
            and not self.company_id.aftersales_allow_self_approval
        ):
            return self.env._(
                "You submitted claim %s: another approver must approve it.", self.name
            )
        return None

    def _ensure_state(self, states, action):
        for claim in self:
            if claim.state not in states:
                raise UserError(
                    self.env._(
                        "Claim %(claim)s is %(state)s: it cannot be %(action)s.",
                        claim=claim.name,
                        state=claim._state_label(),
                        action=action,
                    )
                )

    def _ensure_approver(self):
        if not self._is_approver():
            raise AccessError(
                self.env._("Only warranty approvers can approve, reject or execute claims.")
            )

    def _ensure_can_be_approved(self):
        self._ensure_approver()
        for claim in self:
            blocker = claim._approval_blocker()
            if blocker:
                raise UserError(blocker)

    def _lock_and_refresh(self):
        """Check that the user may change the claims, row-lock them, then re-read their
        state: a second click or a second user waits for (or fails on) the first, and sees
        what it did."""
        self._ensure_can_write()
        self.lock_for_update()
        self.invalidate_recordset()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_decide(self, decision, goodwill_remedy=False, note=None):
        """Set the decision to submit (in draft) or to approve (once submitted: the approval
        starts over, since the amount and the tiers follow the decision)."""
        self._lock_and_refresh()
        self._ensure_state(("draft", "submitted"), self.env._("decided on"))
        if decision not in dict(DECISIONS) or (
            decision == "goodwill" and goodwill_remedy not in dict(REMEDIES)
        ):
            raise UserError(self.env._("Choose a decision, and for goodwill what it gives."))
        vals = {"decision": decision}
        if decision == "goodwill":
            vals["goodwill_remedy"] = goodwill_remedy
        if note is not None:
            vals["decision_note"] = note
        changed = {name for name in ("decision", "goodwill_remedy") if name in vals}
        submitted = self.filtered(
            lambda claim: (
                claim.state == "submitted" and any(claim[name] != vals[name] for name in changed)
            )
        )
        # the reviews under way are discarded with a trace just after: let the write through
        self.with_context(skip_validation_check=True)._write_workflow(vals)
        submitted._send_back_through_approval(changed)
        return True

    def action_submit(self):
        self._lock_and_refresh()
        self._ensure_state(("draft",), self.env._("submitted"))
        self._run_checks()
        blocked = self.check_ids.filtered(lambda check: check.result == "block")
        if blocked:
            raise UserError(
                self.env._(
                    "The claim cannot be submitted:\n%s", "\n".join(blocked.mapped("message"))
                )
            )
        for claim in self:
            claim._write_workflow(
                {
                    "state": "submitted",
                    "decision": claim.decision or claim.recommended_decision,
                    "submitted_by_id": self.env.uid,
                    "submit_date": fields.Datetime.now(),
                }
            )
        self._request_approval()
        self._send_step_mail("received")
        return True

    def action_approve(self):
        self._lock_and_refresh()
        self._ensure_can_be_approved()
        self._action_approve()
        return True

    def _action_approve(self):
        self._write_workflow(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approve_date": fields.Datetime.now(),
            }
        )
        self._send_step_mail("approved")

    def action_reject(self):
        self._lock_and_refresh()
        self._ensure_approver()
        self._ensure_state(("submitted",), self.env._("rejected"))
        self._action_reject()
        return True

    def _action_reject(self):
        self.with_context(skip_validation_check=True)._write_workflow(
            {"state": "rejected", "decision": "reject", "approved_by_id": self.env.uid}
        )
        self._send_step_mail("rejected")

    # base_tier_validation decides the reviews of the acting user (superuser mode keeps it);
    # the reviews themselves refuse any other writer (tier_review.py)
    def _validate_tier(self, tiers=False):
        """The user's pending reviews approved; the last one moves the claim to approved."""
        result = super(AftersalesClaim, self.sudo())._validate_tier(tiers and tiers.sudo())
        if self.state == "submitted" and self.validation_status == "validated":
            self._ensure_can_be_approved()
            self._action_approve()
        return result

    def _rejected_tier(self, tiers=False):
        result = super(AftersalesClaim, self.sudo())._rejected_tier(tiers and tiers.sudo())
        if self.state == "submitted" and self.validation_status == "rejected":
            self._action_reject()
        return result

    def request_validation(self):
        """Reviews are asked by the claim's submission only, as its tiers say."""
        self._ensure_can_write()
        return super(AftersalesClaim, self.sudo()).request_validation()

    def action_cancel(self):
        """A draft is withdrawn by its handlers; a claim in approval only by an approver."""
        self._lock_and_refresh()
        self._ensure_state(("draft", *UNDER_APPROVAL_STATES), self.env._("cancelled"))
        if any(claim.state != "draft" for claim in self):
            self._ensure_approver()
        self._discard_reviews(self.env._("claim cancelled"))
        self._write_workflow({"state": "cancel"})
        self._remind_unreturned_loaner()
        return True

    def action_reset_to_draft(self):
        """A rejected or cancelled claim starts over; once it was submitted, only an approver
        may reopen it, and its reviews leave a trace in the chatter."""
        self._lock_and_refresh()
        self._ensure_state(("rejected", "cancel"), self.env._("reset to draft"))
        if any(claim.submit_date for claim in self):
            self._ensure_approver()
        self._discard_reviews(self.env._("claim reset to draft"))
        self._write_workflow(
            {
                "state": "draft",
                "decision": False,
                "submitted_by_id": False,
                "submit_date": False,
                "approved_by_id": False,
                "approve_date": False,
            }
        )
        return True

    @api.model
    def _count_per_unit_and_code(self, units, domain):
        """{(unit, failure code): count} of claims matching `domain`, in one query."""
        return {
            (unit, code): count
            for unit, code, count in self._read_group(
                [("equipment_id", "in", units.ids), *domain],
                ["equipment_id", "failure_code_id"],
                ["__count"],
            )
        }
