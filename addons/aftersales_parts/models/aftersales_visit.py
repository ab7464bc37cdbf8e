import math

from odoo import fields, models
from odoo.exceptions import UserError

#: At most this many parts are proposed for one visit.
PROPOSAL_LIMIT = 8


class AftersalesVisit(models.Model):
    _inherit = "aftersales.visit"

    def action_propose_parts(self):
        """Add the proposed parts to the visit as planned lines (parts already listed are
        kept as they are)."""
        self._ensure_can_write()
        self._ensure_state(("planned",), self.env._("given proposed parts"))
        for visit in self:
            if not visit.equipment_id:
                raise UserError(
                    self.env._("Say which unit %(visit)s is for first.", visit=visit.name)
                )
            listed = visit.part_line_ids.product_id
            visit.write(
                {
                    "part_line_ids": [
                        fields.Command.create(
                            {
                                "product_id": product.id,
                                "planned_qty": quantity,
                                "quantity": 0.0,
                                "proposal_reason": reason,
                            }
                        )
                        for product, quantity, reason in visit._part_proposals()
                        if product not in listed
                    ]
                }
            )
        return True

    def _part_proposals(self):
        """[(part variant, quantity, why)], most likely needed first: the parts past done
        visits on the same product used, ranked by the share of those visits that used them
        (only the visits on requests of the same category, the symptom, when there are any);
        then the parts that fit the product, by failure rate."""
        self.ensure_one()
        product = self.equipment_id.product_id.product_tmpl_id
        if not product:
            return []
        proposals = self._proposals_from_history(product)
        fitments = (
            self.env["aftersales.part.fitment"]
            .sudo()
            .search(
                [("product_id", "=", product.id), ("failure_rate", ">", 0)],
                order="failure_rate desc, id",
            )
        )
        current = fitments.part_id._current_parts()
        for fitment in fitments:
            part = current[fitment.part_id].product_variant_id
            if part and part not in {proposal[0] for proposal in proposals}:
                proposals.append(
                    (
                        part,
                        fitment.quantity,
                        self.env._(
                            "Fits %(product)s, fails %(rate)s times a unit-year",
                            product=product.display_name,
                            rate=round(fitment.failure_rate, 2),
                        ),
                    )
                )
        return proposals[:PROPOSAL_LIMIT]

    def _proposals_from_history(self, product):
        # sudo: the history is every technician's, not only the visits this user may read
        Visit = self.env["aftersales.visit"].sudo()
        domain = [
            ("state", "=", "done"),
            ("equipment_id.product_id.product_tmpl_id", "=", product.id),
            ("company_id", "=", self.company_id.id),
            ("id", "!=", self.id),
        ]
        symptom = self.ticket_id.sudo().category_id
        if symptom and Visit.search_count(
            [*domain, ("ticket_id.category_id", "=", symptom.id)], limit=1
        ):
            domain.append(("ticket_id.category_id", "=", symptom.id))
        else:
            symptom = False
        past_visits = Visit.search(domain)
        if not past_visits:
            return []
        rows = (
            self.env["aftersales.visit.part"]
            .sudo()
            ._read_group(
                [("visit_id", "in", past_visits.ids), ("quantity", ">", 0)],
                ["product_id"],
                ["visit_id:count_distinct", "quantity:sum"],
            )
        )
        rows.sort(key=lambda row: (-row[1], -row[2], row[0].id))
        proposals = []
        for part, visit_count, quantity in rows:
            if symptom:
                reason = self.env._(
                    "Used on %(count)s of %(total)s past visits for %(symptom)s",
                    count=visit_count,
                    total=len(past_visits),
                    symptom=symptom.name,
                )
            else:
                reason = self.env._(
                    "Used on %(count)s of %(total)s past visits on this product",
                    count=visit_count,
                    total=len(past_visits),
                )
            proposals.append((part, math.ceil(quantity / visit_count), reason))
        return proposals
