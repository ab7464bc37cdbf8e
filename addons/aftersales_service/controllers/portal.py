from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

UNITS_PER_PAGE = 20


class EquipmentPortal(CustomerPortal):
    """My equipment: the units a customer owns, their requests and visits.

    What a customer may see is decided by the record rules of the portal group, never by a
    domain written here.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "equipment_count" in counters:
            Unit = request.env["aftersales.equipment"]
            values["equipment_count"] = Unit.search_count([]) if Unit.has_access("read") else 0
        return values

    @http.route(
        ["/my/equipment", "/my/equipment/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_equipment(self, page=1, **kw):
        Unit = request.env["aftersales.equipment"]
        if not Unit.has_access("read"):
            return request.redirect("/my")
        pager = portal_pager(
            url="/my/equipment",
            total=Unit.search_count([]),
            page=page,
            step=UNITS_PER_PAGE,
        )
        units = Unit.search([], limit=UNITS_PER_PAGE, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "units": units,
                "pager": pager,
                "page_name": "equipment",
                "default_url": "/my/equipment",
            }
        )
        return request.render("aftersales_service.portal_my_equipment", values)

    @http.route("/my/equipment/<int:unit_id>", type="http", auth="public", website=True)
    def portal_equipment_page(self, unit_id, access_token=None, **kw):
        unit = self._unit_or_not_found(unit_id, access_token)
        return self._render_equipment_page(unit, access_token)

    def _render_equipment_page(self, unit, access_token=None, reading_error=None):
        values = self._get_page_view_values(
            unit,
            access_token,
            {"unit": unit, "page_name": "equipment"},
            "my_equipment_history",
            False,
        )
        values["tickets"] = self._unit_related(unit, "helpdesk.ticket")
        values["visits"] = self._unit_related(unit, "aftersales.visit")
        values["readings"] = self._unit_related(unit, "aftersales.equipment.reading")[:10]
        # only the owner records readings: not a visitor holding the unit's share link
        values["can_record_reading"] = bool(unit.counter_kind) and self._is_owner(unit)
        values["reading_error"] = reading_error
        return request.render("aftersales_service.portal_equipment_page", values)

    def _is_owner(self, unit):
        """Whether the logged-in user holds the unit by the record rules, not by a share link
        (`_document_check_access` returns the unit sudo-ed either way)."""
        return unit.with_env(request.env).has_access("read") and not request.env.user._is_public()

    def _unit_or_not_found(self, unit_id, access_token=None):
        try:
            return self._document_check_access("aftersales.equipment", unit_id, access_token)
        except (AccessError, MissingError):
            # Not found rather than forbidden: another customer's unit does not even exist here.
            raise request.not_found() from None

    @http.route(
        "/my/equipment/<int:unit_id>/reading",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_equipment_reading(self, unit_id, value=None, date=None, **kw):
        """The owner records a counter reading of their unit (form on the unit's page)."""
        unit = self._unit_or_not_found(unit_id)
        if not unit.counter_kind:
            raise request.not_found()
        try:
            vals = {
                "equipment_id": unit.id,
                "value": float(value),
                "date": fields.Date.to_date(date) or fields.Date.context_today(unit),
                "source": "portal",
            }
        except (TypeError, ValueError):
            return self._render_equipment_page(
                unit, reading_error=request.env._("Enter the number the counter shows.")
            )
        try:
            with request.env.cr.savepoint():
                request.env["aftersales.equipment.reading"].create(vals)
        except (AccessError, ValidationError) as error:
            return self._render_equipment_page(unit, reading_error=error.args[0])
        return request.redirect(f"/my/equipment/{unit.id}")

    @http.route(
        "/my/equipment/<int:unit_id>/visit/<int:visit_id>/report",
        type="http",
        auth="public",
        website=True,
    )
    def portal_visit_report(self, unit_id, visit_id, access_token=None, download=False, **kw):
        """The PDF report of a done visit of the unit."""
        unit = self._unit_or_not_found(unit_id, access_token)
        visit = self._unit_related(unit, "aftersales.visit").filtered(
            lambda v: v.id == visit_id and v.state == "done"
        )
        if not visit:
            raise request.not_found()
        return self._show_report(
            model=visit,
            report_type="pdf",
            report_ref="aftersales_service.action_report_visit",
            download=download,
        )

    def _unit_related(self, unit, model):
        """The unit's requests or visits, as far as the portal rules let this customer see them.

        A visitor holding the unit's share link gets the unit sudo-ed from
        `_document_check_access`, and with it the unit's requests and visits.
        """
        records = request.env[model]
        # the unit's company spelled out: the sudo search below is not held by company rules
        domain = [("equipment_id", "=", unit.id), ("company_id", "=", unit.company_id.id)]
        if records.has_access("read"):
            return records.search(domain)
        if unit.env.su:
            return records.sudo().search(domain)
        return records
