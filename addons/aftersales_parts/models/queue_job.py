from odoo import models


class QueueJob(models.Model):
    _inherit = "queue.job"

    def _message_post_on_failure(self):
        """A block of a forecast run that failed for good marks its run failed (resumable)."""
        res = super()._message_post_on_failure()
        chunks = self.filtered(lambda job: job.model_name == "aftersales.forecast.run.chunk")
        if chunks:
            # sudo: the job's user (or the job runner) marks our run failed, rights or not.
            runs = self.env["aftersales.forecast.run"].sudo()
            for job in chunks:
                runs |= job.records.sudo().exists().run_id
            runs._mark_failed()
        return res
