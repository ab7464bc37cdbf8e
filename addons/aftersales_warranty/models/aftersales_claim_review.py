from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import remedy
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
    major_part_replacements = fields.Integer(
        string="Earlier Replacements of This Major Part",
        readonly=True,
        copy=False,
        help="Done claims on this unit that replaced parts for the same failure code, when the "
        "code names a major system or its main part; no-fault-found excluded.",
        groups=INTERNAL,
    )
    serious_safety_repairs = fields.Integer(
        string="Earlier Serious Safety Repairs",
        readonly=True,
        copy=False,
        help="Done repairs of serious failures on this unit, whatever their failure code; "
        "no-fault-found excluded.",
        groups=INTERNAL,
    )
    days_out_of_service = fields.Integer(
        string="Days in Repair So Far", readonly=True, copy=False, groups=INTERNAL
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
    covered_parts = fields.Monetary(compute="_compute_coverage", store=True, groups=INTERNAL)
    covered_labour = fields.Monetary(compute="_compute_coverage", store=True, groups=INTERNAL)
    covered_travel = fields.Monetary(compute="_compute_coverage", store=True, groups=INTERNAL)
    covered_total = fields.Monetary(
        string="Covered Cost",
        compute="_compute_coverage",
        store=True,
        groups=INTERNAL,
    )
    refund_amount = fields.Monetary(compute="_compute_coverage", store=True, groups=INTERNAL)
    price_reduction_amount = fields.Monetary(
        compute="_compute_price_reduction_amount",
        store=True,
        readonly=False,
        copy=False,
        groups=INTERNAL,
        help="Part of the price repaid when the customer keeps the goods: proposed by the "
        "policy's or the rule set's method (share of the price by defect class, repair cost, "
        "or entered), never more than the price paid. It is approved like any amount.",
    )
    claim_amount = fields.Monetary(
        compute="_compute_claim_amount",
        store=True,
        help="What the decision costs us: the covered repair, the replacement's value or the "
        "refund or the price reduction. Approval tiers are set on this amount.",
        groups=INTERNAL,
    )
    recommended_decision = fields.Selection(
        DECISIONS,
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    recommended_remedies = fields.Char(
        string="Remedies Allowed (Codes)",
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
    recommendation_data = fields.Json(
        readonly=True,
        copy=False,
        groups=INTERNAL,
        help="The verdict and the reasons as data (rule, conditions, figures), rendered in "
        "the reader's language when read.",
    )
    recommendation_reasons = fields.Text(
        compute="_compute_recommendation_text",
        groups=INTERNAL,
    )
    allowed_remedies_display = fields.Char(
        string="Remedies Allowed",
        compute="_compute_recommendation_text",
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
            "major_part_replacements",
            "serious_safety_repairs",
            "days_out_of_service",
            "recommended_decision",
            "recommended_remedies",
            "remedy_chooser",
            "loaner_required",
            "recommendation_data",
            "recommendation_reasons",
            "allowed_remedies_display",
        }

    @api.depends("recommendation_data")
    @api.depends_context("lang")
    def _compute_recommendation_text(self):
        labels = self.env["aftersales.remedy.rule"]._remedy_labels()
        for claim in self:
            data = claim.recommendation_data or {}
            claim.recommendation_reasons = "\n".join(claim._render_reasons(data)) or False
            claim.allowed_remedies_display = (
                ", ".join(labels.get(r, r) for r in (data.get("remedies") or [])) or False
            )

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
            policy, start = claim._cover()
            if policy:
                share = policy._customer_share(start, claim.failure_date)
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

    @api.depends(
        "state",
        "decision",
        "goodwill_remedy",
        "recommended_decision",
        "covered_total",
        "refund_amount",
        "unit_value",
        "price_reduction_amount",
    )
    def _compute_claim_amount(self):
        for claim in self:
            chosen = claim._remedy()
            if claim.state == "draft" and not claim.decision:
                # before Submit: what the recommendation (or else a repair) would cost
                recommended = claim.recommended_decision
                chosen = recommended if recommended in remedy.REMEDY_LABELS else "repair"
            claim.claim_amount = {
                "repair": claim.covered_total,
                "replace": claim.unit_value,
                "refund": claim.refund_amount,
                "price_reduction": claim.price_reduction_amount,
            }.get(chosen, 0.0)

    @api.depends(
        "defect_class",
        "unit_value",
        "parts_cost",
        "labour_cost",
        "travel_cost",
        "policy_id.price_reduction_method",
        "policy_id.rule_set_id.price_reduction_method",
    )
    def _compute_price_reduction_amount(self):
        """Proposed while the claim is a draft; once submitted, the amount is what the
        handler set and the approval rests on (a new method or share on the policy or rule
        set never changes a submitted or settled claim)."""
        for claim in self:
            if claim.state not in (False, "draft"):
                claim.price_reduction_amount = claim.price_reduction_amount
                continue
            rule_set = claim.policy_id.rule_set_id
            method = (
                claim.policy_id.price_reduction_method
                or rule_set.price_reduction_method
                or "entered"
            )
            claim.price_reduction_amount = remedy.price_reduction(
                method,
                claim.unit_value,
                defect_class=claim.defect_class,
                shares=rule_set._price_reduction_shares() if rule_set else {},
                repair_cost=claim.parts_cost + claim.labour_cost + claim.travel_cost,
                entered=claim.price_reduction_amount,
            )

    @api.constrains("price_reduction_amount", "unit_value")
    def _check_price_reduction_amount(self):
        for claim in self:
            if not 0 <= claim.price_reduction_amount <= claim.unit_value:
                raise ValidationError(
                    self.env._(
                        "The price reduction of claim %(claim)s must lie between 0 and the "
                        "price paid (%(price)s).",
                        claim=claim.name,
                        price=claim.currency_id.format(claim.unit_value),
                    )
                )

    def _cover(self):
        """(policy, clock start) of the cover of the failure date, else (no policy, None)."""
        self.ensure_one()
        if self.warranty_id:
            return self.warranty_id.policy_id, self.warranty_id.date_start
        return self.env["aftersales.warranty.policy"], None

    def _days_since_clock_start(self):
        self.ensure_one()
        return self.warranty_id._clock_days(self.failure_date)

    def _cover_end_before_failure(self):
        """The last day of the latest cover that ended before the failure, or False."""
        self.ensure_one()
        ended = self.equipment_id.warranty_ids.filtered(
            lambda w: w.date_end and w.date_end < self.failure_date and not w.voided
        )
        return max(ended.mapped("date_end"), default=False)

    def _remedy(self):
        """The remedy the decision carries out (goodwill gives its own remedy)."""
        self.ensure_one()
        if self.decision == "goodwill":
            return self.goodwill_remedy
        return self.decision if self.decision in remedy.REMEDY_LABELS else False

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
        done_repairs = [
            ("state", "=", "done"),
            ("decision", "in", ("repair", "goodwill")),
            ("outcome", "!=", "no_fault_found"),
        ]
        repairs = self._count_per_unit_and_code(units, done_repairs)
        part_replacements = self._count_per_unit_and_code(
            units,
            [*done_repairs, ("failure_code_id.major_part", "=", True), ("part_ids", "!=", False)],
        )
        safety_repairs = dict(
            self._read_group(
                [
                    ("equipment_id", "in", units.ids),
                    ("defect_class", "=", "serious"),
                    *done_repairs,
                ],
                ["equipment_id"],
                ["__count"],
            )
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
                    "major_part_replacements": (
                        part_replacements.get(key, 0) if claim.failure_code_id.major_part else 0
                    ),
                    "serious_safety_repairs": safety_repairs.get(claim.equipment_id, 0),
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
                claim._check_service_time(),
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

    def _check_service_time(self):
        days, source = self._service_time()
        rule_set = self.policy_id.rule_set_id
        if rule_set.require_agreed_service_time and not self.service_time_days:
            return {
                "check": "service_time",
                "result": "block",
                "message": self.env._(
                    "%s requires the service time agreed at intake: enter it as written on "
                    "the intake document.",
                    rule_set.name,
                ),
            }
        if not days:
            return {
                "check": "service_time",
                "result": "pass",
                "message": self.env._("No service time applies to this claim."),
            }
        sources = {
            "agreed": self.env._("agreed at intake"),
            "category": self.env._("reasonable time of the product category"),
            "rule_set": self.env._("statutory time of the rule set"),
        }
        overdue = self._is_repair_overdue()
        return {
            "check": "service_time",
            "result": "warn" if overdue else "pass",
            "message": self.env._(
                "Service time %(days)s days (%(origin)s), due %(due)s: %(state)s.",
                days=days,
                origin=sources[source],
                due=self.service_due_date,
                state=self.env._("overdue") if overdue else self.env._("on time"),
            ),
        }

    # ------------------------------------------------------------------
    # Recommendation
    # ------------------------------------------------------------------
    def _claim_facts(self):
        self.ensure_one()
        return ClaimFacts(
            days_since_clock_start=self._days_since_clock_start(),
            unresolved_repairs=self.prior_repairs,
            days_out_of_service=self.days_out_of_service,
            defect_class=self.defect_class or "major",
            usage=self.usage_reading or None,
            days_in_current_repair=max(
                (fields.Date.context_today(self) - self.intake_date).days, 0
            ),
            repair_overdue=self._is_repair_overdue(),
            major_part_replacements=self.major_part_replacements,
            serious_safety_repairs=self.serious_safety_repairs,
            performance_failure=self.failure_code_id.performance_failure,
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
                    "repair_overdue": claim._is_repair_overdue(),
                    "recommendation_data": {
                        "rule_set_id": claim.policy_id.rule_set_id.id if verdict else False,
                        "verdict": verdict.to_data() if verdict else None,
                        "remedies": list(remedies),
                        "reasons": reasons,
                    },
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
        """(decision, remedies allowed, reasons, verdict) for one claim. The reasons are data,
        [code, {arguments}] pairs rendered in the reader's language (`_render_reasons`)."""
        self.ensure_one()
        if not self._cover()[0]:
            grace = self.company_id.aftersales_goodwill_grace_days
            last_end = self._cover_end_before_failure()
            if last_end and (self.failure_date - last_end).days <= grace:
                days = (self.failure_date - last_end).days
                return "goodwill", [], [["goodwill_grace", {"days": days, "grace": grace}]], None
            return "reject", [], [["no_cover", {}]], None
        excluded = self.exclusion_ids & self.policy_id.exclusion_ids
        if excluded:
            return "reject", [], [["excluded", {"exclusion_ids": excluded.ids}]], None
        rule_set = self.policy_id.rule_set_id
        verdict = rule_set._evaluate(self._claim_facts())
        reasons = [["verdict", {}]]
        allowed = list(verdict.remedies)
        if not allowed:
            # the rules escalate without a remedy: a manager decides
            reasons.append(["manager_decides", {}])
            return False, [], reasons, verdict
        if self.prior_repairs:
            reasons.append(["prior_repairs", {"count": self.prior_repairs}])
        decision = self._pick_remedy(allowed, verdict, stock, reasons)
        return decision, allowed, reasons, verdict

    def _pick_remedy(self, allowed, verdict, stock, reasons):
        """Choose among the allowed remedies: the customer's choice where the rules give it
        to them, else the product strategy, else what costs least and can be done now."""
        if verdict.chooser == "customer" and self.requested_remedy in allowed:
            reasons.append(["customer_chooses", {"remedy": self.requested_remedy}])
            return self.requested_remedy
        in_stock = stock.get(self.product_id, 0.0)
        parts_missing = self.part_ids.filtered(lambda part: part.qty_available < part.quantity)
        repair_cost = self.parts_cost + self.labour_cost + self.travel_cost
        threshold = self.company_id.aftersales_repair_value_threshold
        ratio = repair_cost / self.unit_value * 100.0 if self.unit_value else 0.0
        reasons.append(
            [
                "repair_estimate",
                {
                    "cost": repair_cost,
                    "ratio": round(ratio),
                    "value": self.unit_value,
                    "threshold": round(threshold),
                },
            ]
        )
        if parts_missing:
            reasons.append(["parts_missing", {"product_ids": parts_missing.product_id.ids}])
        reasons.append(["stock", {"count": int(in_stock)}])
        feasible = {
            "repair": not parts_missing and ratio <= threshold,
            "replace": in_stock >= self.quantity,
            "refund": True,
            "price_reduction": True,
        }
        strategy = self.product_id.product_tmpl_id.aftersales_strategy_id
        preferred = strategy.preferred_remedy
        if preferred in allowed and feasible[preferred]:
            reasons.append(["strategy", {"strategy_id": strategy.id, "remedy": preferred}])
            return preferred
        for candidate in remedy.REMEDIES:
            if candidate in allowed and feasible.get(candidate):
                return candidate
        return allowed[0]

    # ------------------------------------------------------------------
    # The customer's choice
    # ------------------------------------------------------------------
    def _customer_remedy_choices(self):
        """[(remedy, label)] the customer may choose among on this draft claim, in the
        reader's language: the remedies of the rule that fired, when it lets the customer
        choose."""
        self.ensure_one()
        data = self.sudo().recommendation_data or {}
        verdict = data.get("verdict") or {}
        if self.state != "draft" or verdict.get("chooser") != "customer":
            return []
        labels = self.env["aftersales.remedy.rule"]._remedy_labels()
        return [(key, labels[key]) for key in data.get("remedies") or [] if key in labels]

    @api.private
    def _choose_remedy(self, choice, author):
        """Record the customer's choice (the portal checked the claim is theirs); the
        recommendation follows it."""
        self.ensure_one()
        if choice not in dict(self._customer_remedy_choices()):
            raise UserError(self.env._("This remedy is not offered for your claim."))
        claim = self.sudo()
        claim.write({"requested_remedy": choice})
        claim._recommend()
        label = dict(self._customer_remedy_choices())[choice]
        claim.message_post(
            body=self.env._("The customer chooses: %s.", label),
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    # ------------------------------------------------------------------
    # Reasons rendered when read, in the reader's language
    # ------------------------------------------------------------------
    def _render_reasons(self, data):
        """The sentences of the stored recommendation `data` in the reader's language."""
        self.ensure_one()
        sentences = []
        for code, args in data.get("reasons") or []:
            if code == "verdict":
                rule_set = self.env["aftersales.remedy.rule.set"].browse(
                    data.get("rule_set_id") or []
                )
                if rule_set.exists() and data.get("verdict"):
                    sentences += rule_set._describe_verdict(data["verdict"])
                continue
            sentences.append(self._render_reason(code, args))
        return sentences

    def _render_reason(self, code, args):
        _ = self.env._
        labels = self.env["aftersales.remedy.rule"]._remedy_labels()
        if code == "goodwill_grace":
            return _(
                "Cover ended %(days)s days before the failure, within the goodwill "
                "grace of %(grace)s days.",
                **args,
            )
        if code == "no_cover":
            return _("No warranty covers the failure date.")
        if code == "excluded":
            exclusions = self.env["aftersales.warranty.exclusion"].browse(args["exclusion_ids"])
            return _(
                "Excluded by the policy: %s.",
                ", ".join(exclusions.exists().mapped("display_name")),
            )
        if code == "manager_decides":
            return _("The rules give no remedy here: a manager decides.")
        if code == "prior_repairs":
            return _("%s earlier repair(s) of the same defect on this unit.", args["count"])
        if code == "customer_chooses":
            return _(
                "The customer chooses and asks for %s.", labels.get(args["remedy"], args["remedy"])
            )
        if code == "repair_estimate":
            return _(
                "Repair estimate %(cost)s is %(ratio)s %% of the unit value %(value)s "
                "(repair pays up to %(threshold)s %%).",
                cost=self.currency_id.format(args["cost"]),
                ratio=args["ratio"],
                value=self.currency_id.format(args["value"]),
                threshold=args["threshold"],
            )
        if code == "parts_missing":
            products = self.env["product.product"].browse(args["product_ids"]).exists()
            return _("Parts not in stock: %s.", ", ".join(products.mapped("display_name")))
        if code == "stock":
            return _("%s replacement unit(s) in stock.", args["count"])
        if code == "strategy":
            strategy = self.env["aftersales.service.strategy"].browse(args["strategy_id"])
            return _(
                "The product's service strategy %(strategy)s prefers %(remedy)s.",
                strategy=strategy.exists().name or "-",
                remedy=labels.get(args["remedy"], args["remedy"]),
            )
        return code
