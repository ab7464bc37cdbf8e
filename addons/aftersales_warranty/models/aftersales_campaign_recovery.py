from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class AftersalesRecovery(models.Model):
    """A vendor recovery may come from a campaign instead of a claim."""

    _inherit = "aftersales.recovery"  # pylint: disable=consider-merging-classes-inherited

    claim_id = fields.Many2one(required=False)
    campaign_id = fields.Many2one(
        "aftersales.campaign", index="btree_not_null", check_company=True, ondelete="restrict"
    )

    @api.constrains("claim_id", "campaign_id")
    def _check_claim_or_campaign(self):
        for recovery in self:
            if not recovery.claim_id and not recovery.campaign_id:
                raise ValidationError(
                    self.env._("Recovery %s: say which claim or campaign it is for.", recovery.name)
                )

    def _credit_note_vals(self):
        vals = super()._credit_note_vals()
        if self.campaign_id and not self.claim_id:
            label = self.env._(
                "Campaign recovery %(recovery)s for campaign %(campaign)s",
                recovery=self.name,
                campaign=self.campaign_id.display_name,
            )
            vals["ref"] = label
            vals["invoice_line_ids"][0][2]["name"] = label
        return vals


class AftersalesCampaignUnit(models.Model):
    _inherit = "aftersales.campaign.unit"  # pylint: disable=consider-merging-classes-inherited

    recovery_id = fields.Many2one(
        "aftersales.recovery", string="Vendor Recovery", readonly=True, copy=False
    )

    @api.model
    def _workflow_fields(self):
        return {*super()._workflow_fields(), "recovery_id"}


class AftersalesCampaign(models.Model):
    """The campaign's cost is claimed back from the vendor of the defective part through
    the supplier recovery: one recovery per run, over the remedied units not yet claimed."""

    _inherit = "aftersales.campaign"  # pylint: disable=consider-merging-classes-inherited

    recovery_ids = fields.One2many("aftersales.recovery", "campaign_id", string="Vendor Recoveries")
    recovery_count = fields.Integer(compute="_compute_recovery_count")

    def _compute_recovery_count(self):
        counts = dict(
            self.env["aftersales.recovery"]._read_group(
                [("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"]
            )
        )
        for campaign in self:
            campaign.recovery_count = counts.get(campaign, 0)

    def action_recover_from_vendor(self):
        """A draft recovery for the remedied units not yet claimed back. A second click finds
        nothing left to claim and makes nothing."""
        self.ensure_one()
        self._ensure_can_write()
        self.lock_for_update()
        self._ensure_state(("active", "closed"))
        if not self.vendor_id:
            raise UserError(
                self.env._("Campaign %s: say which vendor supplied the defective part.", self.name)
            )
        tasks = self.unit_ids.filtered(
            lambda task: task.state == "remedied" and not task.recovery_id
        )
        if not tasks:
            raise UserError(
                self.env._("Campaign %s: no remedied unit is left to claim back.", self.name)
            )
        recovery = self.env["aftersales.recovery"].create(self._recovery_vals(tasks))
        tasks._write_workflow({"recovery_id": recovery.id})
        return recovery._get_records_action()

    def _recovery_vals(self, tasks):
        parts = {}
        hours = 0.0
        for visit in tasks.visit_id:
            hours += visit.duration or self.remedy_labour_hours
            for line in visit.part_line_ids:
                parts[line.product_id] = parts.get(line.product_id, 0.0) + line.quantity
        return {
            "campaign_id": self.id,
            "partner_id": self.vendor_id.id,
            "company_id": self.company_id.id,
            "labour_hours": hours,
            "labour_rate": self.labour_rate,
            "line_ids": [
                Command.create(
                    {"product_id": part.id, "quantity": qty, "unit_cost": part.standard_price}
                )
                for part, qty in parts.items()
            ],
        }

    def action_view_recoveries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_warranty.action_recoveries"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        return action
