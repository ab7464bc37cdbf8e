from datetime import timedelta

from odoo import api, fields, models

from .ir_qweb import COMPILED_MAILS

NOTICE_TEMPLATE = "aftersales_warranty.mail_template_campaign_notice"
REMINDER_TEMPLATE = "aftersales_warranty.mail_template_campaign_reminder"


class AftersalesCampaignUnit(models.Model):
    """Notices to owners: one mail per owner and campaign in the owner's language, then
    reminders on the campaign's schedule until a visit is booked."""

    _inherit = "aftersales.campaign.unit"  # pylint: disable=consider-merging-classes-inherited

    owner_task_ids = fields.Many2many(
        "aftersales.campaign.unit",
        compute="_compute_owner_task_ids",
        string="Owner's Units in the Campaign",
    )

    @api.depends("campaign_id", "partner_id")
    def _compute_owner_task_ids(self):
        tasks = self.search(
            [
                ("campaign_id", "in", self.campaign_id.ids),
                ("partner_id", "in", self.partner_id.ids),
                ("state", "not in", ("remedied", "cancelled")),
            ]
        )
        for task in self:
            task.owner_task_ids = tasks.filtered(
                lambda other, task=task: (
                    other.campaign_id == task.campaign_id and other.partner_id == task.partner_id
                )
            )

    def _tasks_to_notify(self):
        """Open tasks, and notified ones whose unit changed hands since the notice."""
        return self.filtered(
            lambda task: (
                task.campaign_id.state == "active"
                and (
                    task.state == "open"
                    or (
                        task.state in ("notified", "unreachable")
                        and task.partner_id
                        and task.partner_id != task.notified_partner_id
                    )
                )
            )
        )

    def _send_notices(self):
        """The first notice to each owner; owners without an address are unreachable."""
        todo = self._tasks_to_notify()
        unreachable = todo.filtered(lambda task: not task.partner_id.email)
        for task in unreachable:
            reason = (
                self.env._("No owner known for the unit.")
                if not task.partner_id
                else self.env._("%s has no e-mail address.", task.partner_id.display_name)
            )
            task._write_workflow({"state": "unreachable", "unreachable_reason": reason})
        today = fields.Date.context_today(self)
        letters = self.browse()
        for tasks in (todo - unreachable)._per_owner():
            letters |= tasks[0]
            tasks._write_workflow(
                {
                    "state": "notified",
                    "notified_partner_id": tasks[0].partner_id.id,
                    "notice_date": today,
                    "last_notice_date": today,
                    "reminder_count": 0,
                    "unreachable_reason": False,
                }
            )
        letters._enqueue_owner_mails(NOTICE_TEMPLATE)

    def _per_owner(self):
        """The tasks grouped by campaign and owner, in a stable order."""
        groups = {}
        for task in self:
            groups.setdefault((task.campaign_id.id, task.partner_id.id), self.browse())
            groups[task.campaign_id.id, task.partner_id.id] |= task
        return [groups[key] for key in sorted(groups)]

    def _send_reminders(self):
        """Remind the owners whose last notice is older than the campaign's interval; after
        the last reminder, the owner is listed as unreachable for the back office."""
        today = fields.Date.context_today(self)
        due = self.filtered(
            lambda task: (
                task.state == "notified"
                and task.campaign_id.state == "active"
                and task.campaign_id.reminder_interval_days > 0
                and task.last_notice_date
                and task.last_notice_date
                <= today - timedelta(days=task.campaign_id.reminder_interval_days)
            )
        )
        exhausted = due.filtered(lambda task: task.reminder_count >= task.campaign_id.reminder_max)
        for task in exhausted:
            task._write_workflow(
                {
                    "state": "unreachable",
                    "unreachable_reason": self.env._(
                        "No answer after %s reminders.", task.reminder_count
                    ),
                }
            )
        letters = self.browse()
        for tasks in (due - exhausted)._per_owner():
            letters |= tasks[0]
            for task in tasks:
                task._write_workflow(
                    {"reminder_count": task.reminder_count + 1, "last_notice_date": today}
                )
        letters._enqueue_owner_mails(REMINDER_TEMPLATE)

    @api.private
    def _enqueue_owner_mails(self, template_xmlid):
        """Enqueue the job mailing `template_xmlid` for these tasks, one per owner (the letter
        lists the owner's units). The caller writes the tasks' state in its transaction; the
        job renders the mails after it commits (channel ``root.aftersales_mail``, like the
        claims' step mails), and does not exist when it rolls back."""
        if not self:
            return
        self.with_delay(
            description=self.env._(
                "Campaign letters to %(count)s owner(s)", count=len(self.partner_id)
            ),
        )._mail_owners(template_xmlid)

    @api.private
    def _mail_owners(self, template_xmlid):
        """The job: render and queue the letter of each task, in its owner's language;
        returns the mail.mail records. sudo: the campaign's mails are the company's."""
        if template_xmlid not in (NOTICE_TEMPLATE, REMINDER_TEMPLATE):
            return self.env["mail.mail"]
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        tasks = self.sudo().exists().filtered(lambda task: task.partner_id.email)
        if not template or not tasks:
            return self.env["mail.mail"]
        template = template.sudo().with_context(**{COMPILED_MAILS: {}})
        return template.send_mail_batch(tasks.ids, force_send=False)

    @api.model
    def _cron_campaign_notices(self):
        """Notify the new owners of units sold on, and remind those who have not booked."""
        tasks = self.search(
            [
                ("campaign_id.state", "=", "active"),
                ("state", "in", ("open", "notified", "unreachable")),
            ]
        )
        tasks._send_notices()
        tasks._send_reminders()

    @api.model
    def _workflow_fields(self):
        return {*super()._workflow_fields(), "unreachable_reason"}
