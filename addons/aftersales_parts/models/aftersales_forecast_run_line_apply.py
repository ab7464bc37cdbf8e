from collections import defaultdict

from odoo import models
from odoo.exceptions import LockError, UserError
from odoo.tools import SQL, split_every

from odoo.addons.queue_job.exception import RetryableJobError

#: Lines applied together: one lock, one read of their rules, one write per distinct pair of
#: levels, one create of the missing rules and one UPDATE of the lines, whatever their number.
APPLY_BATCH = 2000

#: Up to this many lines Apply works in the request; above, it enqueues one background job per
#: batch. Most of a batch's time is core's recomputation of the quantity to order of each rule
#: whose stock is below its new min (about 8 ms of CPU per rule): a run of 30,000 parts x 3
#: warehouses would outlast an HTTP worker's time limit many times over.
APPLY_IN_REQUEST = APPLY_BATCH


class AftersalesForecastRunLine(models.Model):
    """Applying suggestions to the reordering rules, batch by batch."""

    _inherit = "aftersales.forecast.run.line"

    def action_apply(self):
        """Apply the suggested min/max of these lines to the reordering rules.

        Lines are locked and their state read again first, so applying the same lines twice
        (two clicks, two users) applies them once. A rule whose levels a user set by hand keeps
        them (the line is skipped); phase-out, last-time-buy and obsolete parts get min = max = 0
        on their existing rule and no new rule; active parts get their rule created or updated.
        Above ``APPLY_IN_REQUEST`` lines the batches are background jobs.
        """
        self.check_access("write")
        lines = self.filtered(lambda line: line.state == "proposed")
        if not lines:
            return False
        if len(lines) > APPLY_IN_REQUEST:
            return lines._enqueue_apply()
        try:
            return lines._apply_now()
        except LockError as error:
            raise UserError(
                self.env._(
                    "Someone is applying these suggestions right now: try again in a moment."
                )
            ) from error

    def _batches(self):
        """The lines by company, then in batches of ``APPLY_BATCH`` in id order."""
        for company in self.company_id.sorted("id"):
            ids = sorted(self.filtered(lambda line, c=company: line.company_id == c).ids)
            for batch_ids in split_every(APPLY_BATCH, ids):
                yield company, self.browse(batch_ids)

    def _enqueue_apply(self):
        batches = list(self._batches())
        for sequence, (_company, batch) in enumerate(batches, start=1):
            batch.with_delay(
                description=self.env._(
                    "Apply forecast suggestions, batch %(sequence)s/%(count)s",
                    sequence=sequence,
                    count=len(batches),
                ),
                # a second click while the jobs wait does not enqueue them twice
                identity_key=f"aftersales_forecast_apply_{batch.ids[0]}_{batch.ids[-1]}_{len(batch)}",
            )._apply_job()
        for run in self.run_id:
            run.message_post(
                body=self.env._(
                    "%(user)s is applying %(count)s suggestions in %(jobs)s background jobs.",
                    user=self.env.user.name,
                    count=len(self.filtered(lambda line, run=run: line.run_id == run)),
                    jobs=len(batches),
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "%(count)s suggestions are being applied in %(jobs)s background jobs.",
                    count=len(self),
                    jobs=len(batches),
                ),
            },
        }

    def _apply_job(self):
        """One batch's job: lines locked by a planner's request are tried again later."""
        try:
            return self._apply_now()
        except LockError as error:
            raise RetryableJobError(str(error), seconds=30) from error

    def _apply_now(self):
        """Apply these lines batch by batch in this transaction, then say on each run what was
        applied. False when none was still proposed."""
        self.check_access("write")
        applied, skipped = [], []
        for company, batch in self._batches():
            batch_applied, batch_skipped = batch._apply_batch(company)
            applied += batch_applied.ids
            skipped += batch_skipped.ids
        if not applied and not skipped:
            return False
        self.browse(applied + skipped).run_id._post_applied(
            self.browse(applied), self.browse(skipped)
        )
        return True

    def _apply_batch(self, company):
        """Apply these lines of ``company`` with a fixed number of queries: returns the lines
        applied and the lines whose rule kept its manual levels."""
        self.lock_for_update()
        self.invalidate_recordset(["state"])
        self.fetch(
            ["state", "run_id", "product_tmpl_id", "product_id", "warehouse_id", "lifecycle"]
            + ["min_qty", "max_qty", "orderpoint_id"]
        )
        proposed = self.filtered(lambda line: line.state == "proposed")
        latest = proposed._latest_per_key()
        lines = proposed.browse(sorted(line.id for line in latest.values()))
        if not proposed:
            return self.browse(), self.browse()
        Orderpoint = (
            self.env["stock.warehouse.orderpoint"]
            .with_company(company)
            .with_context(aftersales_apply_forecast=True)
        )
        existing = {
            (op.product_id, op.location_id): op
            for op in Orderpoint.with_context(active_test=False).search(
                [
                    ("product_id", "in", lines.product_id.ids),
                    ("location_id", "in", lines.warehouse_id.lot_stock_id.ids),
                ]
            )
        }
        # found under the apply context, so writing their levels does not mark them manual
        current = lines.with_env(Orderpoint.env)._current_orderpoints(
            lines.product_tmpl_id, lines.warehouse_id
        )
        notes = {
            "active": False,
            "phase_out": self.env._("Phase-out: no new stock."),
            "obsolete": self.env._("Obsolete: no new stock."),
            "last_time_buy": self.env._("Last-time buy: one-off quantity, no reordering."),
        }
        manual_note = self.env._("Levels set by hand on the rule: kept.")
        outcome = {  # line: [state, rule id, note]
            line: [
                "skipped",
                line.orderpoint_id.id,
                self.env._(
                    "Superseded by run %s.",
                    latest[(line.product_tmpl_id, line.warehouse_id)].run_id.name,
                ),
            ]
            for line in proposed - lines
        }
        levels = defaultdict(list)  # (min, max): rule ids
        to_create = []
        for line in lines:
            key = (line.product_tmpl_id, line.warehouse_id)
            orderpoint = current.get(key) or existing.get(
                (line.product_id, line.warehouse_id.lot_stock_id), Orderpoint
            )
            if orderpoint.aftersales_manual_levels:
                outcome[line] = ["skipped", orderpoint.id, manual_note]
                continue
            if orderpoint and (orderpoint.active or line.lifecycle == "active"):
                levels[(line.min_qty, line.max_qty)].append(orderpoint.id)
            elif line.lifecycle == "active":
                to_create.append(line)
            outcome[line] = ["applied", orderpoint.id, notes[line.lifecycle or "active"]]
        self._write_levels(Orderpoint, levels)
        if to_create:
            names = self._new_rule_names(Orderpoint, len(to_create))
            created = Orderpoint.create(
                [
                    dict(
                        {
                            "product_id": line.product_id.id,
                            "warehouse_id": line.warehouse_id.id,
                            "location_id": line.warehouse_id.lot_stock_id.id,
                            "company_id": company.id,
                            "product_min_qty": line.min_qty,
                            "product_max_qty": line.max_qty,
                        },
                        **({"name": name} if name else {}),
                    )
                    for line, name in zip(to_create, names, strict=True)
                ]
            )
            for line, orderpoint in zip(to_create, created, strict=True):
                outcome[line][1] = orderpoint.id
        self._mark_applied(outcome)
        applied = lines.filtered(lambda line: outcome[line][0] == "applied")
        return applied, lines - applied

    def _latest_per_key(self):
        """{(part, warehouse): the line of the latest run}: a selection over two runs must not
        apply the older levels over the newer ones, nor create the same rule twice."""
        latest = {}
        for line in self.sorted(lambda line: (line.run_id.id, line.id)):
            latest[(line.product_tmpl_id, line.warehouse_id)] = line
        return latest

    def _new_rule_names(self, Orderpoint, count):
        """Names for ``count`` new rules drawn from core's rule sequence with one query (its
        default draws them one by one, two queries per rule); ``None`` each, left to the
        default, for a sequence without gaps or by date range."""
        sequence = self.env["ir.sequence"].search(
            [
                ("code", "=", "stock.orderpoint"),
                ("company_id", "in", [Orderpoint.env.company.id, False]),
            ],
            order="company_id",
            limit=1,
        )
        if not sequence or sequence.implementation != "standard" or sequence.use_date_range:
            return [None] * count
        numbers = self.env.execute_query(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        return [sequence.get_next_char(number) for (number,) in numbers]

    def _write_levels(self, Orderpoint, levels):
        """Write the levels {(min, max): rule ids}: one access check as the planner, then one
        write per distinct pair, which the ORM flushes as one UPDATE of all the rules."""
        orderpoints = Orderpoint.browse([op_id for ids in levels.values() for op_id in ids])
        if not orderpoints:
            return
        orderpoints.check_access("write")
        # sudo: checked once above; a write as the planner checks its rules again per call
        for (low, high), ids in levels.items():
            orderpoints.browse(ids).sudo().write(
                {"product_min_qty": low, "product_max_qty": high, "active": True}
            )

    def _mark_applied(self, outcome):
        """Record each line's outcome {line: [state, rule id, note]} with one UPDATE.

        One write() per line (its rule and note differ) was most of Apply's time; the lines'
        columns have no computed field depending on them, so invalidating them is enough.
        """
        fnames = ["state", "orderpoint_id", "apply_note", "applied_by_id", "applied_date"]
        lines = self.browse([line.id for line in outcome])
        lines.flush_recordset(fnames)
        rows = [(line.id, *values) for line, values in outcome.items()]
        self.env.cr.execute(
            SQL(
                """
                UPDATE %(table)s line
                   SET state = outcome.state,
                       orderpoint_id = NULLIF(outcome.orderpoint_id, 0),
                       apply_note = outcome.note,
                       applied_by_id = %(uid)s,
                       applied_date = %(now)s,
                       write_uid = %(uid)s,
                       write_date = %(now)s
                  FROM unnest(%(ids)s::int[], %(states)s::varchar[], %(orderpoints)s::int[],
                              %(notes)s::varchar[]) AS outcome(id, state, orderpoint_id, note)
                 WHERE line.id = outcome.id
                """,
                table=SQL.identifier(self._table),
                uid=self.env.uid,
                now=self.env.cr.now(),
                ids=[row[0] for row in rows],
                states=[row[1] for row in rows],
                orderpoints=[row[2] or 0 for row in rows],
                notes=[row[3] or None for row in rows],
            )
        )
        lines.invalidate_recordset(fnames + ["write_uid", "write_date"])
