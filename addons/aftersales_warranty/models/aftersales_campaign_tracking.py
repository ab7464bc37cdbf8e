import base64
import csv
import io

from odoo import fields, models

REGULATOR_COLUMNS = (
    "serial",
    "product",
    "owner",
    "country",
    "region",
    "delivery_date",
    "notice_date",
    "reminders",
    "status",
    "remedy_date",
)


class AftersalesCampaign(models.Model):
    """Completion by country, region and month, and the regulator's export."""

    _inherit = "aftersales.campaign"  # pylint: disable=consider-merging-classes-inherited

    def _completion_figures(self, groupby):
        """{group value: (affected, remedied, completion %)} over the campaign's units, in one
        query; `groupby` is a unit field ('country_id', 'state_id') or 'remedy_date:month'."""
        self.ensure_one()
        groups = self.env["aftersales.campaign.unit"]._read_group(
            [("campaign_id", "=", self.id), ("state", "!=", "cancelled")],
            [groupby],
            ["__count", "remedied:avg"],
        )
        return {key: (count, round(count * rate / 100), rate) for key, count, rate in groups}

    def _remedied_per_month(self):
        """{first day of month: units remedied that month}."""
        self.ensure_one()
        groups = self.env["aftersales.campaign.unit"]._read_group(
            [("campaign_id", "=", self.id), ("state", "=", "remedied")],
            ["remedy_date:month"],
            ["__count"],
        )
        return dict(groups)

    def _regulator_rows(self):
        """One row per affected unit: who owns it, when they were told, when it was fixed."""
        self.ensure_one()
        states = dict(
            self.env["aftersales.campaign.unit"]._fields["state"]._description_selection(self.env)
        )
        tasks = self.unit_ids.filtered(lambda task: task.state != "cancelled")
        return [
            {
                "serial": task.lot_id.name,
                "product": task.product_id.display_name,
                "owner": task.partner_id.display_name or "",
                "country": task.country_id.name or "",
                "region": task.state_id.name or "",
                "delivery_date": fields.Date.to_string(task.delivery_date) or "",
                "notice_date": fields.Date.to_string(task.notice_date) or "",
                "reminders": task.reminder_count,
                "status": states[task.state],
                "remedy_date": fields.Date.to_string(task.remedy_date) or "",
            }
            for task in tasks
        ]

    def _regulator_csv(self):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=REGULATOR_COLUMNS)
        writer.writeheader()
        writer.writerows(self._regulator_rows())
        return buffer.getvalue().encode()

    def action_export_regulator_csv(self):
        """The CSV, attached to the campaign (each export kept: what was sent and when)."""
        self.ensure_one()
        self.check_access("read")
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.reference or self.name}-{fields.Date.context_today(self)}.csv",
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "text/csv",
                "datas": base64.b64encode(self._regulator_csv()),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
