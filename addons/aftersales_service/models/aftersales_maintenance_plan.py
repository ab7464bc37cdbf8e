from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

INTERVAL_TYPES = [("days", "Days"), ("months", "Months")]


def add_interval(date, number, unit_of_time):
    """`date` plus `number` days or months (`unit_of_time` is an INTERVAL_TYPES key)."""
    return date + relativedelta(**{unit_of_time: number})


class AftersalesMaintenancePlan(models.Model):
    """Preventive maintenance of one unit: a visit every N days or months.

    A scheduled action plans each visit `lead_days` ahead of its date; a plan's next date only
    moves forward once its visit exists, so running the action twice plans nothing twice.
    """

    _name = "aftersales.maintenance.plan"
    _description = "Preventive Maintenance Plan"
    _inherit = ["mail.thread"]
    _order = "next_date, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    equipment_id = fields.Many2one(
        "aftersales.equipment",
        string="Unit",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="equipment_id.company_id", store=True, index=True)
    interval_number = fields.Integer(string="Every", required=True, default=3, tracking=True)
    interval_type = fields.Selection(
        INTERVAL_TYPES, string="Interval Unit", required=True, default="months", tracking=True
    )
    lead_days = fields.Integer(
        string="Plan Ahead (days)",
        default=14,
        required=True,
        help="How many days before its date a maintenance visit is planned.",
    )
    next_date = fields.Date(required=True, index=True, tracking=True)
    technician_id = fields.Many2one("res.users", domain=[("share", "=", False)])
    active = fields.Boolean(default=True)
    visit_ids = fields.One2many("aftersales.visit", "maintenance_plan_id", string="Visits")

    _interval_positive = models.Constraint(
        "CHECK (interval_number > 0)", "The maintenance interval must be positive."
    )
    _lead_days_not_negative = models.Constraint(
        "CHECK (lead_days >= 0)", "Visits cannot be planned after their date."
    )

    @api.depends("equipment_id.name", "interval_number", "interval_type")
    def _compute_name(self):
        labels = dict(self._fields["interval_type"]._description_selection(self.env))
        for plan in self:
            plan.name = self.env._(
                "%(unit)s: every %(number)s %(unit_of_time)s",
                unit=plan.equipment_id.name or "",
                number=plan.interval_number,
                unit_of_time=(labels.get(plan.interval_type) or "").lower(),
            )

    def _next_date_after(self, date):
        self.ensure_one()
        return add_interval(date, self.interval_number, self.interval_type)

    @api.model
    def _due_plans_domain(self, today):
        # A plan is due once today + its lead time reaches its next date; lead_days differs per
        # plan, so the date bound is the longest lead and each plan is checked again in Python.
        return [("next_date", "<=", today + timedelta(days=self._max_lead_days()))]

    @api.model
    def _max_lead_days(self):
        [(max_lead,)] = self._read_group([], aggregates=["lead_days:max"])
        return max_lead or 0

    def _plan_due_visits(self, today):
        """Plan the visits of these plans whose date is within their lead time of `today`."""
        self.lock_for_update()
        visits = self.env["aftersales.visit"]
        for plan in self:
            while plan.next_date <= today + timedelta(days=plan.lead_days):
                following = plan._next_date_after(plan.next_date)
                # After a pause (plan archived, cron down), plan one overdue visit, not one
                # per missed date.
                if following > today:
                    visits |= plan._plan_visit()
                plan.next_date = following
        return visits

    def _plan_visit(self, date=None):
        """Plan this plan's visit on `date` (default: its next date)."""
        self.ensure_one()
        return self.env["aftersales.visit"].create(
            {
                "visit_type": "maintenance",
                "equipment_id": self.equipment_id.id,
                "maintenance_plan_id": self.id,
                "technician_id": self.technician_id.id or False,
                "planned_start": datetime.combine(date or self.next_date, time(8, 0)),
                "company_id": self.company_id.id,
            }
        )

    @api.model
    def _cron_plan_maintenance_visits(self, batch_size=200):
        """Scheduled action: plan the due maintenance visits, in committed batches."""
        today = fields.Date.context_today(self)
        plans = self.search(self._due_plans_domain(today))
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=len(plans))
        for start in range(0, len(plans), batch_size):
            batch = plans[start : start + batch_size]
            batch._plan_due_visits(today)
            if not cron._commit_progress(len(batch)):
                break
