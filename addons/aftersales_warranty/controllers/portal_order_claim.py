from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import float_round

from .portal import WarrantyPortal


class OrderClaimPortal(WarrantyPortal):
    """A claim for goods from the customer's order: one order line, a quantity, the lot.

    The order is read as the customer (its record rules, no token: a claim needs a login);
    the claim is created with sudo once the line was found on that order and claimable.
    """

    def _own_order_line(self, order_id, line_id):
        """The customer's claimable order line, sudo-ed, or 404 (another customer's order or
        line does not exist for them)."""
        try:
            order = request.env["sale.order"].browse(int(order_id))
            order.check_access("read")
            if not order.exists():
                raise MissingError(order_id)
        except (AccessError, MissingError, ValueError):
            raise request.not_found() from None
        line = order.sudo().order_line.filtered(lambda line: line.id == int(line_id))
        if not line or not line._aftersales_goods_claimable():
            raise request.not_found()
        return line

    def _render_order_claim_form(self, line, values, error=None, status=200):
        claimable = line._aftersales_quantity_claimable()
        lots = line._aftersales_lots_delivered()
        render_values = self._claim_form_values(line.env["aftersales.equipment"], values, error)
        render_values.update(
            {
                "order_line": line,
                "claimable": float_round(
                    claimable, precision_rounding=line.product_uom_id.rounding
                ),
                "lots": lots,
            }
        )
        return request.render(
            "aftersales_warranty.portal_order_claim_form", render_values, status=status
        )

    @http.route(
        "/my/orders/<int:order_id>/lines/<int:line_id>/claim",
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def portal_order_claim_form(self, order_id, line_id, **kw):
        return self._render_order_claim_form(self._own_order_line(order_id, line_id), {})

    @http.route(
        "/my/orders/<int:order_id>/lines/<int:line_id>/claim",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_order_claim_submit(self, order_id, line_id, **post):
        env = request.env
        line = self._own_order_line(order_id, line_id)
        symptom = self._posted_symptom(post)
        failure_date = self._form_date(post.get("failure_date"))
        description = (post.get("description") or "").strip()
        try:
            quantity = float(post.get("quantity") or 0)
        except ValueError:
            quantity = 0.0
        lots = line._aftersales_lots_delivered()
        lot = lots.filtered(lambda lot: str(lot.id) == post.get("lot_id"))
        if not (symptom and failure_date and description and quantity > 0):
            return self._render_order_claim_form(
                line,
                post,
                env._("Please say how many are faulty, choose a symptom, describe it and date it."),
                400,
            )
        if lots and not lot:
            return self._render_order_claim_form(
                line, post, env._("Please choose the lot the faulty goods come from."), 400
            )
        return self._create_portal_claim(
            {
                "sale_line_id": line.id,
                "quantity": quantity,
                "lot_id": lot.id,
                "company_id": line.company_id.id,
                "partner_id": line.order_id.partner_id.id,
                "failure_date": failure_date,
            },
            symptom,
            description,
            lambda error: self._render_order_claim_form(line, post, error, 400),
        )
