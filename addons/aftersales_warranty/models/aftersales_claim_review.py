from odoo import api, fields, models

from ..remedy import ClaimFacts
from .aftersales_claim import DECISIONS, INTERNAL, OPEN_STATES


class AftersalesClaim(models.Model):
    """Validation checks, coverage amounts and the recommended decision of a claim.

    Checks and recommendations run over a batch of claims with a fixed number of queries
    (one grouped count per question), whatever the number of units or past claims.
    """

    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    warranty_remaining_days = fields.Integer(related="warranty_id.remaining_days")
    warranty_coverage = fields.Char(related="equipment_id.warranty_coverage")
    past_claim_ids = fields.One2many(related="equipment_id.claim_ids", string="Claims on This Unit")
    check_ids = fields.One2many(
        "aftersales.claim.check",
        "claim_id",
        string="Checks",
        copy=False,
        readonly=True,
        groups=INTERNAL,
    )
    evidence_ids = fields.One2many("aftersales.claim.evidence", "claim_id")
    required_evidence_type_ids = fields.Many2many(
        "aftersales.evidence.type",
        string="Evidence Required",
        compute="_compute_evidence_checklist",
        help="What the symptom and the failure code ask for.",
    )
    missing_evidence_type_ids = fields.Many2many(
        "aftersales.evidence.type",
        string="Evidence Missing",
        compute="_compute_evidence_checklist",
    )
    check_result = fields.Selection(
        [("pass", "Passed"), ("warn", "Warnings"), ("block", "Blocked")],
        string="Check Verdict",
        compute="_compute_check_result",
        store=True,
        groups=INTERNAL,
    )
    prior_repairs = fields.Integer(
        string="Earlier Repairs of This Defect",
        readonly=True,
        copy=False,
        help="Done repairs of the same unit and failure code, no-fault-found excluded.",
        groups=INTERNAL,
    )
    days_out_of_service = fields.Integer(
        string="Days in Repair So Far",
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    days_in_repair = fields.Integer(
        readonly=True,
        copy=False,
        help="Days this claim's repair kept the unit.",
        groups=INTERNAL,
    )
    customer_share = fields.Float(
        string="Customer Pays (%)",
        compute="_compute_coverage",
        store=True,
        help="Pro-rata share of the cost the customer pays at the unit's age.",
        groups=INTERNAL,
    )
    covered_parts = fields.Monetary(
        compute="_compute_coverage",
        store=True,
        groups=INTERNAL,
    )
    covered_labour = fields.Monetary(
        compute="_compute_coverage",
        store=True,
        groups=INTERNAL,
    )
    covered_travel = fields.Monetary(
        compute="_compute_coverage",
        store=True,
        groups=INTERNAL,
    )
    covered_total = fields.Monetary(
        string="Covered Cost",
        compute="_compute_coverage",
        store=True,
        groups=INTERNAL,
    )
    refund_amount = fields.Monetary(
        compute="_compute_coverage",
        store=True,
        groups=INTERNAL,
    )
    claim_amount = fields.Monetary(
        compute="_compute_claim_amount",
        store=True,
        help="What the decision costs us: the covered repair, the replacement's value or the "
        "refund. Approval tiers are set on this amount.",
        groups=INTERNAL,
    )
    recommended_decision = fields.Selection(
        DECISIONS,
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    recommended_remedies = fields.Char(
        string="Remedies Allowed",
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    remedy_chooser = fields.Selection(
        [("customer", "Customer"), ("seller", "Seller")],
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    loaner_required = fields.Boolean(
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    recommendation_reasons = fields.Text(
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )

    @api.model
    def _workflow_fields(self):
        return {
            *super()._workflow_fields(),
            "check_ids",
            "check_result",
            "customer_share",
            "covered_parts",
            "covered_labour",
            "covered_travel",
            "covered_total",
            "refund_amount",
            "claim_amount",
            "prior_repairs",
            "days_out_of_service",
            "recommended_decision",
            "recommended_remedies",
            "remedy_chooser",
            "loaner_required",
            "recommendation_reasons",
        }

    @api.depends(
        "symptom_id.evidence_type_ids",
        "failure_code_id.evidence_type_ids",
        "evidence_ids.evidence_type_id",
    )
    def _compute_evidence_checklist(self):
        for claim in self:
            required = claim.symptom_id.evidence_type_ids | claim.failure_code_id.evidence_type_ids
            claim.required_evidence_type_ids = required
            claim.missing_evidence_type_ids = required - claim.evidence_ids.evidence_type_id

    @api.depends("check_ids.result")
    def _compute_check_result(self):
        for claim in self:
            results = set(claim.check_ids.mapped("result"))
            claim.check_result = next(
                (level for level in ("block", "warn", "pass") if level in results), False
            )

    @api.depends(
        "warranty_id",
        "decision",
        "failure_date",
        "parts_cost",
        "labour_cost",
        "travel_cost",
        "unit_value",
    )
    def _compute_coverage(self):
        for claim in self:
            warranty = claim.warranty_id
            policy = warranty.policy_id
            if warranty:
                share = policy._customer_share(warranty.date_start, claim.failure_date)
                rates = (policy.parts_coverage, policy.labour_coverage, policy.travel_coverage)
            elif claim.decision == "goodwill":
                share, rates = 0.0, (100.0, 100.0, 100.0)
            else:
                share, rates = 1.0, (0.0, 0.0, 0.0)
            costs = (claim.parts_cost, claim.labour_cost, claim.travel_cost)
            covered = [
                cost * rate / 100.0 * (1.0 - share) for cost, rate in zip(costs, rates, strict=True)
            ]
            claim.customer_share = share * 100.0
            claim.covered_parts, claim.covered_labour, claim.covered_travel = covered
            claim.covered_total = sum(covered)
            claim.refund_amount = claim.unit_value * (1.0 - share)

    @api.depends("decision", "goodwill_remedy", "covered_total", "refund_amount", "unit_value")
    def _compute_claim_amount(self):
        for claim in self:
            remedy = claim._remedy()
            claim.claim_amount = {
                "repair": claim.covered_total,
                "replace": claim.unit_value,
                "refund": claim.refund_amount,
            }.get(remedy, 0.0)

    def _remedy(self):
        """The remedy the decision carries out (goodwill gives its own remedy)."""
        self.ensure_one()
        if self.decision == "goodwill":
            return self.goodwill_remedy
        return self.decision if self.decision in ("repair", "replace", "refund") else False

    # ------------------------------------------------------------------
    # Validation checks
    # ------------------------------------------------------------------
    def action_run_checks(self):
        self._lock_and_refresh()
        self._ensure_state(("draft",), self.env._("checked"))
        self._run_checks()
        return True

    def _run_checks(self):
        """Run every check and the recommendation over the claims; store the verdicts.
        The questions are asked as the user, the verdicts written as the actions write."""
        units = self.equipment_id
        open_claims = self._count_per_unit_and_code(units, [("state", "in", OPEN_STATES)])
        repairs = self._count_per_unit_and_code(
            units,
            [
                ("state", "=", "done"),
                ("decision", "in", ("repair", "goodwill")),
                ("outcome", "!=", "no_fault_found"),
            ],
        )
        out_of_service = dict(
            self._read_group(
                [("equipment_id", "in", units.ids), ("state", "=", "done")],
                ["equipment_id"],
                ["days_in_repair:sum"],
            )
        )
        self.check_ids.sudo().unlink()
        check_vals = []
        for claim in self:
            key = (claim.equipment_id, claim.failure_code_id)
            # the claim itself is open once saved: count only the others
            others_open = open_claims.get(key, 0) - (claim.state in OPEN_STATES)
            claim._write_workflow(
                {
                    "prior_repairs": repairs.get(key, 0) if claim.failure_code_id else 0,
                    "days_out_of_service": out_of_service.get(claim.equipment_id, 0),
                }
            )
            verdicts = [
                claim._check_serial(),
                claim._check_cover(),
                claim._check_exclusions(),
                claim._check_duplicate(others_open),
                claim._check_repeat_repair(),
                claim._check_evidence(),
            ]
            check_vals += [
                {"claim_id": claim.id, "sequence": index, **verdict}
                for index, verdict in enumerate(verdicts)
            ]
        self.env["aftersales.claim.check"].sudo().create(check_vals)
        self._recommend()

    def _check_serial(self):
        unit = self.equipment_id
        if unit.delivery_move_id or unit.sale_line_id:
            return {
                "check": "serial",
                "result": "pass",
                "message": self.env._(
                    "Serial %(serial)s was delivered by us on %(date)s.",
                    serial=unit.lot_id.name,
                    date=unit.delivery_date or "-",
                ),
            }
        return {
            "check": "serial",
            "result": "warn",
            "message": self.env._(
                "Serial %s is in the installed base but we have no delivery of it.",
                unit.lot_id.name,
            ),
        }

    def _check_cover(self):
        warranty = self.warranty_id
        if warranty:
            return {
                "check": "cover",
                "result": "pass",
                "message": self.env._(
                    "%(policy)s covers the failure date (cover runs %(start)s to %(end)s).",
                    policy=warranty.policy_id.name,
                    start=warranty.date_start,
                    end=warranty.date_end,
                ),
            }
        if self.decision == "goodwill":
            return {
                "check": "cover",
                "result": "warn",
                "message": self.env._(
                    "No warranty covers %s: handled as goodwill.", self.failure_date
                ),
            }
        return {
            "check": "cover",
            "result": "block",
            "message": self.env._(
                "No warranty covers the failure date %s: reject the claim or decide on goodwill.",
                self.failure_date,
            ),
        }

    def _check_exclusions(self):
        excluded = self.exclusion_ids & self.policy_id.exclusion_ids
        if excluded:
            return {
                "check": "exclusion",
                "result": "warn",
                "message": self.env._(
                    "The policy excludes: %s.", ", ".join(excluded.mapped("display_name"))
                ),
            }
        return {
            "check": "exclusion",
            "result": "pass",
            "message": self.env._("No excluded condition was found."),
        }

    def _check_duplicate(self, others_open):
        if others_open and self.failure_code_id:
            return {
                "check": "duplicate",
                "result": "block",
                "message": self.env._(
                    "Another open claim exists for serial %(serial)s and failure %(code)s.",
                    serial=self.lot_id.name,
                    code=self.failure_code_id.display_name,
                ),
            }
        return {
            "check": "duplicate",
            "result": "pass",
            "message": self.env._("No other open claim for this serial and defect."),
        }

    def _check_repeat_repair(self):
        if self.prior_repairs:
            return {
                "check": "repeat",
                "result": "warn",
                "message": self.env._(
                    "This defect was repaired %(count)s time(s) before on this unit "
                    "(%(days)s days in repair so far).",
                    count=self.prior_repairs,
                    days=self.days_out_of_service,
                ),
            }
        return {
            "check": "repeat",
            "result": "pass",
            "message": self.env._("First repair of this defect on this unit."),
        }

    def _check_evidence(self):
        missing = self.missing_evidence_type_ids
        if missing:
            return {
                "check": "evidence",
                "result": "block",
                "message": self.env._(
                    "Evidence still missing: %s.", ", ".join(missing.sorted().mapped("name"))
                ),
            }
        if self.required_evidence_type_ids:
            return {
                "check": "evidence",
                "result": "pass",
                "message": self.env._(
                    "The evidence the symptom and the failure code ask for is here."
                ),
            }
        return {
            "check": "evidence",
            "result": "pass",
            "message": self.env._("No evidence is required for this symptom and failure code."),
        }

    # ------------------------------------------------------------------
    # Recommendation
    # ------------------------------------------------------------------
    def _claim_facts(self):
        self.ensure_one()
        return ClaimFacts(
            days_since_clock_start=self.warranty_id._clock_days(self.failure_date),
            unresolved_repairs=self.prior_repairs,
            days_out_of_service=self.days_out_of_service,
            defect_class=self.defect_class or "major",
            usage=self.usage_reading or None,
            days_in_current_repair=max(
                (fields.Date.context_today(self) - self.intake_date).days, 0
            ),
        )

    def _recommend(self):
        stock = self._replacement_stock()
        for claim in self:
            decision, remedies, reasons, verdict = claim._recommendation(stock)
            claim._write_workflow(
                {
                    "recommended_decision": decision,
                    "recommended_remedies": ", ".join(remedies),
                    "remedy_chooser": verdict.chooser if verdict else False,
                    "loaner_required": bool(verdict and verdict.loaner_required),
                    "recommendation_reasons": "\n".join(reasons),
                }
            )

    def _replacement_stock(self):
        """{product: quantity on hand} for the products of the claims, in one query."""
        return dict(
            self.env["stock.quant"]._read_group(
                [
                    ("product_id", "in", self.product_id.ids),
                    ("location_id.usage", "=", "internal"),
                    ("company_id", "in", self.company_id.ids),
                ],
                ["product_id"],
                ["quantity:sum"],
            )
        )

    def _recommendation(self, stock):
        """(decision, remedies allowed, reasons, verdict) for one claim."""
        self.ensure_one()
        _ = self.env._
        if not self.warranty_id:
            grace = self.company_id.aftersales_goodwill_grace_days
            ended = self.equipment_id.warranty_ids.filtered(
                lambda w: w.date_end and w.date_end < self.failure_date and not w.voided
            )
            last_end = max(ended.mapped("date_end"), default=False)
            if last_end and (self.failure_date - last_end).days <= grace:
                return (
                    "goodwill",
                    [],
                    [
                        _(
                            "Cover ended %(days)s days before the failure, within the goodwill "
                            "grace of %(grace)s days.",
                            days=(self.failure_date - last_end).days,
                            grace=grace,
                        )
                    ],
                    None,
                )
            return "reject", [], [_("No warranty covers the failure date.")], None
        excluded = self.exclusion_ids & self.policy_id.exclusion_ids
        if excluded:
            return (
                "reject",
                [],
                [_("Excluded by the policy: %s.", ", ".join(excluded.mapped("display_name")))],
                None,
            )
        rule_set = self.policy_id.rule_set_id
        verdict = rule_set._evaluate(self._claim_facts())
        reasons = list(rule_set._describe_verdict(verdict))
        allowed = list(verdict.remedies)
        if not allowed:
            # the rules escalate without a remedy (a price reduction to agree): a manager decides
            reasons.append(_("The rules give no remedy here: a manager decides."))
            return False, [], reasons, verdict
        if self.prior_repairs:
            reasons.append(
                _("%s earlier repair(s) of the same defect on this unit.", self.prior_repairs)
            )
        decision = self._pick_remedy(allowed, verdict, stock, reasons)
        return decision, allowed, reasons, verdict

    def _pick_remedy(self, allowed, verdict, stock, reasons):
        """Choose among the allowed remedies: the customer's choice where the rules give it
        to them, else the product strategy, else what costs least and can be done now."""
        _ = self.env._
        if verdict.chooser == "customer" and self.requested_remedy in allowed:
            reasons.append(_("The customer chooses and asks for %s.", self.requested_remedy))
            return self.requested_remedy
        in_stock = stock.get(self.product_id, 0.0)
        parts_missing = self.part_ids.filtered(lambda part: part.qty_available < part.quantity)
        repair_cost = self.parts_cost + self.labour_cost + self.travel_cost
        threshold = self.company_id.aftersales_repair_value_threshold
        ratio = repair_cost / self.unit_value * 100.0 if self.unit_value else 0.0
        reasons.append(
            _(
                "Repair estimate %(cost)s is %(ratio)s %% of the unit value %(value)s "
                "(repair pays up to %(threshold)s %%).",
                cost=self.currency_id.format(repair_cost),
                ratio=round(ratio),
                value=self.currency_id.format(self.unit_value),
                threshold=round(threshold),
            )
        )
        if parts_missing:
            reasons.append(
                _(
                    "Parts not in stock: %s.",
                    ", ".join(parts_missing.product_id.mapped("display_name")),
                )
            )
        reasons.append(_("%s replacement unit(s) in stock.", int(in_stock)))
        feasible = {
            "repair": not parts_missing and ratio <= threshold,
            "replace": in_stock >= 1,
            "refund": True,
        }
        strategy = self.product_id.product_tmpl_id.aftersales_strategy_id
        preferred = strategy.preferred_remedy
        if preferred in allowed and feasible[preferred]:
            reasons.append(
                _(
                    "The product's service strategy %(strategy)s prefers %(remedy)s.",
                    strategy=strategy.name,
                    remedy=preferred,
                )
            )
            return preferred
        for remedy in ("repair", "replace", "refund"):
            if remedy in allowed and feasible[remedy]:
                return remedy
        return allowed[0]
