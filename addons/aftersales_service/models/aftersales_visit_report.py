from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from odoo.addons.queue_job.job import identity_exact

# a visit in these states keeps the checklist and readings its report shows
CLOSED_STATES = ("done", "cancelled")

RETURN_REASONS = [
    ("part_missing", "Part Missing"),
    ("wrong_diagnosis", "Wrong Diagnosis"),
    ("customer_absent", "Customer Absent"),
    ("other", "Other"),
]


class AftersalesVisit(models.Model):
    """What a visit leaves the customer: its checklist, readings, and a report mailed on close."""

    _inherit = "aftersales.visit"

    checklist_line_ids = fields.One2many(
        "aftersales.visit.checklist.line", "visit_id", string="Checklist"
    )
    reading_ids = fields.One2many("aftersales.equipment.reading", "visit_id", string="Readings")
    counter_kind = fields.Selection(related="equipment_id.counter_kind")
    return_reason = fields.Selection(
        RETURN_REASONS,
        tracking=True,
        help="Why this visit had to come back for a request an earlier visit did not solve.",
    )
    is_return_visit = fields.Boolean(
        compute="_compute_is_return_visit",
        help="An earlier visit of the same request came first.",
    )

    @api.depends("ticket_id", "planned_start")
    def _compute_is_return_visit(self):
        earlier = dict(
            self.env["aftersales.visit"]._read_group(
                [
                    ("ticket_id", "in", self.ticket_id.ids),
                    ("state", "!=", "cancelled"),
                ],
                ["ticket_id"],
                ["planned_start:min"],
            )
        )
        for visit in self:
            first_start = earlier.get(visit.ticket_id)
            visit.is_return_visit = bool(
                visit.ticket_id and first_start and first_start < visit.planned_start
            )

    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits._add_checklist()
        return visits

    def write(self, vals):
        result = super().write(vals)
        if "visit_type" in vals:
            unanswered = self.checklist_line_ids.filtered(lambda line: not line.result)
            unanswered.unlink()
            self._add_checklist()
        return result

    def _add_checklist(self):
        """Add the checklist items of each visit's type that the visit does not hold yet."""
        items = self.env["aftersales.visit.checklist.item"].search(
            Domain("visit_type", "in", list(set(self.mapped("visit_type"))))
            & Domain("company_id", "in", [*self.company_id.ids, False])
        )
        vals_list = []
        for visit in self:
            held = visit.checklist_line_ids.item_id
            vals_list += [
                {
                    "visit_id": visit.id,
                    "item_id": item.id,
                    "name": item.with_context(lang=visit.partner_id.lang or None).name,
                    "sequence": item.sequence,
                }
                for item in items
                if item.visit_type == visit.visit_type
                and item.company_id in (visit.company_id, self.env["res.company"])
                and item not in held
            ]
        self.env["aftersales.visit.checklist.line"].create(vals_list)

    def action_done(self):
        result = super().action_done()
        self._send_visit_report()
        return result

    @api.private
    def _send_visit_report(self):
        """Enqueue the job that mails the report of each closed visit to its customer.

        The close only writes the job's row: the PDF (about a second a visit) and the mail are
        rendered by a job worker once the close has committed, and not at all when it rolls
        back. The identity key: the same visits enqueued again before their job ran make no
        second job."""
        visits = self.filtered(lambda visit: visit.partner_id.email)
        if not visits or not self.env.ref(
            "aftersales_service.mail_template_visit_report", raise_if_not_found=False
        ):
            return
        visits.with_delay(
            description=self.env._("Reports of %(count)s closed visit(s)", count=len(visits)),
            identity_key=identity_exact,
        )._mail_visit_report()

    @api.private
    def _mail_visit_report(self):
        """The job: render each done visit's report PDF (kept on the visit, see the report's
        ``attachment``) and queue its mail in the customer's language; returns the mail.mail
        records. sudo: the technician who closed the visit only enqueued it."""
        template = self.env.ref(
            "aftersales_service.mail_template_visit_report", raise_if_not_found=False
        )
        visits = (
            self.sudo()
            .exists()
            .filtered(lambda visit: visit.state == "done" and visit.partner_id.email)
        )
        if not template or not visits:
            return self.env["mail.mail"]
        return template.sudo().send_mail_batch(visits.ids, force_send=False)

    def _ensure_report_open(self):
        """Refuse changes to the checklist and readings of a done or cancelled visit: they
        are what its report told the customer. Superuser mode is the mark of an action (see
        ``aftersales.workflow.mixin``); a technician or service user over RPC is refused."""
        if self.env.su:
            return
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        for visit in self.sudo():
            if visit.state in CLOSED_STATES:
                raise UserError(
                    self.env._(
                        "Visit %(visit)s is %(state)s: its checklist and readings can no "
                        "longer change.",
                        visit=visit.name,
                        state=state_labels[visit.state],
                    )
                )

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Visit Report - %s", self.name)

    def action_print_report(self):
        return self.env.ref("aftersales_service.action_report_visit").report_action(self)
