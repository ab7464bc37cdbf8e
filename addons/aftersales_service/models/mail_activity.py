from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking a follow-up's call or survey done marks the follow-up done."""
        followup_ids = self.filtered(lambda a: a.res_model == "aftersales.followup").mapped(
            "res_id"
        )
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if not followup_ids:
            return result
        # sudo: whoever may mark the activity done (its assignee) closes the follow-up, with or
        # without rights on follow-ups.
        followups = self.env["aftersales.followup"].sudo().browse(followup_ids)
        followups.filtered(lambda f: f.state == "to_do")._write_workflow({"state": "done"})
        return result
