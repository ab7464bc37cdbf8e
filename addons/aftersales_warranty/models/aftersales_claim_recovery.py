from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class AftersalesClaim(models.Model):
    """Supplier recovery from a claim: what the vendors owe us back for the failure.

    Rule (documented in readme/USAGE.md): the vendor terms are those of the product's main
    vendor line (first by sequence) with a vendor warranty in months. Each vendor clock is
    judged on the claim's failure date: the unit's clock starts on its delivery date; a failed
    part came to the customer inside the unit, so its clock starts on that same delivery date
    and the part is judged on the failure date against its own vendor's months. A part whose
    own vendor no longer covers it goes to the unit's vendor when the unit is still covered.
    """

    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    recovery_ids = fields.One2many("aftersales.recovery", "claim_id", string="Recoveries")
    recovery_count = fields.Integer(compute="_compute_recovery_count")

    @api.depends("recovery_ids")
    def _compute_recovery_count(self):
        counts = dict(
            self.env["aftersales.recovery"]._read_group(
                [("claim_id", "in", self.ids)], ["claim_id"], ["__count"]
            )
        )
        for claim in self:
            claim.recovery_count = counts.get(claim, 0)

    def action_propose_recovery(self):
        recoveries = self._propose_recoveries()
        if not recoveries:
            raise UserError(
                self.env._("No vendor warranty covers the unit or the parts of these claims.")
            )
        return self.action_open_recoveries()

    def action_open_recoveries(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_warranty.action_recoveries"
        )
        action["domain"] = [("claim_id", "in", self.ids)]
        action["context"] = {"default_claim_id": self[:1].id}
        return action

    def _propose_recoveries(self):
        """One draft recovery per vendor whose warranty covers the unit or a part; never a
        second one for a claim and vendor (unless the first is cancelled)."""
        self._lock_and_refresh()
        self._ensure_state(("in_progress", "done"), self.env._("claimed back from vendors"))
        vals_list = []
        for claim in self:
            taken = claim.recovery_ids.filtered(lambda r: r.state != "cancel").partner_id
            for partner, proposal in claim._recovery_proposals().items():
                if partner not in taken:
                    vals_list.append(claim._recovery_vals(partner, proposal))
        return self.env["aftersales.recovery"].create(vals_list)

    @api.private
    def _recovery_proposals(self):
        """{vendor: {'terms': supplierinfo, 'lines': [line values]}} for this claim."""
        self.ensure_one()
        seller_model = self.env["product.supplierinfo"]
        start, day = self.equipment_id.delivery_date, self.failure_date
        proposals = {}

        def add(terms, line):
            vendor = terms.partner_id.commercial_partner_id
            proposal = proposals.setdefault(vendor, {"terms": terms, "lines": []})
            if line:
                line["deadline"] = fields.Date.context_today(self) + timedelta(
                    days=proposal["terms"].aftersales_return_days
                )
                proposal["lines"].append(line)

        unit_terms = seller_model._aftersales_main_seller(self.product_id, self.company_id)
        if not (unit_terms and unit_terms._aftersales_covers(start, day)):
            unit_terms = seller_model
        if unit_terms:
            unit_line = None
            if self.decision in ("replace", "refund"):
                unit_line = {
                    "product_id": self.product_id.id,
                    "quantity": 1.0,
                    "unit_cost": self.product_id.standard_price,
                }
            add(unit_terms, unit_line)
        for part in self.part_ids:
            terms = seller_model._aftersales_main_seller(part.product_id, self.company_id)
            if not (terms and terms._aftersales_covers(start, day)):
                terms = unit_terms
            if terms:
                add(
                    terms,
                    {
                        "product_id": part.product_id.id,
                        "quantity": part.quantity,
                        "unit_cost": part.unit_cost,
                    },
                )
        return proposals

    def _recovery_vals(self, partner, proposal):
        terms = proposal["terms"]
        return {
            "claim_id": self.id,
            "company_id": self.company_id.id,
            "partner_id": partner.id,
            "supplierinfo_id": terms.id,
            "labour_rate": terms.aftersales_labour_rate,
            "return_partner_id": (terms.aftersales_return_partner_id or partner).id,
            "return_instructions": terms.aftersales_return_instructions,
            "line_ids": [Command.create(line) for line in proposal["lines"]],
        }
