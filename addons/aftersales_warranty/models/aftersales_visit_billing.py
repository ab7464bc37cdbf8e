from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

BILLING_STATES = [
    ("open", "Not Done"),
    ("free", "Free of Charge"),
    ("covered", "Covered"),
    ("to_invoice", "To Invoice"),
    ("invoiced", "Invoiced"),
]


class AftersalesVisit(models.Model):
    """Billable visits: the time, travel and parts of a done visit that no entitlement covers
    are invoiced to its customer.

    Cover is read from the unit's entitlements on the day of the visit (warranties, extended
    warranties, contracts alike): the best one's parts, labour and travel shares, at its
    pro-rata share, become the lines' discount, so a fully covered visit is not invoiced and a
    partly covered one is invoiced for the customer's share. Campaign visits are free.
    Parts are the visit's done stock moves to the customer (what was consumed, less what came
    back), time the visit's duration in hours of the company's labour product, travel its
    distance in units of the company's travel product.
    """

    _inherit = "aftersales.visit"  # pylint: disable=consider-merging-classes-inherited

    aftersales_travel_distance = fields.Float(
        string="Travel Distance",
        help="Invoiced in units of the company's travel product on a billable visit.",
    )
    aftersales_invoice_line_ids = fields.One2many(
        "account.move.line", "aftersales_visit_id", string="Invoice Lines", readonly=True
    )
    aftersales_billing_state = fields.Selection(
        BILLING_STATES,
        string="Billing",
        compute="_compute_aftersales_billing_state",
        groups="account.group_account_invoice",
    )
    aftersales_invoice_count = fields.Integer(
        compute="_compute_aftersales_billing_state", groups="account.group_account_invoice"
    )

    @api.model
    def _aftersales_invoiced_domain(self):
        return Domain(
            "aftersales_invoice_line_ids",
            "any",
            [("parent_state", "!=", "cancel"), ("move_id.move_type", "=", "out_invoice")],
        )

    def _aftersales_invoices(self):
        return self.aftersales_invoice_line_ids.move_id.filtered(
            lambda move: move.state != "cancel" and move.move_type == "out_invoice"
        )

    @api.depends("state", "aftersales_invoice_line_ids.parent_state")
    def _compute_aftersales_billing_state(self):
        covered = self.filtered(lambda v: v.state == "done")._aftersales_covered_shares()
        for visit in self:
            invoices = visit._aftersales_invoices()
            visit.aftersales_invoice_count = len(invoices)
            if invoices:
                visit.aftersales_billing_state = "invoiced"
            elif visit.state != "done":
                visit.aftersales_billing_state = "open"
            elif visit.aftersales_campaign_unit_id:
                visit.aftersales_billing_state = "free"
            elif all(charge[3] >= 100.0 for charge in visit._aftersales_charges(covered[visit])):
                visit.aftersales_billing_state = "covered"
            else:
                visit.aftersales_billing_state = "to_invoice"

    def _aftersales_visit_date(self):
        self.ensure_one()
        return fields.Date.context_today(self, self.actual_end or self.planned_start)

    def _aftersales_covered_shares(self):
        """{visit: (parts %, labour %, travel %)} covered by the best entitlement of the
        visit's unit on the day of the visit, at its pro-rata share; (0, 0, 0) without one."""
        Warranty = self.env["aftersales.warranty"].sudo()
        entitlements = Warranty.search([("equipment_id", "in", self.equipment_id.ids)])
        by_unit = defaultdict(lambda: Warranty)
        for entitlement in entitlements:
            by_unit[entitlement.equipment_id.id] |= entitlement
        shares = {}
        for visit in self:
            day = visit._aftersales_visit_date()
            best = (0.0, 0.0, 0.0)
            for entitlement in by_unit[visit.equipment_id.id]:
                if not entitlement._covers(day):
                    continue
                policy = entitlement.policy_id
                covered = 1.0 - policy._customer_share(entitlement.date_start, day)
                candidate = tuple(
                    rate * covered
                    for rate in (
                        policy.parts_coverage,
                        policy.labour_coverage,
                        policy.travel_coverage,
                    )
                )
                if sum(candidate) > sum(best):
                    best = candidate
            shares[visit] = best
        return shares

    def action_aftersales_invoice(self):
        """Invoice the done visits no entitlement fully covers (one invoice per visit, or per
        customer and month as the company says); return the invoices made.

        Locks the visits first and skips the invoiced ones: a double click or the job
        running at the same time invoice each visit once.
        """
        self.env["account.move"].check_access("create")
        self.lock_for_update()
        self.invalidate_recordset()
        billable = self.filtered(
            lambda v: (
                v.state == "done"
                and not v.aftersales_campaign_unit_id
                and not v._aftersales_invoices()
            )
        )
        missing = billable.filtered(lambda v: not v.partner_id)
        if missing:
            raise UserError(self.env._("Visit %s has no customer to invoice.", missing[0].name))
        covered = billable._aftersales_covered_shares()
        groups = defaultdict(list)
        for visit in billable:
            lines = visit._aftersales_invoice_line_vals(covered[visit])
            if not any(line["discount"] < 100.0 for line in lines):
                continue  # fully covered, or nothing to invoice
            groups[visit._aftersales_invoice_key()].append((visit, lines))
        vals_list = [self._aftersales_invoice_vals(visits) for visits in groups.values()]
        invoices = self.env["account.move"].create(vals_list)
        for invoice in invoices:
            invoice.message_post(
                body=self.env._(
                    "Invoice of visits %s.",
                    ", ".join(invoice.invoice_line_ids.aftersales_visit_id.mapped("name")),
                )
            )
        return invoices

    def _aftersales_invoice_key(self):
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        if self.company_id.aftersales_visit_invoicing == "month":
            day = self._aftersales_visit_date()
            return (self.company_id.id, customer.id, day.year, day.month)
        return (self.company_id.id, customer.id, self.id)

    @api.model
    def _aftersales_invoice_vals(self, visits_and_lines):
        first = visits_and_lines[0][0]
        return {
            "move_type": "out_invoice",
            "company_id": first.company_id.id,
            "partner_id": first.partner_id.commercial_partner_id.id,
            "invoice_origin": ", ".join(visit.name for visit, _lines in visits_and_lines),
            "invoice_line_ids": [
                Command.create(line) for _visit, lines in visits_and_lines for line in lines
            ],
        }

    def _aftersales_pricelist(self):
        self.ensure_one()
        return (
            self.company_id.aftersales_service_pricelist_id
            or self.partner_id.commercial_partner_id.property_product_pricelist
        )

    def _aftersales_charges(self, covered):
        """[(product, quantity, uom, covered %)]: the visit's time, travel and consumed
        parts; the product is empty when the company has no labour product."""
        self.ensure_one()
        parts_covered, labour_covered, travel_covered = covered
        company = self.company_id
        charges = []
        if self.duration:
            labour = company.aftersales_labour_product_id
            charges.append((labour, self.duration, labour.uom_id, labour_covered))
        travel = company.aftersales_travel_product_id
        if self.aftersales_travel_distance and travel:
            charges.append((travel, self.aftersales_travel_distance, travel.uom_id, travel_covered))
        for product, quantity, uom in self._aftersales_consumed_parts():
            charges.append((product, quantity, uom, parts_covered))
        return charges

    def _aftersales_invoice_line_vals(self, covered):
        """Invoice lines of the visit's charges, priced from the service price list, the
        covered share as a discount."""
        self.ensure_one()
        charges = self._aftersales_charges(covered)
        if any(not product for product, *_rest in charges):
            raise UserError(
                self.env._("Set the labour product in the settings to invoice visit %s.", self.name)
            )
        pricelist = self._aftersales_pricelist()
        currency = self.company_id.currency_id
        day = self._aftersales_visit_date()
        vals_list = []
        for product, quantity, uom, covered_share in charges:
            price = product.lst_price
            if pricelist:
                price = pricelist._get_product_price(
                    product, quantity, currency=currency, uom=uom, date=day
                )
            vals_list.append(
                {
                    "product_id": product.id,
                    "name": f"{self.name} - {product.display_name}",
                    "quantity": quantity,
                    "product_uom_id": uom.id,
                    "price_unit": price,
                    "discount": covered_share,
                    "aftersales_visit_id": self.id,
                }
            )
        return vals_list

    def _aftersales_consumed_parts(self):
        """[(product, quantity, uom)]: what the visit's done moves left with the customer."""
        self.ensure_one()
        quantities = defaultdict(float)
        for move in self.move_ids.filtered(lambda m: m.state == "done"):
            sign = 0
            if move.location_dest_id.usage == "customer":
                sign = 1
            elif move.location_id.usage == "customer":
                sign = -1
            quantities[move.product_id] += sign * move.product_uom._compute_quantity(
                move.quantity, move.product_id.uom_id
            )
        return [
            (product, quantity, product.uom_id)
            for product, quantity in quantities.items()
            if product.uom_id.compare(quantity, 0.0) > 0
        ]

    @api.model
    def _cron_aftersales_invoice_visits(self):
        """Invoice the done visits not invoiced yet, in the companies that set a labour
        product (the setting turns visit billing on)."""
        companies = self.env["res.company"].search([("aftersales_labour_product_id", "!=", False)])
        for company in companies:
            domain = (
                Domain("company_id", "=", company.id)
                & Domain("state", "=", "done")
                & Domain("aftersales_campaign_unit_id", "=", False)
                & ~self._aftersales_invoiced_domain()
            )
            if company.aftersales_visit_billing_from:
                domain &= Domain("actual_end", ">=", company.aftersales_visit_billing_from)
            visits = self.with_company(company).search(domain)
            visits.with_company(company).action_aftersales_invoice()
            self.env["ir.cron"]._commit_progress(len(visits))

    def action_aftersales_open_invoices(self):
        self.ensure_one()
        invoices = self._aftersales_invoices()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", invoices.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action
