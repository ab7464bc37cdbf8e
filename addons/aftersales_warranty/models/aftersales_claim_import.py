from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..remedy import REMEDY_LABELS

# the stored computed fields whose values `_insert_historic_claims` writes itself; the ORM
# computes the other ones (and any added later) as it does after create()
HISTORIC_COMPUTED = (
    "lot_id",
    "product_id",
    "partner_id",
    "defect_class",
    "unit_value",
    "warranty_id",
    "policy_id",
    "parts_cost",
    "customer_share",
    "covered_parts",
    "covered_labour",
    "covered_travel",
    "covered_total",
    "refund_amount",
    "price_reduction_amount",
    "claim_amount",
    # what a claim without order or invoice line, checks, reviews or return documents has
    "sale_line_id",
    "is_goods_claim",
    "purchase_date",
    "goods_cover_end",
    "return_state",
    "validation_status",
    "check_result",
    "warehouse_id",
    "exclusion_ids",
)


class AftersalesClaim(models.Model):
    """Claims imported from a previous system: closed, with the costs it recorded.

    A historic claim carries its parts cost as an amount (``imported_parts_cost``, next to the
    parts cost it adds to), not as part lines, so coverage, the claim amount and the analytics
    count it like any other parts cost. ``import_reference`` is the claim's
    reference in the previous system; it is unique per company, so importing a file twice
    does not create its claims twice.
    """

    _inherit = "aftersales.claim"  # pylint: disable=consider-merging-classes-inherited

    import_reference = fields.Char(
        copy=False,
        index="btree_not_null",
        readonly=True,
        help="Reference of the claim in the system it was imported from.",
    )
    _unique_import_reference = models.Constraint(
        "UNIQUE(company_id, import_reference)",
        "A claim with this import reference already exists in this company.",
    )
    _positive_imported_parts_cost = models.Constraint(
        "CHECK(imported_parts_cost IS NULL OR imported_parts_cost >= 0)",
        "An imported parts cost cannot be negative.",
    )

    @api.model
    def _workflow_fields(self):
        return {*super()._workflow_fields(), "import_reference"}

    # ------------------------------------------------------------------
    # Bulk insertion of historic claims
    # ------------------------------------------------------------------
    @api.model
    @api.private
    def _insert_historic_claims(self, vals_list):
        """Create closed claims on units (the values of the import wizard: the same keys in
        every row, a unit on each) with one INSERT, as create() would have made them.

        create() costs about 2 ms of CPU per claim, mostly the ORM's handling of the
        claim's 60 stored fields one record at a time; the values are computed here per batch
        instead. What create() does is done here too: claim numbers, defaults, usage
        readings, log columns; the computed fields of HISTORIC_COMPUTED from the unit, its
        covers and the costs (as their compute methods do); then the ORM marks every other
        stored computed field of the claims, and the fields of other models depending on
        claims, to recompute (``modified``), and runs the Python constraints and the company
        checks. No chatter: historic claims have no message, follower or tracking value.
        The caller runs in superuser mode (the workflow fields are set) and in a savepoint.
        """
        if not vals_list:
            return self.browse()
        vals_list = [dict(vals) for vals in vals_list]
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        for vals, name in zip(unnamed, self._next_claim_numbers(len(unnamed)), strict=True):
            vals["name"] = name
        self._add_usage_readings(vals_list)
        defaults = self._add_missing_default_values(dict(vals_list[0]))
        now, uid = self.env.cr.now(), self.env.uid
        log_access = {"create_uid": uid, "create_date": now, "write_uid": uid, "write_date": now}
        monetary = [name for name, field in self._fields.items() if field.type == "monetary"]
        rows = []
        for vals, (unit, covers, currency, warehouse) in self._historic_contexts(vals_list):
            row = {**defaults, **vals, "warehouse_id": warehouse.id, **log_access}
            # as the ORM stores amounts: rounded by the currency (the company's)
            row.update((name, currency.round(row[name] or 0.0)) for name in monetary if name in row)
            row.update(self._historic_computed_values(row, unit, covers, currency))
            rows.append(row)
        claims = self._insert_rows(rows)
        self._insert_exclusions(claims, rows)
        self._invalidate_inverses(rows[0])
        computed = [self._fields[name] for name in HISTORIC_COMPUTED]
        with self.env.protecting(computed, claims):
            claims.modified(self._fields, create=True)
        # create()'s _check_company() is left out: the wizard looks the units up in the
        # import's company, and the warehouse is the company's own
        claims._validate_fields(rows[0])
        return claims

    def _historic_contexts(self, vals_list):
        """[(vals, (unit, its covers, currency))]: the units and covers of the batch read in
        three queries."""
        units = self.env["aftersales.equipment"].browse(
            list({vals["equipment_id"] for vals in vals_list})
        )
        units.fetch(["lot_id", "product_id", "partner_id", "sale_line_id"])
        units.sale_line_id.sudo().fetch(["price_unit"])
        covers_of = defaultdict(list)
        for cover in (
            self.env["aftersales.warranty"]
            .sudo()
            .search_fetch(
                [("equipment_id", "in", units.ids)],
                ["equipment_id", "date_start", "date_end", "voided", "policy_id"],
            )
        ):
            covers_of[cover.equipment_id.id].append(cover)
        companies = self.env["res.company"].browse({vals["company_id"] for vals in vals_list})
        # _compute_warehouse_id: the company's first warehouse
        warehouse_of = {
            company.id: self.env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )
            for company in companies
        }
        for vals in vals_list:
            unit = units.browse(vals["equipment_id"]).with_prefetch(units._prefetch_ids)
            company = companies.browse(vals["company_id"])
            yield vals, (unit, covers_of[unit.id], company.currency_id, warehouse_of[company.id])

    def _historic_computed_values(self, vals, unit, covers, currency):
        """The values of HISTORIC_COMPUTED for a closed claim on a unit (its amounts rounded
        already), as the compute methods of the claim set them (a test compares both)."""
        failure_date = fields.Date.to_date(vals["failure_date"])
        usage = vals.get("usage_reading") or 0.0
        # _compute_warranty_id: the longest cover of the failure date within its usage limit
        covering = sorted(
            (cover for cover in covers if cover._covers(failure_date)),
            key=lambda cover: cover.date_end,
            reverse=True,
        )
        if covering and covering[0].policy_id._usage_exceeded(usage):
            covering = [c for c in covering if not c.policy_id._usage_exceeded(usage)]
        cover = covering[0] if covering else self.env["aftersales.warranty"]
        policy = cover.policy_id
        line = unit.sale_line_id.sudo()
        unit_value = currency.round(line.price_unit if line else unit.product_id.list_price)
        parts_cost = vals.get("imported_parts_cost") or 0.0
        costs = (parts_cost, vals.get("labour_cost") or 0.0, vals.get("travel_cost") or 0.0)
        # _compute_coverage
        if policy:
            share = policy._customer_share(cover.date_start, failure_date)
            rates = (policy.parts_coverage, policy.labour_coverage, policy.travel_coverage)
        elif vals.get("decision") == "goodwill":
            share, rates = 0.0, (100.0, 100.0, 100.0)
        else:
            share, rates = 1.0, (0.0, 0.0, 0.0)
        covered = [
            cost * rate / 100.0 * (1.0 - share) for cost, rate in zip(costs, rates, strict=True)
        ]
        covered_total = currency.round(sum(covered))
        refund = currency.round(unit_value * (1.0 - share))
        # _compute_claim_amount of a decided claim (the price reduction of a claim past its
        # draft is the one it holds: none)
        decision = vals.get("decision")
        chosen = vals.get("goodwill_remedy") if decision == "goodwill" else decision
        amount = {"repair": covered_total, "replace": unit_value, "refund": refund}.get(
            chosen if chosen in REMEDY_LABELS else None, 0.0
        )
        failure_code = self.env["aftersales.failure.code"].browse(vals.get("failure_code_id"))
        return {
            "lot_id": unit.lot_id.id,
            "product_id": unit.product_id.id,
            "partner_id": unit.partner_id.id or vals.get("partner_id"),
            "defect_class": failure_code.defect_class,
            "unit_value": unit_value,
            "warranty_id": cover.id,
            "policy_id": policy.id,
            "parts_cost": parts_cost,
            "customer_share": share * 100.0,
            "covered_parts": currency.round(covered[0]),
            "covered_labour": currency.round(covered[1]),
            "covered_travel": currency.round(covered[2]),
            "covered_total": covered_total,
            "refund_amount": refund,
            "price_reduction_amount": 0.0,
            "claim_amount": amount,
            "sale_line_id": False,
            "is_goods_claim": False,
            "purchase_date": False,
            "goods_cover_end": False,
            "return_state": "none",
            "validation_status": "no",
            "check_result": False,
            "exclusion_ids": failure_code.exclusion_id.ids,
        }

    def _insert_rows(self, rows):
        """INSERT the rows (same keys in each) as their fields' column values; the claims."""
        columns = [
            self._fields[name]
            for name in rows[0]
            if self._fields[name].store and self._fields[name].column_type
        ]
        record = self.browse()
        values = [
            tuple(
                row[field.name]
                if field.type == "monetary"  # rounded by the company's currency already
                else field.convert_to_column_insert(row[field.name], record, row)
                for field in columns
            )
            for row in rows
        ]
        self.env.cr.execute(
            SQL(
                'INSERT INTO %s (%s) VALUES %s RETURNING "id"',
                SQL.identifier(self._table),
                SQL(", ").join(SQL.identifier(field.name) for field in columns),
                SQL(", ").join(values),
            )
        )
        return self.browse(id_ for (id_,) in self.env.cr.fetchall())

    def _insert_exclusions(self, claims, rows):
        """The conditions the failure codes point to (_compute_exclusion_ids)."""
        field = self._fields["exclusion_ids"]
        pairs = [
            (claim_id, exclusion_id)
            for claim_id, row in zip(claims.ids, rows, strict=True)
            for exclusion_id in row["exclusion_ids"]
        ]
        if pairs:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (%s, %s) VALUES %s",
                    SQL.identifier(field.relation),
                    SQL.identifier(field.column1),
                    SQL.identifier(field.column2),
                    SQL(", ").join(pairs),
                )
            )

    def _invalidate_inverses(self, row):
        """Forget the cached one2many lists of the records the claims point to (create()
        would have added the claims to them)."""
        for name in row:
            field = self._fields[name]
            if field.type == "many2one":
                for inverse in self.pool.field_inverses[field]:
                    self.env[inverse.model_name].invalidate_model([inverse.name])
