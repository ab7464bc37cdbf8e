from werkzeug.exceptions import Forbidden

from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController

PORTAL_REQUEST_TYPES = ("repair", "maintenance", "technical_guidance", "complaint", "other")


def _as_id(value):
    """A record id from a form value, 0 for anything else."""
    return int(value) if str(value or "").isdigit() else 0


class AftersalesTicketController(HelpdeskTicketController):
    """The portal's new-ticket form asks which unit the request is about."""

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        units = request.env["aftersales.equipment"].search([])
        values["units"] = units
        values["selected_unit_id"] = _as_id(kw.get("equipment_id"))
        request_types = dict(
            request.env["helpdesk.ticket"]
            ._fields["request_type"]
            ._description_selection(request.env)
        )
        values["request_types"] = [(key, request_types[key]) for key in PORTAL_REQUEST_TYPES]
        return values

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        if kw.get("request_type") in PORTAL_REQUEST_TYPES:
            vals["request_type"] = kw["request_type"]
        if kw.get("equipment_id"):
            # The ticket is created with sudo: check here that the unit is the customer's own,
            # through the portal record rules.
            unit = request.env["aftersales.equipment"].search(
                [("id", "=", _as_id(kw["equipment_id"]))]
            )
            if not unit:
                raise Forbidden()
            vals["equipment_id"] = unit.id
        return vals
