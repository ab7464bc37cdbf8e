from datetime import datetime, time

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request


class CampaignPortal(http.Controller):
    """An owner books the campaign visit of their unit from its equipment page.

    Which tasks a customer may book is decided by the portal record rule on campaign tasks.
    """

    @http.route(
        "/my/campaign/<int:task_id>/book", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_campaign_book(self, task_id, visit_date=None, **kw):
        task = request.env["aftersales.campaign.unit"].browse(task_id)
        try:
            task.check_access("read")
            unit_id = task.equipment_id.id
        except (AccessError, MissingError):
            raise request.not_found() from None
        url = f"/my/equipment/{unit_id}"
        try:
            day = fields.Date.to_date(visit_date)
        except ValueError:
            day = None
        if not day or day < fields.Date.context_today(task):
            return request.redirect(f"{url}?campaign_error=date")
        # the customer's choice of day, at nine in the morning, the technician plans the hour
        planned_start = datetime.combine(day, time(9, 0))
        try:
            task.sudo().action_plan_visit(planned_start)
        except UserError:
            return request.redirect(f"{url}?campaign_error=state")
        return request.redirect(f"{url}?campaign_booked=1")
