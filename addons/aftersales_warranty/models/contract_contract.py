from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

SCOPES = [
    ("units", "Listed Units"),
    ("product", "All the Customer's Units of a Product"),
    ("site", "All Units at a Site"),
]
# fields whose change moves the units a contract covers, or their cover
COVER_FIELDS = {
    "aftersales_policy_id",
    "aftersales_scope",
    "aftersales_equipment_ids",
    "aftersales_product_id",
    "aftersales_site_partner_id",
    "aftersales_visits_per_year",
    "date_start",
    "date_end",
    "partner_id",
}


class ContractContract(models.Model):
    """A service contract (OCA contract) that covers a customer's units.

    The contract invoices itself (OCA recurring invoicing); the cover it grants is an
    ``aftersales.warranty`` entitlement of origin "contract" per covered unit, which claims,
    visits and repairs already understand, plus a maintenance plan per unit for its
    preventive visits and an SLA policy on the customer's requests.
    """

    _inherit = "contract.contract"

    aftersales_policy_id = fields.Many2one(
        "aftersales.warranty.policy",
        string="Cover Policy",
        domain="[('kind', '=', 'contract'), ('company_id', 'in', (company_id, False))]",
        tracking=True,
        help="The parts, labour and travel shares the contract covers. Empty: the contract "
        "grants no cover.",
    )
    aftersales_scope = fields.Selection(
        SCOPES, string="Covers", required=True, default="units", tracking=True
    )
    aftersales_equipment_ids = fields.Many2many(
        "aftersales.equipment",
        "contract_contract_aftersales_equipment_rel",
        "contract_id",
        "equipment_id",
        string="Covered Units",
        domain="[('partner_id', 'child_of', commercial_partner_id), "
        "('company_id', '=', company_id)]",
    )
    aftersales_product_id = fields.Many2one(
        "product.product",
        string="Covered Product",
        domain="[('aftersales_track_installed_base', '=', True)]",
    )
    aftersales_site_partner_id = fields.Many2one(
        "res.partner",
        string="Covered Site",
        domain="[('id', 'child_of', commercial_partner_id)]",
    )
    aftersales_warranty_ids = fields.One2many(
        "aftersales.warranty", "contract_id", string="Entitlements"
    )
    aftersales_unit_count = fields.Integer(
        string="Units Covered", compute="_compute_aftersales_unit_count"
    )
    aftersales_sla_id = fields.Many2one(
        "helpdesk.sla",
        string="Response SLA",
        domain="[('aftersales_contract_only', '=', True)]",
        help="Applied to the customer's requests on the covered units while the contract runs.",
    )
    aftersales_visits_per_year = fields.Integer(
        string="Preventive Visits per Year",
        help="Planned for each covered unit by a maintenance plan.",
    )
    aftersales_plan_ids = fields.One2many(
        "aftersales.maintenance.plan",
        "aftersales_contract_id",
        string="Maintenance Plans",
        context={"active_test": False},
    )
    aftersales_renewal_months = fields.Integer(
        string="Renewal Term (months)", default=12, tracking=True
    )
    aftersales_reminder_days = fields.Integer(
        string="Remind Before End (days)",
        default=30,
        help="Days before the end when the responsible and the customer are reminded to renew.",
    )
    aftersales_reminded_end = fields.Date(string="Renewal Reminded For", readonly=True, copy=False)
    aftersales_sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sold On",
        index="btree_not_null",
        copy=False,
        help="The sale that granted this contract: cancelling or refunding it ends the cover.",
    )
    aftersales_cover_ended = fields.Date(
        string="Cover Ended On", readonly=True, copy=False, tracking=True
    )

    @api.constrains("aftersales_policy_id", "date_end", "aftersales_scope")
    def _check_aftersales_cover(self):
        for contract in self.filtered("aftersales_policy_id"):
            if not contract.date_end:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s grants cover: give its lines an end date "
                        "(the term of the contract).",
                        contract=contract.display_name,
                    )
                )
            if contract.aftersales_scope == "product" and not contract.aftersales_product_id:
                raise ValidationError(self.env._("Choose the product whose units are covered."))
            if contract.aftersales_scope == "site" and not contract.aftersales_site_partner_id:
                raise ValidationError(self.env._("Choose the site whose units are covered."))

    @api.constrains("aftersales_visits_per_year", "aftersales_renewal_months")
    def _check_aftersales_figures(self):
        for contract in self:
            if not 0 <= contract.aftersales_visits_per_year <= 52:
                raise ValidationError(
                    self.env._("A contract plans between 0 and 52 preventive visits a year.")
                )
            if contract.aftersales_renewal_months <= 0:
                raise ValidationError(self.env._("A renewal lasts at least one month."))

    def _compute_aftersales_unit_count(self):
        today = fields.Date.context_today(self)
        for contract in self:
            contract.aftersales_unit_count = len(
                contract.aftersales_warranty_ids.filtered(
                    lambda w, day=today: not w.voided and w.date_end and w.date_end >= day
                ).equipment_id
            )

    @api.model_create_multi
    def create(self, vals_list):
        contracts = super().create(vals_list)
        contracts.filtered("aftersales_policy_id")._aftersales_sync_cover(from_start=True)
        return contracts

    def write(self, vals):
        result = super().write(vals)
        if COVER_FIELDS & set(vals):
            self._aftersales_sync_cover()
        return result

    # --- cover -------------------------------------------------------------------------

    def _aftersales_units_in_scope(self):
        """The units this contract covers today."""
        self.ensure_one()
        Unit = self.env["aftersales.equipment"].sudo()
        if not self.aftersales_policy_id or self.aftersales_cover_ended:
            return Unit
        owner = self.commercial_partner_id
        if self.aftersales_scope == "units":
            # a listed unit sold on to someone else leaves the contract
            return self.sudo().aftersales_equipment_ids.filtered(
                lambda unit: unit.partner_id.commercial_partner_id == owner
            )
        domain = Domain("partner_id", "child_of", owner.id) & Domain(
            "company_id", "=", self.company_id.id
        )
        if self.aftersales_scope == "product":
            domain &= Domain("product_id", "=", self.aftersales_product_id.id)
        else:
            domain &= Domain("site_partner_id", "=", self.aftersales_site_partner_id.id)
        return Unit.search(domain)

    def _aftersales_live_entitlements(self, today):
        return self.sudo().aftersales_warranty_ids.filtered(
            lambda w: not w.voided and w.date_end and w.date_end >= today
        )

    def _aftersales_sync_cover(self, from_start=False):
        """Give each unit in scope an entitlement lasting to the contract's end, end the cover
        of units taken out, and keep one maintenance plan per covered unit.

        `from_start`: units are covered from the contract's start (a new contract), else from
        today (a unit added to a running contract).
        """
        today = fields.Date.context_today(self)
        Warranty = self.env["aftersales.warranty"].sudo()
        for contract in self:
            units = contract._aftersales_units_in_scope()
            live = contract._aftersales_live_entitlements(today)
            live.filtered(lambda w, units=units: w.equipment_id not in units)._end_cover(
                today,
                self.env._("unit taken out of contract %s", contract.display_name),
            )
            live = live.filtered(lambda w, units=units: w.equipment_id in units)
            if contract.aftersales_policy_id and contract.date_end:
                changed = live.filtered(
                    lambda w, c=contract: (
                        w.fixed_date_end != c.date_end or w.policy_id != c.aftersales_policy_id
                    )
                )
                changed.write(
                    {
                        "fixed_date_end": contract.date_end,
                        "policy_id": contract.aftersales_policy_id.id,
                    }
                )
                start = contract.date_start if from_start else max(contract.date_start, today)
                new_units = units - live.equipment_id
                if new_units and start <= contract.date_end:
                    Warranty.create(
                        [
                            {
                                "equipment_id": unit.id,
                                "policy_id": contract.aftersales_policy_id.id,
                                "origin": "contract",
                                "contract_id": contract.id,
                                "date_start": start,
                                "fixed_date_end": contract.date_end,
                            }
                            for unit in new_units
                        ]
                    )
            contract._aftersales_sync_plans(today)

    def _aftersales_sync_plans(self, today):
        """One active maintenance plan per covered unit while the contract runs."""
        self.ensure_one()
        plans = self.sudo().aftersales_plan_ids
        running = (
            self.aftersales_visits_per_year
            and self.date_end
            and self.date_end >= today
            and not self.aftersales_cover_ended
        )
        units = self._aftersales_live_entitlements(today).equipment_id if running else None
        if not units:
            plans.filtered("active").active = False
            return
        number, unit_of_time = self._aftersales_visit_interval()
        plans.filtered(lambda p: p.active and p.equipment_id not in units).active = False
        kept = plans.filtered(lambda p: p.equipment_id in units)
        kept.filtered(
            lambda p: not p.active or (p.interval_number, p.interval_type) != (number, unit_of_time)
        ).write({"active": True, "interval_number": number, "interval_type": unit_of_time})
        first_visit = max(self.date_start, today) + relativedelta(**{unit_of_time: number})
        self.env["aftersales.maintenance.plan"].sudo().create(
            [
                {
                    "equipment_id": unit.id,
                    "aftersales_contract_id": self.id,
                    "interval_number": number,
                    "interval_type": unit_of_time,
                    "next_date": first_visit,
                }
                for unit in units - kept.equipment_id
            ]
        )

    def _aftersales_visit_interval(self):
        """(number, unit) between two preventive visits: whole months when the year divides."""
        visits = self.aftersales_visits_per_year
        if 12 % visits == 0:
            return 12 // visits, "months"
        return 365 // visits, "days"

    def _aftersales_end_cover(self, on_date, reason):
        """The sale that granted these contracts was cancelled or refunded: their cover ends
        from `on_date` (invoicing stops after the period already invoiced)."""
        for contract in self.sudo().filtered(lambda c: not c.aftersales_cover_ended):
            contract.aftersales_warranty_ids._end_cover(on_date, reason)
            contract.aftersales_cover_ended = on_date
            contract._aftersales_sync_plans(on_date)
            contract._aftersales_stop_invoicing(on_date)
            contract.message_post(
                body=self.env._(
                    "Cover ended from %(date)s: %(reason)s.", date=on_date, reason=reason
                )
            )

    def _aftersales_stop_invoicing(self, on_date):
        last_day = on_date - timedelta(days=1)
        for line in self.contract_line_ids.filtered(lambda line: not line.display_type):
            end = max(last_day, line.last_date_invoiced or last_day, line.date_start or last_day)
            if not line.date_end or line.date_end > end:
                line.with_context(aftersales_no_cover_sync=True).date_end = end

    def _aftersales_portal_units(self):
        """The cover this contract gives today, for its portal page (the caller already
        checked the customer may read the contract)."""
        self.ensure_one()
        return self._aftersales_live_entitlements(fields.Date.context_today(self)).sorted("id")

    # --- renewal -----------------------------------------------------------------------

    def _aftersales_renewal_due_on(self):
        self.ensure_one()
        return self.date_end - timedelta(days=self.aftersales_reminder_days)

    def _ensure_aftersales_renewable(self, today):
        self.ensure_one()
        if not self.aftersales_policy_id or not self.date_end:
            raise UserError(self.env._("Contract %s grants no cover to renew.", self.display_name))
        if self.aftersales_cover_ended:
            raise UserError(
                self.env._(
                    "The cover of contract %s was ended by its sale; it cannot be renewed.",
                    self.display_name,
                )
            )
        if today < self._aftersales_renewal_due_on():
            raise UserError(
                self.env._(
                    "Contract %(contract)s runs until %(end)s; it can be renewed from %(due)s.",
                    contract=self.display_name,
                    end=self.date_end,
                    due=self._aftersales_renewal_due_on(),
                )
            )

    def action_aftersales_renew(self):
        """Extend the contract by its renewal term; its entitlements and plans follow."""
        today = fields.Date.context_today(self)
        self.lock_for_update()
        for contract in self:
            contract._ensure_aftersales_renewable(today)
            old_end = contract.date_end
            new_end = old_end + relativedelta(months=contract.aftersales_renewal_months)
            contract.contract_line_ids.filtered(
                lambda line, end=old_end: line.date_end == end
            ).with_context(aftersales_no_cover_sync=True).date_end = new_end
            if contract.date_end != new_end:
                contract.date_end = new_end
            contract._aftersales_sync_cover()
            contract.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.env.ref("aftersales_warranty.mail_activity_contract_renewal")
                )
            ).action_feedback(feedback=self.env._("Renewed."))
            contract.message_post(
                body=self.env._("Renewed from %(old)s to %(new)s.", old=old_end, new=new_end)
            )
        return True

    def _aftersales_remind_renewal(self):
        activity_type = self.env.ref("aftersales_warranty.mail_activity_contract_renewal")
        for contract in self:
            contract.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=contract.date_end,
                summary=self.env._("Renew contract %s", contract.display_name),
                user_id=(contract.user_id or self.env.user).id,
            )
            contract.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Your service contract %(contract)s ends on %(end)s. Contact us to renew "
                    "it and keep your units covered.",
                    contract=contract.display_name,
                    end=contract.date_end,
                ),
                partner_ids=contract.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            contract.aftersales_reminded_end = contract.date_end

    @api.model
    def _cron_aftersales_service_contracts(self):
        """Daily: cover the units that came into scope, end the plans of ended contracts, and
        remind of the renewals that fall due."""
        today = fields.Date.context_today(self)
        contracts = self.search(
            [
                ("aftersales_policy_id", "!=", False),
                ("aftersales_cover_ended", "=", False),
                ("date_end", ">=", today - timedelta(days=1)),
            ]
        )
        contracts._aftersales_sync_cover()
        self.env["aftersales.maintenance.plan"].search(
            [("aftersales_contract_id.date_end", "<", today)]
        ).active = False
        contracts.filtered(
            lambda c: (
                c.date_end >= today
                and c._aftersales_renewal_due_on() <= today
                and c.aftersales_reminded_end != c.date_end
            )
        )._aftersales_remind_renewal()
        return contracts
