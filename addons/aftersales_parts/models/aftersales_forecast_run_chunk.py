import numpy as np

from odoo import api, fields, models
from odoo.tools import SQL

from ..report.selections import CRITICALITY


class AftersalesForecastRunChunk(models.Model):
    """A block of a forecast run: parts of one criticality planned by one engine call, in one
    background job. Its lines are written together, so a block is either done with all its lines
    or not started: resuming a run enqueues the blocks that are not done."""

    _name = "aftersales.forecast.run.chunk"
    _inherit = ["aftersales.workflow.mixin"]
    _description = "Forecast Run Block"
    _order = "run_id, sequence"

    run_id = fields.Many2one(
        "aftersales.forecast.run", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    sequence = fields.Integer(required=True)
    criticality = fields.Selection(
        CRITICALITY,
        required=True,
    )
    key_ids = fields.Json(
        string="Parts and Warehouses",
        help="[[part template id, [warehouse ids]], ...] in the order given to the engine.",
    )
    part_count = fields.Integer(compute="_compute_part_count")
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Done")], default="pending", required=True, index=True
    )
    date_done = fields.Datetime(readonly=True)

    @api.model
    def _workflow_fields(self):
        """A block is written by its run's actions and its job only."""
        return self._stored_field_names()

    def _compute_part_count(self):
        for chunk in self:
            chunk.part_count = len(chunk.key_ids or [])

    def _keys(self):
        """[(part template, warehouse)], part by part in the stored order, warehouses by id."""
        self.ensure_one()
        templates = self.env["product.template"].browse([part for part, _w in self.key_ids])
        warehouses = self.env["stock.warehouse"].browse(
            sorted({wh for _p, whs in self.key_ids for wh in whs})
        )
        templates.fetch(["aftersales_effective_criticality", "aftersales_lifecycle"])
        by_id = {warehouse.id: warehouse for warehouse in warehouses}
        return [
            (templates.browse(part), by_id[wh]) for part, whs in self.key_ids for wh in sorted(whs)
        ]

    def _compute_lines(self):
        """Read the history of the block's parts in one pass, plan them with one engine call and
        write their lines with one create. A block already done is left alone (a job run twice,
        a resume racing a late job)."""
        self.ensure_one()
        self.lock_for_update()
        if self.state == "done":
            return False
        run = self.run_id
        keys = self._keys()
        parts = self.env["product.template"].browse(dict.fromkeys(p.id for p, _w in keys))
        date_from, months = run._history_window()
        history = self.env["aftersales.part.demand"]._monthly_history(
            date_from, months, warehouses=run._scope_warehouses(), parts=parts
        )
        matrix = np.array([history.get(key, np.zeros(months)) for key in keys]).reshape(
            len(keys), months
        )
        Line = self.env["aftersales.forecast.run.line"]
        vals_list = Line._suggestions(run, self.criticality, keys, matrix, history)
        self._insert_lines(vals_list)
        self._write_workflow({"state": "done", "date_done": fields.Datetime.now()})
        if not self.env.context.get("aftersales_forecast_sync"):
            run.with_delay(
                description=self.env._("Forecast %(run)s: close when complete", run=run.name)
            )._finish_if_complete()
        return True

    def _insert_lines(self, vals_list):
        """Write the block's lines with one INSERT of one array per column.

        ``create()`` would put each of the thousands of lines in the cache, mark its fields for
        recomputation and check its companies one record at a time, work no one needs: the
        lines come complete from ``_suggestions()`` for the run's company and are not read in
        this transaction. Defaults of the columns the values leave out and the stored computed
        fields (the run's date) are filled in here, so a field added to the lines is still
        written as create() would.
        """
        self.ensure_one()
        if not vals_list:
            return
        Line = self.env["aftersales.forecast.run.line"]
        run = self.run_id
        common = {
            "chunk_id": self.id,
            "run_date": run.date_started,
            "create_uid": self.env.uid,
            "write_uid": self.env.uid,
            "create_date": self.env.cr.now(),
            "write_date": self.env.cr.now(),
        }
        stored = [
            name
            for name, field in Line._fields.items()
            if field.store and field.column_type and name != "id"
        ]
        given = set(vals_list[0]) | set(common)
        common.update(Line.default_get([name for name in stored if name not in given]))
        columns = [name for name in stored if name in given or name in common]
        arrays, selected = [], []
        for i, name in enumerate(columns):
            field = Line._fields[name]
            column = SQL.identifier(f"c{i}")
            if name in common and name not in vals_list[0]:
                values = [field.convert_to_column(common[name], Line)] * len(vals_list)
            elif field.type == "float":
                # rounded by PostgreSQL: float_round() per value is a tenth of the block's time
                values = [vals.get(name) or 0.0 for vals in vals_list]
                digits = field.get_digits(self.env)
                if digits:
                    column = SQL("round(%s, %s)", column, digits[1])
            else:
                values = [field.convert_to_column(vals.get(name), Line) for vals in vals_list]
            arrays.append(SQL("%s::%s[]", values, SQL(field.column_type[1])))
            selected.append(column)
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) SELECT %s FROM unnest(%s) AS line(%s)",
                SQL.identifier(Line._table),
                SQL(", ").join(SQL.identifier(name) for name in columns),
                SQL(", ").join(selected),
                SQL(", ").join(arrays),
                SQL(", ").join(SQL.identifier(f"c{i}") for i in range(len(columns))),
            )
        )
        run.invalidate_recordset(["line_ids"])
