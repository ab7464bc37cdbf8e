from datetime import timedelta

from odoo import api, fields, models


class AftersalesMaintenancePlan(models.Model):
    """Usage as a second trigger: "every 500 hours or 6 months, whichever comes first".

    The usage trigger is turned into a date, projected from the unit's usage rate, so both
    triggers are planned the same way (`lead_days` ahead of the earlier date).
    """

    _inherit = "aftersales.maintenance.plan"

    usage_interval = fields.Float(
        string="Or Every (usage)",
        tracking=True,
        help="Usage between two visits, in the unit of the unit's counter (hours, km, cycles). "
        "0: time only.",
    )
    counter_kind = fields.Selection(related="equipment_id.counter_kind")
    usage_next = fields.Float(
        string="Next at Usage",
        tracking=True,
        help="Total usage at which the next visit is due. Set from the latest reading when "
        "the usage interval is first given.",
    )
    usage_due_date = fields.Date(
        compute="_compute_usage_due_date",
        help="When the unit reaches the next usage, projected from its usage rate.",
    )

    _usage_interval_not_negative = models.Constraint(
        "CHECK (usage_interval >= 0)", "The usage interval cannot be negative."
    )

    @api.depends("usage_interval", "usage_next", "equipment_id.reading_ids.total_usage")
    def _compute_usage_due_date(self):
        for plan in self:
            plan.usage_due_date = (
                plan.equipment_id._projected_date(plan.usage_next)
                if plan.usage_interval > 0
                else False
            )

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        plans._start_usage_clock()
        return plans

    def write(self, vals):
        result = super().write(vals)
        if vals.get("usage_interval"):
            self.filtered(lambda plan: not plan.usage_next)._start_usage_clock()
        return result

    def _start_usage_clock(self):
        for plan in self.filtered(lambda p: p.usage_interval > 0 and not p.usage_next):
            plan.usage_next = plan.equipment_id.current_usage + plan.usage_interval

    @api.model
    def _due_plans_domain(self, today):
        return ["|", ("usage_interval", ">", 0), *super()._due_plans_domain(today)]

    def _plan_due_visits(self, today):
        visits = super()._plan_due_visits(today)
        for plan in self.filtered(lambda p: p.usage_interval > 0):
            due = plan.usage_due_date
            if not due or due > today + timedelta(days=plan.lead_days):
                continue
            if plan.visit_ids.filtered(lambda v: v.state in ("planned", "in_progress")):
                continue  # a visit is already on its way: it serves the usage trigger too
            date = max(due, today)
            visits |= plan._plan_visit(date)
            # the time clock restarts from this visit
            plan.next_date = plan._next_date_after(date)
        return visits

    def _plan_visit(self, date=None):
        visit = super()._plan_visit(date)
        if self.usage_interval > 0:
            # the usage clock restarts from the usage the unit has at this visit
            at_visit = self.equipment_id._projected_usage(date or self.next_date)
            self.usage_next = min(self.usage_next, at_visit) + self.usage_interval
        return visit
