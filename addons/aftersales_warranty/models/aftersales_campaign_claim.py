from odoo import Command, api, fields, models
from odoo.exceptions import UserError

# the campaign remedy a campaign claim carries out, as the claim's decision
CLAIM_DECISIONS = {"replacement": "replace", "refund": "refund"}


class AftersalesCampaignUnit(models.Model):
    """A replacement or refund campaign remedies its units through claims: the claim's
    execution makes the return receipt, the replacement delivery or the credit note."""

    _inherit = "aftersales.campaign.unit"  # pylint: disable=consider-merging-classes-inherited

    claim_id = fields.Many2one(
        "aftersales.claim",
        string="Campaign Claim",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    campaign_remedy = fields.Selection(related="campaign_id.remedy")

    @api.model
    def _workflow_fields(self):
        return {*super()._workflow_fields(), "claim_id"}

    def action_plan_visit(self, planned_start=None):
        for task in self:
            if task.campaign_id.remedy in CLAIM_DECISIONS:
                raise UserError(
                    self.env._(
                        "Campaign %s replaces or refunds its units through a claim, not a visit.",
                        task.campaign_id.name,
                    )
                )
        return super().action_plan_visit(planned_start)

    def action_create_claim(self):
        """An approved claim carrying out the campaign's replacement or refund, executed at
        once: the campaign was approved when launched, the unit's cover does not matter.

        Idempotent: a task whose claim is not cancelled keeps it.
        """
        self._ensure_can_write()
        self.lock_for_update()
        self._ensure_campaign_running()
        self._ensure_state(("open", "notified", "unreachable", "scheduled"))
        for task in self:
            if task.campaign_id.remedy not in CLAIM_DECISIONS:
                raise UserError(
                    self.env._(
                        "Campaign %s remedies its units by a visit, not by a claim.",
                        task.campaign_id.name,
                    )
                )
        claims = self.env["aftersales.claim"]
        new_tasks = self.filtered(lambda task: not task.claim_id or task.claim_id.state == "cancel")
        for task in self - new_tasks:
            claims |= task.claim_id
        if new_tasks:
            Claim = self.env["aftersales.claim"].sudo()
            created = Claim.create([task._campaign_claim_vals() for task in new_tasks])
            for task, claim in zip(new_tasks, created, strict=True):
                task._write_workflow({"claim_id": claim.id, "state": "scheduled"})
            created._write_workflow(
                {
                    "state": "approved",
                    "approved_by_id": self.env.uid,
                    "approve_date": fields.Datetime.now(),
                }
            )
            created._execute()
            claims |= created
        return claims

    def _campaign_claim_vals(self):
        self.ensure_one()
        campaign = self.campaign_id
        return {
            "company_id": self.company_id.id,
            "equipment_id": self.equipment_id.id,
            "partner_id": self.partner_id.id,
            "aftersales_campaign_unit_id": self.id,
            "decision": CLAIM_DECISIONS[campaign.remedy],
            "description": self.env._(
                "Campaign %(reference)s %(campaign)s: free of charge.",
                reference=campaign.reference,
                campaign=campaign.name,
            ),
        }

    def action_open_claim(self):
        self.ensure_one()
        if not self.claim_id:
            raise UserError(self.env._("No claim carries out this unit's remedy yet."))
        return self.claim_id._get_records_action()

    def _on_claim_done(self, claims):
        """The replacement is delivered or the credit note posted: the unit is remedied and
        what it cost is kept on the campaign."""
        for task in self.filtered(lambda task: task.state != "remedied"):
            claim = claims.filtered(lambda c, task=task: c.aftersales_campaign_unit_id == task)[:1]
            task._write_workflow(
                {
                    "state": "remedied",
                    "remedy_date": claim.done_date or fields.Date.context_today(task),
                    "remedied": 100.0,
                    "cost": claim._campaign_cost(),
                }
            )


class AftersalesClaim(models.Model):
    """A claim made by a campaign: no cover or cost check and no approval of its own, and its
    cost belongs to the campaign, not to warranty."""

    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    aftersales_campaign_unit_id = fields.Many2one(
        "aftersales.campaign.unit",
        string="Campaign Task",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    aftersales_campaign_id = fields.Many2one(
        related="aftersales_campaign_unit_id.campaign_id", string="Campaign"
    )

    @api.model
    def _workflow_fields(self):
        return {*super()._workflow_fields(), "aftersales_campaign_unit_id"}

    def _credited_amount(self):
        """A campaign refunds the price paid, whatever the unit's cover."""
        self.ensure_one()
        if self.aftersales_campaign_unit_id:
            return self.unit_value
        return super()._credited_amount()

    def _campaign_cost(self):
        """The refund paid, or the replacement unit at its cost."""
        self.ensure_one()
        if self.credit_note_id:
            return self.credit_note_id.amount_untaxed
        return self.product_id.standard_price

    def _action_done(self, outcome):
        result = super()._action_done(outcome)
        campaign_claims = self.filtered("aftersales_campaign_unit_id")
        if campaign_claims:
            campaign_claims.aftersales_campaign_unit_id.sudo()._on_claim_done(campaign_claims)
        return result


class AftersalesCampaign(models.Model):
    _inherit = "aftersales.campaign"  # pylint: disable=consider-merging-classes-inherited

    def _recovery_vals(self, tasks):
        """The units replaced or refunded by claims are claimed back at what they cost."""
        vals = super()._recovery_vals(tasks)
        for task in tasks.filtered("claim_id"):
            vals["line_ids"].append(
                Command.create(
                    {"product_id": task.product_id.id, "quantity": 1.0, "unit_cost": task.cost}
                )
            )
        return vals
