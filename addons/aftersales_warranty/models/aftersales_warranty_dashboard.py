from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from .aftersales_claim import OPEN_STATES

# period key: months back from the first day of this month (None: from the 1st of January)
PERIODS = {"month": 0, "3_months": 2, "12_months": 11, "ytd": None}
SETTLED_STATES = ("approved", "in_progress", "done")
TOP = 5


class AftersalesWarrantyDashboard(models.AbstractModel):
    """The figures of the warranty managers' dashboard (client action ``warranty_dashboard``).

    Every figure comes from the claims or from the reporting views, aggregated in SQL by
    ``_read_group``: a fixed number of queries whatever the number of claims, as the user (so
    record rules apply), limited to the user's allowed companies. Each figure comes with the
    action and the domain that list what it counts, so the dashboard and the reports agree.

    The period applies to the failure date of the claims (as the *Claim Analysis* date filter),
    to the delivery date of the units for failure rates (the cohort, as in *Failure Rate*) and
    to the month of the vendor recoveries. The work queue and the reserve are as of now.
    """

    _name = "aftersales.warranty.dashboard"
    _description = "Warranty Dashboard"

    @api.model
    def get_dashboard_data(self, period="month"):
        if not self.env.user.has_group("aftersales_warranty.group_warranty_approver"):
            raise AccessError(self.env._("The warranty dashboard is for warranty approvers."))
        if period not in PERIODS:
            raise UserError(self.env._("Unknown dashboard period: %s", period))
        date_from, date_to = self._period_dates(period)
        company = self.env.company
        data = {
            "period": {
                "key": period,
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_to),
            },
            "currency_id": company.currency_id.id,
            "queue": self._queue_data(),
            **self._claim_data(date_from, date_to),
            "failure_rates": self._failure_rate_data(date_from, date_to),
            # the failure rates and the reserve's entitlements come from summaries
            "summaries_as_of": fields.Datetime.to_string(
                self.env["aftersales.failure.rate.summary"]._last_refresh()
            ),
            "recovery": self._recovery_data(date_from, date_to),
            "reserve": None,
        }
        if self.env.user.has_group("aftersales_warranty.group_warranty_manager"):
            data["reserve"] = self._reserve_data()
        return data

    @api.model
    def _period_dates(self, period):
        today = fields.Date.context_today(self)
        months_back = PERIODS[period]
        if months_back is None:
            return today.replace(month=1, day=1), today
        return today.replace(day=1) - relativedelta(months=months_back), today

    @api.model
    def _date_range(self, field_name, date_from, date_to):
        return Domain(field_name, ">=", fields.Date.to_string(date_from)) & Domain(
            field_name, "<=", fields.Date.to_string(date_to)
        )

    @api.model
    def _company_domain(self):
        return Domain("company_id", "in", self.env.companies.ids)

    # ------------------------------------------------------------------
    # Work queue: open claims now
    # ------------------------------------------------------------------
    @api.model
    def _queue_data(self):
        Claim = self.env["aftersales.claim"]
        per_state = dict(
            Claim._read_group(
                self._company_domain() & Domain("state", "in", OPEN_STATES),
                ["state"],
                ["__count"],
            )
        )
        labels = dict(Claim._fields["state"]._description_selection(self.env))
        queues = {
            "my_reviews": Domain("state", "=", "submitted")
            & Domain("reviewer_ids", "in", [self.env.uid]),
            "late_approval": self._late_approval_domain(),
            "late_resolution": self._late_resolution_domain(),
        }
        return {
            "states": [
                {
                    "state": state,
                    "label": labels[state],
                    "count": per_state.get(state, 0),
                    "domain": [("state", "=", state)],
                }
                for state in OPEN_STATES
            ],
            **{
                key: {
                    "count": Claim.search_count(self._company_domain() & domain),
                    "domain": list(domain),
                }
                for key, domain in queues.items()
            },
        }

    @api.model
    def _late_approval_domain(self):
        """Submitted claims older than their company's approval target (hours)."""
        now = fields.Datetime.now()
        return Domain("state", "=", "submitted") & Domain.OR(
            Domain("company_id", "=", company.id)
            & Domain(
                "submit_date",
                "<",
                fields.Datetime.to_string(
                    now - timedelta(hours=company.aftersales_approval_target_hours)
                ),
            )
            for company in self.env.companies
        )

    @api.model
    def _late_resolution_domain(self):
        """Open claims submitted more days ago than their company's resolution target: the
        claim analysis counts days from the submission day, so they can no longer be resolved
        on target."""
        today = fields.Date.context_today(self)
        return Domain("state", "in", ("submitted", "approved", "in_progress")) & Domain.OR(
            Domain("company_id", "=", company.id)
            & Domain(
                "submit_date",
                "<",
                fields.Datetime.to_string(
                    datetime.combine(
                        today - timedelta(days=company.aftersales_resolution_target_days),
                        time.min,
                    )
                ),
            )
            for company in self.env.companies
        )

    # ------------------------------------------------------------------
    # Claims of the period: aftersales.claim.analysis
    # ------------------------------------------------------------------
    @api.model
    def _claim_data(self, date_from, date_to):
        """The claim figures of the period from one pass over the claim analysis: grouped by
        state, goodwill and failure code, then added up here (averages as sums over counts),
        since each pass reads every claim of the period."""
        Analysis = self.env["aftersales.claim.analysis"]
        period = self._date_range("failure_date", date_from, date_to)
        received = period & Domain("state", "!=", "cancel")
        settled = period & Domain("state", "in", SETTLED_STATES)
        company = self.env.company
        measures = [
            "claim_count:sum",
            "nff_count:sum",
            "approval_hours:sum",
            "approval_hours:count",
            "approval_target_hours:max",
            "approval_on_target_rate:sum",
            "approval_on_target_rate:count",
            "resolution_days:sum",
            "resolution_days:count",
            "resolution_target_days:max",
            "resolution_on_target_rate:sum",
            "resolution_on_target_rate:count",
            "covered_parts:sum",
            "covered_labour:sum",
            "covered_travel:sum",
            "warranty_cost:sum",
            "goodwill_cost:sum",
        ]
        groups = [
            (state, goodwill, code, dict(zip(measures, values, strict=True)))
            for state, goodwill, code, *values in Analysis._read_group(
                self._company_domain() & received,
                ["state", "is_goodwill", "failure_code_id"],
                measures,
            )
        ]

        def total(measure, rows):
            return sum(row[measure] or 0 for row in rows)

        def average(measure, rows):
            count = total(f"{measure}:count", rows)
            return total(f"{measure}:sum", rows) / count if count else None

        def highest(measure, rows):
            return max((row[measure] for row in rows if row[measure] is not None), default=None)

        rows = [row for *_keys, row in groups]
        claims = total("claim_count:sum", rows)
        nff = total("nff_count:sum", rows)
        hours_target = highest("approval_target_hours:max", rows)
        days_target = highest("resolution_target_days:max", rows)
        cost = {}
        for goodwill in (False, True):
            paid = [
                row
                for state, is_goodwill, _code, row in groups
                if state in SETTLED_STATES and bool(is_goodwill) == goodwill
            ]
            cost[goodwill] = [
                total(measure, paid)
                for measure in (
                    "claim_count:sum",
                    "covered_parts:sum",
                    "covered_labour:sum",
                    "covered_travel:sum",
                    "warranty_cost:sum",
                    "goodwill_cost:sum",
                )
            ]
        # each code's claims received in the period, and their cost as the cost block counts
        # it: approved, in progress or done (a draft's estimate is not a cost yet)
        per_code, paid_per_code = {}, {}
        for state, _goodwill, code, row in groups:
            if code:
                per_code.setdefault(code, []).append(row)
                if state in SETTLED_STATES:
                    paid_per_code.setdefault(code, []).append(row)
        codes = sorted(
            (
                (
                    code,
                    total("claim_count:sum", code_rows),
                    total("warranty_cost:sum", paid_per_code.get(code, [])),
                    total("goodwill_cost:sum", paid_per_code.get(code, [])),
                )
                for code, code_rows in per_code.items()
            ),
            key=lambda item: (-item[1], -item[2], item[0].code or "", item[0].id),
        )[:TOP]
        received = list(received)
        return {
            "volume": {
                "claims": claims or 0,
                "nff_count": nff or 0,
                # the average of the 0/100 per claim of the report, as a ratio of sums
                "nff_rate": 100.0 * nff / claims if claims else 0.0,
                "domain": received,
                "nff_domain": [*received, ("outcome", "=", "no_fault_found")],
            },
            "cost": {
                "claims": cost[False][0],
                "parts": cost[False][1],
                "labour": cost[False][2],
                "travel": cost[False][3],
                "warranty_cost": cost[False][4],
                "goodwill_claims": cost[True][0],
                "goodwill_cost": cost[True][5],
                "domain": [*settled, ("is_goodwill", "=", False)],
                "goodwill_domain": [*settled, ("is_goodwill", "=", True)],
            },
            "lead_times": {
                "approval_hours": average("approval_hours", rows),
                "approval_target": hours_target or company.aftersales_approval_target_hours,
                "approval_on_target": average("approval_on_target_rate", rows),
                "resolution_days": average("resolution_days", rows),
                "resolution_target": days_target or company.aftersales_resolution_target_days,
                "resolution_on_target": average("resolution_on_target_rate", rows),
                "domain": received,
            },
            "failure_codes": [
                {
                    "id": code.id,
                    "name": code.display_name,
                    "claims": count,
                    "warranty_cost": warranty_cost,
                    "goodwill_cost": goodwill_cost,
                    "domain": [*received, ("failure_code_id", "=", code.id)],
                }
                for code, count, warranty_cost, goodwill_cost in codes
            ],
        }

    # ------------------------------------------------------------------
    # Failure rate of the units delivered in the period: the monthly summary of
    # aftersales.failure.rate (periods start on the 1st, so whole delivery months)
    # ------------------------------------------------------------------
    @api.model
    def _failure_rate_data(self, date_from, date_to):
        cohort = self._date_range("delivery_month", date_from, date_to)
        rows = self.env["aftersales.failure.rate.summary"]._read_group(
            self._company_domain() & cohort,
            ["product_id"],
            ["units:sum", "failures:sum", "failure_rate:avg"],
            having=[("failures:sum", ">", 0)],
            order="failure_rate:avg desc, failures:sum desc",
            limit=TOP,
        )
        return [
            {
                "id": product.id,
                "name": product.display_name,
                "units": units,
                "failures": failures,
                "rate": rate,
                "domain": [*cohort, ("product_id", "=", product.id)],
            }
            for product, units, failures, rate in rows
        ]

    # ------------------------------------------------------------------
    # Vendor recovery: aftersales.recovery.analysis
    # ------------------------------------------------------------------
    @api.model
    def _recovery_data(self, date_from, date_to):
        # the view has one row per vendor and month (dated the 1st): periods are whole months
        period = self._date_range("date", date_from, date_to)
        [(count, claimed, accepted, settled, rate)] = self.env[
            "aftersales.recovery.analysis"
        ]._read_group(
            self._company_domain() & period,
            [],
            [
                "recovery_count:sum",
                "amount_claimed:sum",
                "amount_accepted:sum",
                "amount_settled:sum",
                "rate:sum",
            ],
        )
        return {
            "recoveries": count or 0,
            "claimed": claimed or 0.0,
            "accepted": accepted or 0.0,
            "settled": settled or 0.0,
            "rate": rate or 0.0,
            "domain": list(period),
        }

    # ------------------------------------------------------------------
    # Warranty reserve (managers): aftersales.warranty.reserve
    # ------------------------------------------------------------------
    @api.model
    def _reserve_data(self):
        [(entitlements, reserve, to_expiry)] = self.env["aftersales.warranty.reserve"]._read_group(
            self._company_domain(),
            [],
            ["active_entitlements:sum", "reserve:sum", "reserve_to_expiry:sum"],
        )
        return {
            "active_entitlements": entitlements or 0,
            "reserve": reserve or 0.0,
            "reserve_to_expiry": to_expiry or 0.0,
            "domain": [],
        }
