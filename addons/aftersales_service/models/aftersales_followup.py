from datetime import datetime, time, timedelta

from odoo import api, fields, models

ACTIVITY_TYPE_OF_KIND = {
    "call": "mail.mail_activity_data_call",
    "survey": "mail.mail_activity_data_todo",
}


class AftersalesFollowup(models.Model):
    """One scheduled follow-up of a unit or a request: done, to do, or missed once overdue."""

    _name = "aftersales.followup"
    _description = "Follow-up"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.workflow.mixin"]
    _order = "due_date, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    step_id = fields.Many2one("aftersales.followup.step", required=True, ondelete="restrict")
    plan_id = fields.Many2one(related="step_id.plan_id", store=True, index=True)
    kind = fields.Selection(related="step_id.kind", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    equipment_id = fields.Many2one(
        "aftersales.equipment", string="Unit", index="btree_not_null", check_company=True
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Service Request", index="btree_not_null", check_company=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", index=True)
    user_id = fields.Many2one("res.users", string="Responsible", default=lambda self: self.env.user)
    due_date = fields.Date(required=True, index=True)
    state = fields.Selection(
        [("to_do", "To Do"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="to_do",
        required=True,
        tracking=True,
    )
    visit_id = fields.Many2one("aftersales.visit", readonly=True, index="btree_not_null")

    _one_per_step_and_source = models.UniqueIndex(
        "(step_id, COALESCE(equipment_id, 0), COALESCE(ticket_id, 0))",
        "This follow-up is already scheduled.",
    )

    @api.model
    def _workflow_fields(self):
        return {"state", "visit_id"}

    def action_done(self):
        self.check_access("write")
        self.filtered(lambda f: f.state == "to_do")._mark_done()

    def action_cancel(self):
        self.check_access("write")
        to_cancel = self.filtered(lambda f: f.state == "to_do")
        to_cancel.activity_ids.unlink()
        to_cancel._write_workflow({"state": "cancelled"})

    def _mark_done(self):
        self._write_workflow({"state": "done"})
        self.activity_ids.action_feedback()

    @api.model
    def _schedule_after_installation(self, units):
        plans = self._plans("installation")
        for unit in units:
            self._schedule(plans, unit.product_id, unit.installation_date, equipment=unit)

    @api.model
    def _schedule_after_closing(self, tickets):
        tickets = tickets.filtered("product_id")
        if not tickets:
            return
        plans = self._plans("request_closed")
        if not plans:
            return
        for ticket in tickets:
            closed_on = fields.Date.context_today(self, ticket.closed_date)
            self._schedule(plans, ticket.product_id, closed_on, ticket=ticket)

    @api.model
    def _plans(self, trigger):
        return self.env["aftersales.followup.plan"].search(
            [("trigger", "=", trigger), ("company_id", "in", [False, self.env.company.id])]
        )

    @api.model
    def _schedule(self, plans, product, start, equipment=None, ticket=None):
        """Create the follow-ups of `plans` covering `product`, counted from `start`."""
        equipment = equipment or self.env["aftersales.equipment"]
        ticket = ticket or self.env["helpdesk.ticket"]
        steps = plans.filtered(lambda plan: plan._applies_to(product)).step_ids
        already = self.search(
            [
                ("step_id", "in", steps.ids),
                ("equipment_id", "=", equipment.id),
                ("ticket_id", "=", ticket.id),
            ]
        ).step_id
        followups = self.create(
            [
                {
                    "name": step.summary or step.plan_id.name,
                    "step_id": step.id,
                    "equipment_id": equipment.id,
                    "ticket_id": ticket.id,
                    "partner_id": (equipment.partner_id or ticket.partner_id).id,
                    "user_id": (ticket.user_id or self.env.user).id,
                    "due_date": start + timedelta(days=step.offset_days),
                    "company_id": (equipment.company_id or ticket.company_id).id,
                }
                for step in steps - already
            ]
        )
        followups._plan_their_work()
        return followups

    def _plan_their_work(self):
        """A visit for visit steps, an activity on the follow-up for calls and surveys."""
        for followup in self:
            if followup.kind == "visit":
                visit = self.env["aftersales.visit"].create(
                    {
                        "visit_type": "follow_up",
                        "equipment_id": followup.equipment_id.id,
                        "ticket_id": followup.ticket_id.id,
                        "partner_id": followup.partner_id.id,
                        "technician_id": followup.user_id.id,
                        "planned_start": datetime.combine(followup.due_date, time(8, 0)),
                        "company_id": followup.company_id.id,
                    }
                )
                followup._write_workflow({"visit_id": visit.id})
            else:
                followup.activity_schedule(
                    ACTIVITY_TYPE_OF_KIND[followup.kind],
                    date_deadline=followup.due_date,
                    summary=followup.name,
                    user_id=followup.user_id.id,
                )
