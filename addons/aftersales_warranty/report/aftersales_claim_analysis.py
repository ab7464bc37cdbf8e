from odoo import fields, models
from odoo.tools import SQL

from ..models.aftersales_claim import DECISIONS

# the rates below are 0 or 100 per claim (empty when they do not apply): their average over
# any group of claims is the share of that group, in %
RATE_FIELDS = ("nff_rate", "approval_on_target_rate", "resolution_on_target_rate")


class AftersalesClaimAnalysis(models.Model):
    """One row per warranty claim, with what the reports group and add up.

    Lead times: approval = hours from submission to approval; resolution = days from the
    submission day to the day the claim was done. Goodwill is kept apart: ``warranty_cost``
    and ``goodwill_cost`` split the claim amount (covered repair cost, replacement value or
    refund) by whether the decision was goodwill. Supplier recovery is not part of this view.
    """

    _name = "aftersales.claim.analysis"
    _description = "Warranty Claim Analysis"
    _auto = False
    _rec_name = "name"
    _order = "failure_date desc, id desc"
    _depends = {
        "aftersales.claim": [
            "name",
            "company_id",
            "state",
            "failure_date",
            "equipment_id",
            "product_id",
            "lot_id",
            "failure_code_id",
            "partner_id",
            "decision",
            "outcome",
            "covered_parts",
            "covered_labour",
            "covered_travel",
            "covered_total",
            "claim_amount",
            "submit_date",
            "approve_date",
            "done_date",
            "aftersales_campaign_unit_id",
        ],
        "aftersales.equipment": ["delivery_date"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
        "product.supplierinfo": [
            "partner_id",
            "product_tmpl_id",
            "product_id",
            "company_id",
            "sequence",
        ],
        "res.company": [
            "currency_id",
            "aftersales_approval_target_hours",
            "aftersales_resolution_target_days",
        ],
    }

    claim_id = fields.Many2one("aftersales.claim", readonly=True)
    name = fields.Char(string="Reference", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancel", "Cancelled"),
        ],
        readonly=True,
    )
    failure_date = fields.Date(readonly=True)
    equipment_id = fields.Many2one("aftersales.equipment", string="Unit", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number", readonly=True)
    failure_code_id = fields.Many2one("aftersales.failure.code", readonly=True)
    vendor_id = fields.Many2one("res.partner", readonly=True, help="First vendor of the product.")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    decision = fields.Selection(DECISIONS, readonly=True)
    is_goodwill = fields.Boolean(string="Goodwill", readonly=True)
    outcome = fields.Selection(
        [("fixed", "Fixed"), ("not_fixed", "Not Fixed"), ("no_fault_found", "No Fault Found")],
        readonly=True,
    )
    delivery_date = fields.Date(readonly=True)
    months_in_service = fields.Integer(
        readonly=True, aggregator="avg", help="Whole months from delivery to the failure."
    )
    claim_count = fields.Integer(string="# Claims", readonly=True)
    nff_count = fields.Integer(string="# No Fault Found", readonly=True)
    nff_rate = fields.Float(string="No Fault Found (%)", readonly=True, aggregator="avg")
    covered_parts = fields.Monetary(readonly=True)
    covered_labour = fields.Monetary(readonly=True)
    covered_travel = fields.Monetary(readonly=True)
    covered_total = fields.Monetary(string="Covered Cost", readonly=True)
    claim_amount = fields.Monetary(readonly=True)
    warranty_cost = fields.Monetary(readonly=True, help="Claim amount of non-goodwill claims.")
    goodwill_cost = fields.Monetary(readonly=True, help="Claim amount of goodwill claims.")
    approval_hours = fields.Float(
        string="Approval Lead Time (Hours)", readonly=True, aggregator="avg"
    )
    resolution_days = fields.Float(
        string="Resolution Lead Time (Days)", readonly=True, aggregator="avg"
    )
    approval_target_hours = fields.Float(
        string="Approval Target (Hours)", readonly=True, aggregator="max"
    )
    resolution_target_days = fields.Float(
        string="Resolution Target (Days)", readonly=True, aggregator="max"
    )
    approval_on_target = fields.Boolean(readonly=True)
    resolution_on_target = fields.Boolean(readonly=True)
    approval_on_target_rate = fields.Float(
        string="Approved On Target (%)", readonly=True, aggregator="avg"
    )
    resolution_on_target_rate = fields.Float(
        string="Resolved On Target (%)", readonly=True, aggregator="avg"
    )

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    def _select(self):
        return SQL(
            """
            SELECT
                c.id AS id,
                c.id AS claim_id,
                c.name AS name,
                c.company_id AS company_id,
                company.currency_id AS currency_id,
                c.state AS state,
                c.failure_date AS failure_date,
                c.equipment_id AS equipment_id,
                c.product_id AS product_id,
                template.categ_id AS categ_id,
                c.lot_id AS lot_id,
                c.failure_code_id AS failure_code_id,
                vendor.partner_id AS vendor_id,
                c.partner_id AS partner_id,
                c.decision AS decision,
                COALESCE(c.decision = 'goodwill', FALSE) AS is_goodwill,
                c.outcome AS outcome,
                unit.delivery_date AS delivery_date,
                %(months)s AS months_in_service,
                1 AS claim_count,
                CASE WHEN c.outcome = 'no_fault_found' THEN 1 ELSE 0 END AS nff_count,
                CASE WHEN c.outcome = 'no_fault_found' THEN 100.0 ELSE 0.0 END AS nff_rate,
                COALESCE(c.covered_parts, 0) AS covered_parts,
                COALESCE(c.covered_labour, 0) AS covered_labour,
                COALESCE(c.covered_travel, 0) AS covered_travel,
                COALESCE(c.covered_total, 0) AS covered_total,
                COALESCE(c.claim_amount, 0) AS claim_amount,
                CASE WHEN c.decision = 'goodwill' THEN 0 ELSE COALESCE(c.claim_amount, 0)
                    END AS warranty_cost,
                CASE WHEN c.decision = 'goodwill' THEN COALESCE(c.claim_amount, 0) ELSE 0
                    END AS goodwill_cost,
                %(approval_hours)s AS approval_hours,
                %(resolution_days)s AS resolution_days,
                company.aftersales_approval_target_hours AS approval_target_hours,
                company.aftersales_resolution_target_days AS resolution_target_days,
                %(approval_hours)s <= company.aftersales_approval_target_hours
                    AS approval_on_target,
                %(resolution_days)s <= company.aftersales_resolution_target_days
                    AS resolution_on_target,
                CASE WHEN %(approval_hours)s <= company.aftersales_approval_target_hours
                    THEN 100.0 WHEN c.approve_date IS NOT NULL THEN 0.0 END
                    AS approval_on_target_rate,
                CASE WHEN %(resolution_days)s <= company.aftersales_resolution_target_days
                    THEN 100.0 WHEN c.done_date IS NOT NULL THEN 0.0 END
                    AS resolution_on_target_rate
            """,
            months=SQL(
                "(EXTRACT(YEAR FROM AGE(c.failure_date, unit.delivery_date)) * 12"
                " + EXTRACT(MONTH FROM AGE(c.failure_date, unit.delivery_date)))::integer"
            ),
            approval_hours=SQL("EXTRACT(EPOCH FROM c.approve_date - c.submit_date) / 3600.0"),
            resolution_days=SQL("(c.done_date - c.submit_date::date)::float"),
        )

    def _from(self):
        # The unit and the vendor are LEFT JOINs on unique keys: PostgreSQL drops them from
        # the queries that read none of their columns (the pivots and the dashboard), which
        # would otherwise join every claim to the installed base (a million units). The
        # vendor is the first supplier of each product for each company, worked out once
        # from the small supplier table instead of once per claim.
        return SQL(
            """
            FROM aftersales_claim c
            JOIN res_company company ON company.id = c.company_id
            LEFT JOIN aftersales_equipment unit ON unit.id = c.equipment_id
            JOIN product_product product ON product.id = c.product_id
            JOIN product_template template ON template.id = product.product_tmpl_id
            LEFT JOIN (
                SELECT DISTINCT ON (variant.id, firm.id)
                       variant.id AS product_id, firm.id AS company_id, info.partner_id
                  FROM product_supplierinfo info
                  JOIN product_product variant
                    ON variant.product_tmpl_id = info.product_tmpl_id
                   AND (info.product_id IS NULL OR info.product_id = variant.id)
                  JOIN res_company firm
                    ON info.company_id IS NULL OR info.company_id = firm.id
                 ORDER BY variant.id, firm.id, info.sequence, info.id
            ) vendor ON vendor.product_id = c.product_id AND vendor.company_id = c.company_id
            """
        )

    def _where(self):
        # a campaign's claims cost the campaign, not warranty; claims without a unit are
        # left out as the inner join on the unit used to
        return SQL("WHERE c.aftersales_campaign_unit_id IS NULL AND c.equipment_id IS NOT NULL")
