from odoo import fields, models


class AftersalesVisit(models.Model):
    """A campaign visit remedies its unit when it is done, at no cost to the owner."""

    _inherit = "aftersales.visit"

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

    def action_done(self):
        result = super().action_done()
        campaign_visits = self.filtered("aftersales_campaign_unit_id")
        if campaign_visits:
            campaign_visits.aftersales_campaign_unit_id.sudo()._on_visit_done(campaign_visits)
        return result

    def action_cancel(self):
        result = super().action_cancel()
        tasks = self.sudo().aftersales_campaign_unit_id.filtered(
            lambda task: task.state == "scheduled"
        )
        for task in tasks:
            # the owner is still to be reached: back to the reminders' schedule
            task._write_workflow({"state": "notified"})
        return result
