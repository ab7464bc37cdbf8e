from datetime import timedelta

from odoo import api, fields, models

from .aftersales_claim import INTERNAL, OPEN_STATES

# what `_recommend` writes
RECOMMENDATION_FIELDS = (
    "recommended_decision",
    "recommended_remedies",
    "remedy_chooser",
    "loaner_required",
    "repair_overdue",
    "recommendation_data",
)


class AftersalesClaim(models.Model):
    """Service time and overdue repairs.

    The intake records the service time agreed with the customer (Vietnam requires it on the
    intake document); without one, the closest product category's "reasonable" time, else the
    rule set's statutory time applies. The claim counts the days from intake to the repair
    being done (or today), leaves out the days spent waiting for the customer, and passes
    ``repair_overdue`` to the evaluator. A daily job re-evaluates the open claims and tells the
    warranty managers when a verdict changes (Vietnam: overdue -> replace or refund).
    """

    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    service_time_days = fields.Integer(
        string="Agreed Service Time (Days)",
        tracking=True,
        help="The service time written on the intake document. Empty: the product "
        "category's reasonable time, else the rule set's statutory time.",
    )
    applied_service_time_days = fields.Integer(
        string="Service Time (Days)",
        compute="_compute_service_due",
        help="The service time that applies: agreed at intake, the product category's or the "
        "rule set's.",
    )
    service_due_date = fields.Date(
        compute="_compute_service_due",
        help="The repair is overdue after this day (days waiting for the customer added).",
    )
    waiting_customer_since = fields.Date(
        readonly=True,
        copy=False,
        help="Since when the claim waits for the customer's information (not counted in the "
        "service time).",
    )
    customer_wait_days = fields.Integer(
        string="Days Waiting for the Customer",
        readonly=True,
        copy=False,
        help="Days spent waiting for the customer so far; not counted in the service time.",
    )
    repair_overdue = fields.Boolean(
        readonly=True,
        copy=False,
        groups=INTERNAL,
        help="The service time ended without a fix (set by the checks and the daily "
        "re-evaluation).",
    )

    _positive_service_time = models.Constraint(
        "CHECK(service_time_days IS NULL OR service_time_days >= 0)",
        "A service time cannot be negative.",
    )

    @api.model
    def _workflow_fields(self):
        return {
            *super()._workflow_fields(),
            "waiting_customer_since",
            "customer_wait_days",
            "repair_overdue",
        }

    @api.model
    def _approval_inputs(self):
        return super()._approval_inputs() | {"service_time_days"}

    def _service_time(self):
        """(days, source): the service time that applies and where it comes from."""
        self.ensure_one()
        if self.service_time_days:
            return self.service_time_days, "agreed"
        category = self.product_id.categ_id
        while category:
            if category.aftersales_service_time_days:
                return category.aftersales_service_time_days, "category"
            category = category.parent_id
        rule_set = self.policy_id.rule_set_id
        if rule_set.service_time_days:
            return rule_set.service_time_days, "rule_set"
        return 0, False

    def _wait_days(self, today):
        """Days spent waiting for the customer, the wait under way included."""
        self.ensure_one()
        running = (today - self.waiting_customer_since).days if self.waiting_customer_since else 0
        return self.customer_wait_days + max(running, 0)

    @api.depends(
        "service_time_days",
        "intake_date",
        "product_id.categ_id",
        "policy_id.rule_set_id.service_time_days",
        "customer_wait_days",
        "waiting_customer_since",
    )
    @api.depends_context("tz")
    def _compute_service_due(self):
        today = fields.Date.context_today(self)
        for claim in self:
            days, _source = claim._service_time()
            claim.applied_service_time_days = days
            claim.service_due_date = (
                claim.intake_date + timedelta(days=days + claim._wait_days(today))
                if days and claim.intake_date
                else False
            )

    def _is_repair_overdue(self, today=None):
        """The service time ended without a fix: from intake to the repair done (or today),
        the days waiting for the customer left out."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        days, _source = self._service_time()
        if not days or not self.intake_date:
            return False
        fixed = self.state == "done" and self.outcome in ("fixed", "no_fault_found")
        end = self.done_date if fixed and self.done_date else today
        elapsed = (end - self.intake_date).days - self._wait_days(end)
        return elapsed > days

    # ------------------------------------------------------------------
    # Waiting for the customer
    # ------------------------------------------------------------------
    def _start_customer_wait(self):
        """Asked for information: the service time stops until the customer answers."""
        today = fields.Date.context_today(self)
        self.filtered(lambda claim: not claim.waiting_customer_since)._write_workflow(
            {"waiting_customer_since": today}
        )

    def action_customer_replied(self):
        """The customer sent what was asked: the service time runs again (nothing to do on a
        claim that does not wait for the customer)."""
        self._lock_and_refresh()
        self._end_customer_wait()
        return True

    def _end_customer_wait(self):
        today = fields.Date.context_today(self)
        for claim in self.filtered("waiting_customer_since"):
            claim._write_workflow(
                {
                    "customer_wait_days": claim._wait_days(today),
                    "waiting_customer_since": False,
                }
            )

    def _message_post_after_hook(self, message, msg_vals):
        """A message of the customer on a claim waiting for them ends the wait."""
        result = super()._message_post_after_hook(message, msg_vals)
        author = message.author_id.commercial_partner_id
        waiting = self.filtered(
            lambda claim: (
                claim.waiting_customer_since
                and author
                and author == claim.partner_id.commercial_partner_id
            )
        )
        waiting._end_customer_wait()
        return result

    # ------------------------------------------------------------------
    # Daily re-evaluation
    # ------------------------------------------------------------------
    @api.model
    def _cron_reevaluate_open_claims(self, batch_size=200):
        """Re-evaluate the open claims under cover (the facts that move with time: days in
        repair, overdue) and tell the warranty managers of the verdicts that changed."""
        claims = self.search(
            [("state", "in", OPEN_STATES), ("warranty_id", "!=", False)], order="id"
        )
        for start in range(0, len(claims), batch_size):
            claims[start : start + batch_size]._reevaluate()
        return True

    @api.model
    def _get_under_validation_exceptions(self):
        """The recommendation is the rules' advice, not a term of the claim under review: the
        nightly re-evaluation refreshes it on claims waiting for a tier too."""
        return [*super()._get_under_validation_exceptions(), *RECOMMENDATION_FIELDS]

    @api.model
    def _get_after_validation_exceptions(self):
        return [*super()._get_after_validation_exceptions(), *RECOMMENDATION_FIELDS]

    def _reevaluate(self):
        """Recommend again; notify the managers of each claim whose verdict changed."""
        before = {claim: claim._verdict_key() for claim in self}
        self._recommend()
        changed = self.filtered(
            lambda claim: before[claim] is not None and claim._verdict_key() != before[claim]
        )
        changed._notify_verdict_changed()
        return changed

    def _verdict_key(self):
        """What identifies the verdict: the rule that fired and the remedies it allows."""
        self.ensure_one()
        verdict = (self.sudo().recommendation_data or {}).get("verdict")
        if not verdict:
            return None
        return (verdict.get("rule_key"), tuple(verdict["remedies"]), verdict["loaner_required"])

    def _warranty_managers(self):
        self.ensure_one()
        group = self.env.ref("aftersales_warranty.group_warranty_manager")
        return group.sudo().all_user_ids.filtered(
            lambda user: self.company_id in user.company_ids and not user.share
        )

    def _notify_verdict_changed(self):
        for claim in self:
            for manager in claim._warranty_managers():
                reader = claim.with_user(manager).with_context(lang=manager.lang).sudo()
                claim.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=manager.id,
                    summary=reader.env._("Remedy verdict changed"),
                    note=reader.recommendation_reasons,
                )
            claim.sudo().message_post(
                body=self.env._(
                    "The daily re-evaluation changed the remedy verdict: %s",
                    claim.sudo().allowed_remedies_display or "-",
                )
            )
