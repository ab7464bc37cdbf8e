from odoo import api, fields, models
from odoo.exceptions import UserError

from .ir_qweb import COMPILED_MAILS

# the customer mail of each step of a claim
STEP_TEMPLATES = {
    "received": "aftersales_warranty.mail_template_claim_received",
    "info": "aftersales_warranty.mail_template_claim_info_needed",
    "approved": "aftersales_warranty.mail_template_claim_approved",
    "rejected": "aftersales_warranty.mail_template_claim_rejected",
    "done": "aftersales_warranty.mail_template_claim_done",
}


class AftersalesClaim(models.Model):
    """What the customer hears of their claim: one mail per step, through the mail queue.
    Each action that reaches a step sends its mail where it is defined.

    The action only enqueues a queue_job job for its batch of claims (one row written in the
    action's transaction); the job renders the mails, each in its customer's language, and
    queues them (``force_send=False``) for the mail cron. So the rendering is done outside the
    claim's transaction, by a job worker (channel ``root.aftersales_mail``): the mails exist
    once the transaction commits and the job has run, and not at all when it rolls back (the
    job's row goes with it). No identity key: each call is a step of its own (two requests
    for information are two mails), and a request retried after a conflict rolled its job back.
    """

    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    info_request = fields.Text(
        string="Information Requested",
        copy=False,
        tracking=True,
        help="What the customer was last asked to send us.",
    )
    reject_reason = fields.Text(
        copy=False, tracking=True, help="Why the claim was rejected; sent to the customer."
    )

    @api.model
    def _get_under_validation_exceptions(self):
        """Asking the customer for information or rejecting stays possible under review."""
        return [*super()._get_under_validation_exceptions(), "info_request", "reject_reason"]

    @api.private
    def _send_step_mail(self, step):
        """Enqueue the job that mails the customer of each claim about `step`."""
        claims = self.filtered("partner_id")
        if not claims or not self.env.ref(STEP_TEMPLATES[step], raise_if_not_found=False):
            return
        claims.with_delay(
            description=self.env._(
                "Customer mails of %(count)s claim(s): %(step)s", count=len(claims), step=step
            ),
        )._mail_step(step)

    @api.private
    def _mail_step(self, step):
        """The job: render and queue the customer mail of `step` for each claim; returns the
        mail.mail records. sudo: whoever acted (a portal customer submitting) only enqueued
        it; the mail is the company's."""
        template = self.env.ref(STEP_TEMPLATES[step], raise_if_not_found=False)
        claims = self.sudo().exists().filtered("partner_id")
        if not template or not claims:
            return self.env["mail.mail"]
        template = template.sudo().with_context(**{COMPILED_MAILS: {}})
        return template.send_mail_batch(claims.ids, force_send=False)

    @api.model
    def _workflow_fields(self):
        return {*super()._workflow_fields(), "info_request", "reject_reason"}

    def action_ask_information(self, message):
        """Ask the customer for more information: the message goes out in the step's mail."""
        self._lock_and_refresh()
        self._ensure_state(("draft", "submitted"), self.env._("asked for information"))
        if not (message or "").strip():
            raise UserError(self.env._("Say what information the customer must send."))
        self._write_workflow({"info_request": message})
        self._start_customer_wait()
        self._send_step_mail("info")
        return True

    def action_reject_with_reason(self, reason):
        """Reject, keeping the reason the customer is told."""
        self._lock_and_refresh()
        self._ensure_approver()
        self._ensure_state(("submitted",), self.env._("rejected"))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the rejection."))
        self._write_workflow({"reject_reason": reason})
        return self.action_reject()

    def action_open_step_wizard(self):
        """Open the wizard asking the message of a step (ask for information or reject)."""
        self.ensure_one()
        step = self.env.context.get("claim_step")
        if step not in ("info", "reject"):
            raise UserError(self.env._("Unknown claim step."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Ask for Information")
            if step == "info"
            else self.env._("Reject Claim"),
            "res_model": "aftersales.claim.step.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_id": self.id, "default_step": step},
        }
