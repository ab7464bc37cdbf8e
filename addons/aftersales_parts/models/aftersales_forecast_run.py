import math
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..forecasting.methods import METHODS
from ..report.selections import CRITICALITY

CRITICALITIES = ("vital", "essential", "desirable")

#: Parts without a criticality are planned with the essential target.
DEFAULT_CRITICALITY = "essential"

#: What a run plans with: fixed once it starts, so that its suggestions stay the plan of these
#: settings.
PLANNING_SETTINGS = {
    "company_id",
    "warehouse_ids",
    "categ_ids",
    "criticality",
    "horizon",
    "history_months",
    "method",
    "target_vital",
    "target_essential",
    "target_desirable",
    "service_scope",
    "default_lead_time",
    "chunk_size",
}


class AftersalesForecastRun(models.Model):
    """A forecast of spare-part demand over a scope, with suggested reordering levels.

    The run splits its parts into planning blocks (``aftersales.forecast.run.chunk``) of at most
    ``chunk_size`` parts of one criticality; each block is one call of the engine's ``plan()``
    and one queue_job job. The engine pools the method choice, the obsolescence slope and the
    calibration over the series it is given together, so a block, not the whole run, is the unit
    of pooling: the lines do not depend on how the blocks are spread over jobs, in which order
    they run, or on a run resumed after a failure.
    """

    _name = "aftersales.forecast.run"
    _description = "Spare Parts Forecast Run"
    _inherit = ["mail.thread", "aftersales.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(default="/", readonly=True, copy=False, index="trigram")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    # scope
    warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Warehouses",
        check_company=True,
        help="Leave empty for every warehouse of the company.",
    )
    categ_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Leave empty for every category (subcategories are included).",
    )
    criticality = fields.Selection(
        [("all", "All"), *CRITICALITY],
        string="Criticality Scope",
        default="all",
        required=True,
    )
    # settings
    horizon = fields.Integer(default=12, required=True, help="Months to forecast.")
    history_months = fields.Integer(
        string="History (months)",
        default=36,
        required=True,
        help="Months of demand history read, ending with the last full month.",
    )
    method = fields.Selection(
        selection="_selection_method",
        default="auto",
        required=True,
        help="Automatic: the engine picks the method with the best back-test per demand class.",
    )
    target_vital = fields.Float(string="Fill Rate Target (Vital)", default=0.99, digits=(3, 3))
    target_essential = fields.Float(
        string="Fill Rate Target (Essential)",
        default=0.95,
        digits=(3, 3),
        help="Also used for spare parts without a criticality.",
    )
    target_desirable = fields.Float(
        string="Fill Rate Target (Desirable)", default=0.90, digits=(3, 3)
    )
    service_scope = fields.Selection(
        [("item", "Each part"), ("value", "The whole warehouse, at least stock value")],
        string="Service Level For",
        default="item",
        required=True,
        help="Each part: every part gets the fill rate target of its criticality. The whole "
        "warehouse: the parts of a planning block reach the target together (demand-weighted) "
        "at the least stock value, at their product cost: cheap parts get deep stocks, dear "
        "ones less, none below its own level for the target minus 15 points. Each block meets "
        "the target, so the run meets it overall; a dear part's own fill may be lower.",
    )
    default_lead_time = fields.Integer(
        string="Default Lead Time (months)",
        default=1,
        help="For parts without a vendor; otherwise the main vendor's delivery lead time.",
    )
    chunk_size = fields.Integer(
        string="Parts per Block",
        default=500,
        required=True,
        help="Parts planned together by one engine call and one background job. The engine "
        "picks methods per demand class among the parts it sees together.",
    )
    # execution
    date_reference = fields.Date(
        string="History Until",
        readonly=True,
        copy=False,
        help="First day of the month the run started in: the history ends the month before.",
    )
    date_started = fields.Datetime(readonly=True, copy=False)
    date_ended = fields.Datetime(readonly=True, copy=False)
    chunk_ids = fields.One2many("aftersales.forecast.run.chunk", "run_id", string="Planning Blocks")
    chunk_count = fields.Integer(string="Blocks", readonly=True, copy=False)
    chunk_done_count = fields.Integer(string="Blocks Done", compute="_compute_progress")
    progress = fields.Float(compute="_compute_progress", help="Blocks done, in percent.")
    line_ids = fields.One2many("aftersales.forecast.run.line", "run_id", string="Lines")
    line_count = fields.Integer(compute="_compute_line_count")

    _horizon_positive = models.Constraint("CHECK (horizon > 0)", "The horizon must be positive.")
    _history_long_enough = models.Constraint(
        "CHECK (history_months >= 4)", "Read at least 4 months of history."
    )
    _chunk_size_positive = models.Constraint(
        "CHECK (chunk_size > 0)", "A block holds at least one part."
    )
    _targets_between_0_and_1 = models.Constraint(
        "CHECK (target_vital > 0 AND target_vital < 1 AND target_essential > 0 "
        "AND target_essential < 1 AND target_desirable > 0 AND target_desirable < 1)",
        "Fill rate targets are between 0 and 1 (exclusive).",
    )
    _lead_time_not_negative = models.Constraint(
        "CHECK (default_lead_time >= 0)", "The default lead time cannot be negative."
    )

    @api.model
    def _selection_method(self):
        labels = dict(
            self.env["aftersales.forecast.run.line"]
            ._fields["method"]
            ._description_selection(self.env)
        )
        return [("auto", self.env._("Automatic"))] + [
            (name, labels.get(name, name)) for name in METHODS if name != "zero"
        ]

    def _compute_progress(self):
        """From the blocks' states: the blocks' jobs never write on the run, so that blocks
        running in parallel do not conflict on its row."""
        done = dict(
            self.env["aftersales.forecast.run.chunk"]._read_group(
                [("run_id", "in", self.ids), ("state", "=", "done")], ["run_id"], ["__count"]
            )
        )
        for run in self:
            run.chunk_done_count = done.get(run, 0)
            run.progress = 100.0 * run.chunk_done_count / run.chunk_count if run.chunk_count else 0

    def _compute_line_count(self):
        counts = dict(
            self.env["aftersales.forecast.run.line"]._read_group(
                [("run_id", "in", self.ids)], ["run_id"], ["__count"]
            )
        )
        for run in self:
            run.line_count = counts.get(run, 0)

    @api.model
    def _workflow_fields(self):
        return {"state", "date_reference", "date_started", "date_ended", "chunk_count"}

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("aftersales.forecast.run")
        return super().create(vals_list)

    def write(self, vals):
        if PLANNING_SETTINGS & vals.keys():
            self._ensure_settings_open()
        return super().write(vals)

    def _ensure_settings_open(self):
        """Refuse changing the settings of a started run (after the access check, so a user
        without rights hears that first)."""
        self.check_access("write")
        if any(run.state != "draft" for run in self):
            raise UserError(
                self.env._(
                    "A forecast run keeps the settings it was planned with once started: "
                    "duplicate it to plan with other settings."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_running(self):
        if any(run.state == "running" for run in self):
            raise UserError(self.env._("A running forecast cannot be deleted."))

    # ------------------------------------------------------------------ actions

    def action_start(self):
        """Plan the run's blocks and run them as background jobs."""
        self._ensure_state("draft")
        for run in self:
            run._prepare_chunks()
            run._enqueue_chunks(run.chunk_ids)
        return True

    def action_run_now(self):
        """Plan and compute the run at once, in this transaction (small scopes)."""
        self._ensure_state("draft")
        for run in self:
            run._prepare_chunks()
            for chunk in run.chunk_ids:
                chunk.with_context(aftersales_forecast_sync=True)._compute_lines()
            run._finish_if_complete()
        return True

    def action_resume(self):
        """Enqueue again the blocks that have no lines yet (after a failure or a restart)."""
        self._ensure_state("running", "failed")
        for run in self:
            pending = run.chunk_ids.filtered(lambda chunk: chunk.state != "done")
            run._write_workflow({"state": "running"})
            # blocks whose job still waits are not enqueued twice (identity keys)
            run._enqueue_chunks(pending)
            if not pending:
                run._finish_if_complete()
            run.message_post(
                body=self.env._("Resumed: %(count)s blocks enqueued again.", count=len(pending))
            )
        return True

    def action_apply_all(self):
        """Apply every suggestion the run still proposes (see the lines' ``action_apply``)."""
        self._ensure_state("done")
        lines = self.env["aftersales.forecast.run.line"].search(
            [("run_id", "in", self.ids), ("state", "=", "proposed")], order="id"
        )
        if not lines:
            raise UserError(self.env._("This run has no suggestion left to apply."))
        return lines.action_apply()

    def _post_applied(self, applied, kept):
        """Say on each run which of its suggestions were applied and how many rules kept their
        manual levels."""
        for run in self:
            run_applied = applied.filtered(lambda line, run=run: line.run_id == run)
            run_kept = kept.filtered(lambda line, run=run: line.run_id == run)
            run.message_post(
                body=self.env._(
                    "%(user)s applied %(applied)s suggestions to reordering rules "
                    "(%(skipped)s kept their manual levels): %(parts)s",
                    user=self.env.user.name,
                    applied=len(run_applied),
                    skipped=len(run_kept),
                    parts=", ".join(
                        f"{line.product_id.display_name} @ {line.warehouse_id.code} "
                        f"{line.min_qty:g}/{line.max_qty:g}"
                        for line in run_applied[:50]
                    ),
                )
            )

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_parts.action_forecast_run_lines"
        )
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {"search_default_proposed": 1}
        return action

    def _ensure_state(self, *states):
        """Refuse an action to a user who may not change these runs, or on a run not in
        ``states``: the actions write the workflow fields in superuser mode."""
        self.check_access("write")
        for run in self:
            if run.state not in states:
                raise UserError(
                    self.env._(
                        "%(run)s is %(state)s: this cannot be done now.",
                        run=run.name,
                        state=dict(run._fields["state"]._description_selection(self.env))[
                            run.state
                        ],
                    )
                )

    # ------------------------------------------------------------------ planning the blocks

    def _history_window(self):
        """(first month, number of months) of the history this run reads."""
        self.ensure_one()
        return self.date_reference - relativedelta(months=self.history_months), self.history_months

    def _scope_warehouses(self):
        self.ensure_one()
        return self.warehouse_ids or self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)]
        )

    def _scope_parts(self):
        """Current part numbers in scope (superseded parts count for the part that replaces
        them)."""
        self.ensure_one()
        domain = [
            ("aftersales_is_spare_part", "=", True),
            ("aftersales_successor_id", "=", False),
            ("company_id", "in", [False, self.company_id.id]),
        ]
        if self.categ_ids:
            domain.append(("categ_id", "child_of", self.categ_ids.ids))
        if self.criticality == DEFAULT_CRITICALITY:
            domain.append(("aftersales_effective_criticality", "in", [DEFAULT_CRITICALITY, False]))
        elif self.criticality != "all":
            domain.append(("aftersales_effective_criticality", "=", self.criticality))
        return self.env["product.template"].search(domain, order="id")

    def _scope_keys(self):
        """{part: warehouses} to plan: where the part had demand in the history window, has a
        reordering rule, or has units in the field that it fits."""
        self.ensure_one()
        parts = self._scope_parts()
        warehouses = self._scope_warehouses()
        date_from, months = self._history_window()
        keys = defaultdict(set)
        shares = self.env["aftersales.part.demand"]._totals(date_from, months, warehouses, parts)
        for part, warehouse in shares:
            keys[part].add(warehouse)
        orderpoints = self.env["stock.warehouse.orderpoint"]._read_group(
            [
                ("product_id.product_tmpl_id", "in", parts.ids),
                ("warehouse_id", "in", warehouses.ids),
            ],
            ["product_id", "warehouse_id"],
        )
        for product, warehouse in orderpoints:
            keys[product.product_tmpl_id].add(warehouse)
        installed = self.env["aftersales.forecast.run.line"]._installed_base_demand(
            parts, warehouses, {key: max(qty, 0.0) for key, qty in shares.items()}
        )
        for part, warehouse in installed:
            keys[part].add(warehouse)
        return {part: keys[part] for part in parts if keys.get(part)}

    def _history_until(self):
        """Today, or the day given as ``aftersales_history_until`` in the context: a run as
        the planner would have made it then (a backtest; the demo's older run)."""
        return self.env.context.get("aftersales_history_until") or fields.Date.context_today(self)

    def _prepare_chunks(self):
        """Freeze the history window, then cut the parts in scope into blocks of one
        criticality."""
        self.ensure_one()
        self._write_workflow(
            {
                "state": "running",
                "date_reference": self._history_until().replace(day=1),
                "date_started": fields.Datetime.now(),
            }
        )
        keys = self._scope_keys()
        by_criticality = defaultdict(list)
        for part in keys:
            by_criticality[part.aftersales_effective_criticality or DEFAULT_CRITICALITY].append(
                part
            )
        chunk_vals = []
        for criticality in CRITICALITIES:
            parts = by_criticality.get(criticality, [])
            for start in range(0, len(parts), self.chunk_size):
                block = parts[start : start + self.chunk_size]
                chunk_vals.append(
                    {
                        "run_id": self.id,
                        "sequence": len(chunk_vals) + 1,
                        "criticality": criticality,
                        "key_ids": [
                            [part.id, sorted(warehouse.id for warehouse in keys[part])]
                            for part in block
                        ],
                    }
                )
        self.env["aftersales.forecast.run.chunk"].sudo().create(chunk_vals)
        self._write_workflow({"chunk_count": len(chunk_vals)})
        self.message_post(
            body=self.env._(
                "Started: %(parts)s parts in %(chunks)s blocks, history %(start)s to %(end)s.",
                parts=len(keys),
                chunks=len(chunk_vals),
                start=self._history_window()[0],
                end=self.date_reference - relativedelta(days=1),
            )
        )
        if not chunk_vals:
            self._finish()

    def _enqueue_chunks(self, chunks):
        for chunk in chunks:
            chunk.with_delay(
                description=self.env._(
                    "Forecast %(run)s, block %(sequence)s/%(count)s",
                    run=self.name,
                    sequence=chunk.sequence,
                    count=self.chunk_count,
                ),
                identity_key=f"aftersales_forecast_chunk_{chunk.id}",
            )._compute_lines()

    def _finish_if_complete(self):
        """Close the run once every block is done. Each block's job enqueues this check when it
        commits, so the check of the last block to finish sees them all done; the row lock
        makes concurrent checks close the run once."""
        self.ensure_one()
        self.lock_for_update()
        if self.state in ("running", "failed") and all(
            chunk.state == "done" for chunk in self.chunk_ids
        ):
            self._finish()
        return self.state == "done"

    def _finish(self):
        self._write_workflow({"state": "done", "date_ended": fields.Datetime.now()})
        self._skip_superseded_suggestions()
        self.message_post(
            body=self.env._("Done: %(lines)s suggestions.", lines=self.line_count),
        )

    def _skip_superseded_suggestions(self):
        """A finished run's suggestions replace those older runs still propose for the same
        parts and warehouses: applying a stale one would undo the newer levels."""
        Line = self.env["aftersales.forecast.run.line"]
        for run in self:
            keys = {(line.product_tmpl_id.id, line.warehouse_id.id) for line in run.line_ids}
            if not keys:
                continue
            stale = Line.search(
                [
                    ("run_id", "!=", run.id),
                    ("company_id", "=", run.company_id.id),
                    ("state", "=", "proposed"),
                    ("product_tmpl_id", "in", list({key[0] for key in keys})),
                    ("warehouse_id", "in", list({key[1] for key in keys})),
                ]
            ).filtered(
                lambda line, keys=keys: (line.product_tmpl_id.id, line.warehouse_id.id) in keys
            )
            stale._write_workflow(
                {
                    "state": "skipped",
                    "apply_note": self.env._("Superseded by run %s.", run.name),
                }
            )

    def _mark_failed(self):
        for run in self.filtered(lambda r: r.state == "running"):
            run._write_workflow({"state": "failed"})
            run.message_post(
                body=self.env._(
                    "A block failed: see the failed jobs, fix the cause, then resume the run."
                )
            )

    # ------------------------------------------------------------------ settings per part

    def _target_for(self, criticality):
        self.ensure_one()
        return self[f"target_{criticality or DEFAULT_CRITICALITY}"]

    def _lead_times(self, parts):
        """{part: lead time in whole months} from the main vendor's delivery lead time in days
        (rounded up to months of 30 days), or the run's default without a vendor."""
        self.ensure_one()
        sellers = self.env["product.supplierinfo"].search(
            [
                ("product_tmpl_id", "in", parts.ids),
                ("company_id", "in", [False, self.company_id.id]),
            ],
            order="product_tmpl_id, sequence, min_qty, price, id",
        )
        lead_times = {}
        for seller in sellers:
            lead_times.setdefault(seller.product_tmpl_id, math.ceil(seller.delay / 30.0))
        return {part: lead_times.get(part, self.default_lead_time) for part in parts}

    # ------------------------------------------------------------------ daily run

    @api.model
    def _cron_daily_run(self):
        """Every spare part of each company, default settings, as background jobs (after
        classifying the parts by usage value)."""
        self.env["product.template"]._compute_abc_classes()
        groups = self.env["product.template"]._read_group(
            [("aftersales_is_spare_part", "=", True)], ["company_id"]
        )
        companies = self.env["res.company"].browse({company.id for (company,) in groups if company})
        if any(not company for (company,) in groups):  # parts shared by every company
            companies |= self.env["res.company"].search([("id", "not in", companies.ids)])
        for company in companies.sorted("id"):
            run = self.with_company(company).create({"company_id": company.id})
            run.action_start()
