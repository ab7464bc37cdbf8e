from odoo import api, fields, models
from odoo.exceptions import UserError

UNIT_STATES = [
    ("open", "To Notify"),
    ("notified", "Notified"),
    ("scheduled", "Visit Booked"),
    ("remedied", "Remedied"),
    ("unreachable", "Unreachable"),
    ("cancelled", "Cancelled"),
]


class AftersalesCampaignUnit(models.Model):
    """An affected unit of a campaign and the task of remedying it, free of charge.

    The owner follows the unit: a unit sold on is notified again, to its new owner.
    """

    _name = "aftersales.campaign.unit"
    _description = "Campaign Task on an Affected Unit"
    _inherit = ["aftersales.workflow.mixin", "mail.thread"]
    _order = "campaign_id, id"
    _check_company_auto = True
    _rec_name = "equipment_id"

    campaign_id = fields.Many2one(
        "aftersales.campaign", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    equipment_id = fields.Many2one(
        "aftersales.equipment", string="Unit", required=True, index=True, check_company=True
    )
    lot_id = fields.Many2one("stock.lot", string="Serial Number", required=True)
    product_id = fields.Many2one("product.product", required=True)
    partner_id = fields.Many2one(
        related="equipment_id.partner_id", string="Owner", store=True, index=True
    )
    country_id = fields.Many2one(related="equipment_id.country_id", store=True)
    state_id = fields.Many2one(related="equipment_id.state_id", string="Region", store=True)
    delivery_date = fields.Date()
    state = fields.Selection(
        UNIT_STATES,
        required=True,
        default="open",
        readonly=True,
        index=True,
        tracking=True,
        copy=False,
    )
    notified_partner_id = fields.Many2one(
        "res.partner", string="Notice Sent To", readonly=True, copy=False
    )
    notice_date = fields.Date(string="First Notice", readonly=True, copy=False)
    last_notice_date = fields.Date(string="Last Notice", readonly=True, copy=False)
    reminder_count = fields.Integer(string="Reminders Sent", readonly=True, copy=False)
    unreachable_reason = fields.Char(readonly=True, copy=False)
    visit_id = fields.Many2one(
        "aftersales.visit",
        string="Campaign Visit",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    visit_date = fields.Datetime(related="visit_id.planned_start", string="Visit Planned")
    remedy_date = fields.Date(readonly=True, copy=False)
    remedy_month = fields.Date(
        compute="_compute_remedy_month", store=True, help="First day of the remedy's month."
    )
    remedied = fields.Float(
        string="Completion (%)",
        aggregator="avg",
        readonly=True,
        copy=False,
        help="100 once remedied: its average over any group of units is the completion rate.",
    )
    cost = fields.Monetary(
        readonly=True, copy=False, help="Parts and labour the remedy cost us (free to the owner)."
    )

    _unit_once_per_campaign = models.UniqueIndex(
        "(campaign_id, equipment_id)", "A unit is listed once per campaign."
    )

    @api.model
    def _workflow_fields(self):
        return {
            *super()._workflow_fields(),
            "state",
            "notified_partner_id",
            "notice_date",
            "last_notice_date",
            "reminder_count",
            "visit_id",
            "remedy_date",
            "remedied",
            "cost",
        }

    @api.depends("remedy_date")
    def _compute_remedy_month(self):
        for task in self:
            task.remedy_month = task.remedy_date and task.remedy_date.replace(day=1)

    def _ensure_state(self, states):
        labels = dict(UNIT_STATES)
        for task in self:
            if task.state not in states:
                raise UserError(
                    self.env._(
                        "%(unit)s is %(state)s in campaign %(campaign)s: this step does not apply.",
                        unit=task.equipment_id.display_name,
                        state=labels[task.state],
                        campaign=task.campaign_id.name,
                    )
                )

    def _ensure_campaign_running(self):
        for task in self:
            if task.campaign_id.state != "active":
                raise UserError(self.env._("Campaign %s is not running.", task.campaign_id.name))

    # ------------------------------------------------------------------
    # Doing the work
    # ------------------------------------------------------------------
    def action_plan_visit(self, planned_start=None):
        """A campaign visit on the unit's site; free of charge, no approval.

        Idempotent: a task with a visit that is not cancelled keeps it.
        """
        self._ensure_can_write()
        self.lock_for_update()
        self._ensure_campaign_running()
        self._ensure_state(("open", "notified", "unreachable", "scheduled"))
        visits = self.env["aftersales.visit"]
        for task in self:
            if task.visit_id and task.visit_id.state != "cancelled":
                visits |= task.visit_id
                continue
            visit = task._create_visit(planned_start)
            task._write_workflow({"visit_id": visit.id, "state": "scheduled"})
            visits |= visit
        return visits

    def _create_visit(self, planned_start):
        self.ensure_one()
        campaign = self.campaign_id
        visit_type = "maintenance" if campaign.remedy == "inspection" else "repair"
        return (
            self.env["aftersales.visit"]
            .sudo()
            .create(
                {
                    "visit_type": visit_type,
                    "company_id": self.company_id.id,
                    "equipment_id": self.equipment_id.id,
                    "planned_start": planned_start or fields.Datetime.now(),
                    "aftersales_campaign_unit_id": self.id,
                    "report": self.env._(
                        "Campaign %(reference)s %(campaign)s: free of charge.",
                        reference=campaign.reference,
                        campaign=campaign.name,
                    ),
                }
            )
        )

    def action_open_visit(self):
        self.ensure_one()
        if not self.visit_id:
            raise UserError(self.env._("No visit is booked for this unit yet."))
        return self.visit_id._get_records_action()

    def _on_visit_done(self, visits):
        """The remedy is done: the unit is remedied and the cost kept on the campaign."""
        for task in self.filtered(lambda task: task.state != "remedied"):
            visit = visits.filtered(lambda v, task=task: v.aftersales_campaign_unit_id == task)[:1]
            task._write_workflow(
                {
                    "state": "remedied",
                    "visit_id": visit.id,
                    "remedy_date": fields.Date.context_today(task, visit.actual_end),
                    "remedied": 100.0,
                    "cost": task._remedy_cost(visit),
                }
            )

    def _remedy_cost(self, visit):
        """Parts at their cost and the technician's hours at the campaign's labour rate (the
        campaign's hours per unit when the visit did not record its time on site)."""
        self.ensure_one()
        parts = sum(line.quantity * line.product_id.standard_price for line in visit.part_line_ids)
        hours = visit.duration or self.campaign_id.remedy_labour_hours
        return parts + hours * self.campaign_id.labour_rate

    def action_mark_unreachable(self):
        self._ensure_can_write()
        self._ensure_state(("open", "notified"))
        self._write_workflow(
            {
                "state": "unreachable",
                "unreachable_reason": self.env._("Marked by %s", self.env.user.name),
            }
        )

    def action_cancel(self):
        """The unit is out of the campaign (scrapped, already fixed elsewhere)."""
        self._ensure_can_write()
        self._ensure_state(("open", "notified", "unreachable", "scheduled"))
        self._write_workflow({"state": "cancelled"})
