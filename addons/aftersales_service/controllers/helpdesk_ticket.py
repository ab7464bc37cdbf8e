import werkzeug
from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
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

    # helpdesk_mgmt's /ticket/close answers a GET (so no CSRF check) and moves whichever
    # ticket id it is given, sudo-ed, to a closing stage, for any logged-in user: a link or an
    # image on any page closes another customer's ticket, and our follow-up plans then send
    # that customer a survey. Ours takes a POST with the CSRF token, from the ticket's own
    # customer or from a helpdesk user who may write the ticket.
    @http.route("/ticket/close", type="http", auth="user", methods=["POST"], csrf=True)
    def support_ticket_close(self, ticket_id=None, stage_id=None, **kw):
        ticket = self._ticket_to_close(_as_id(ticket_id))
        stage = request.env["helpdesk.ticket.stage"].sudo().browse(_as_id(stage_id))
        # like upstream, a stage the portal does not offer changes nothing
        if not ticket.closed and stage in self._portal_closing_stages(ticket):
            ticket.stage_id = stage
        return werkzeug.utils.redirect(f"/my/ticket/{ticket.id}")

    def _ticket_to_close(self, ticket_id):
        """The ticket, if the user may close it: sudo-ed for its own customer (portal users
        cannot write tickets), as the user for helpdesk users (their record rules apply)."""
        ticket = request.env["helpdesk.ticket"].browse(ticket_id)
        ticket_sudo = ticket.sudo().exists()
        if not ticket_sudo:
            raise NotFound()
        user = request.env.user
        owner = ticket_sudo.partner_id.commercial_partner_id
        if owner and owner == user.commercial_partner_id:
            return ticket_sudo
        if user.has_group("helpdesk_mgmt.group_helpdesk_user_own") and ticket.has_access("write"):
            return ticket
        raise Forbidden()

    def _portal_closing_stages(self, ticket):
        """The stages the ticket's portal page offers as close buttons (as helpdesk_mgmt's
        `_ticket_get_page_view_values` computes them)."""
        if ticket.team_id:
            stages = ticket.team_id.sudo()._get_applicable_stages()
        else:
            stages = (
                request.env["helpdesk.ticket.stage"]
                .sudo()
                .search(
                    [("company_id", "in", [False, ticket.company_id.id]), ("team_ids", "=", False)]
                )
            )
        return stages.filtered("close_from_portal")
