from odoo import api, fields, models

OPEN_TASK_STATES = ("open", "notified", "scheduled", "unreachable")


class AftersalesEquipment(models.Model):
    _inherit = "aftersales.equipment"  # pylint: disable=consider-merging-classes-inherited

    open_campaign_task_ids = fields.Many2many(
        "aftersales.campaign.unit",
        compute="_compute_open_campaign_task_ids",
        string="Open Campaigns",
        compute_sudo=True,
    )

    def _compute_open_campaign_task_ids(self):
        tasks = (
            self.env["aftersales.campaign.unit"]
            .sudo()
            .search(
                [
                    ("equipment_id", "in", self.ids),
                    ("state", "in", OPEN_TASK_STATES),
                    ("campaign_id.state", "=", "active"),
                ]
            )
        )
        for unit in self:
            unit.open_campaign_task_ids = tasks.filtered(
                lambda task, unit=unit: task.equipment_id == unit
            )


class HelpdeskTicket(models.Model):
    """A service request on an affected unit shows the open campaign first."""

    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    open_campaign_task_ids = fields.Many2many(
        related="equipment_id.open_campaign_task_ids", string="Open Campaigns"
    )
    open_campaign_names = fields.Char(compute="_compute_open_campaign_names")

    @api.depends("open_campaign_task_ids")
    def _compute_open_campaign_names(self):
        for ticket in self:
            ticket.open_campaign_names = ", ".join(
                ticket.open_campaign_task_ids.sudo().campaign_id.mapped("display_name")
            )


class AftersalesClaim(models.Model):
    """A claim on an affected unit shows the open campaign first: the campaign fixes it for
    free, outside the warranty."""

    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    open_campaign_task_ids = fields.Many2many(
        related="equipment_id.open_campaign_task_ids", string="Open Campaigns"
    )
    open_campaign_names = fields.Char(compute="_compute_open_campaign_names")

    @api.depends("open_campaign_task_ids")
    def _compute_open_campaign_names(self):
        for claim in self:
            claim.open_campaign_names = ", ".join(
                claim.open_campaign_task_ids.sudo().campaign_id.mapped("display_name")
            )
