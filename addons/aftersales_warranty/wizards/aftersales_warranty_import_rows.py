import re
from collections import defaultdict
from datetime import date

from odoo import fields, models
from odoo.tools import plaintext2html

from ..models.aftersales_claim import DECISIONS

DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
AMOUNT_PATTERN = re.compile(r"-?\d+(\.\d+)?")
CLOSED_STATES = ("done", "rejected")
OUTCOMES = ("fixed", "not_fixed", "no_fault_found")
COST_COLUMNS = {
    "parts_cost": "imported_parts_cost",
    "labour_cost": "labour_cost",
    "travel_cost": "travel_cost",
}


class ImportRow:
    """The cells of one row, read into values; each problem is kept as (column, message)."""

    def __init__(self, env, cells):
        self.env = env
        self.cells = cells
        self.errors = []

    def error(self, column, message):
        self.errors.append((column, message))

    def text(self, column, required=False):
        value = (self.cells.get(column) or "").strip()
        if required and not value:
            self.error(column, self.env._("The %s column is empty; it is required.", column))
        return value

    def date(self, column, required=False):
        value = self.text(column, required)
        if not value:
            return None
        try:
            if not DATE_PATTERN.fullmatch(value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            self.error(
                column,
                self.env._(
                    "“%s” is not a valid date: write dates as YYYY-MM-DD, for example 2025-03-31.",
                    value,
                ),
            )
            return None

    def amount(self, column):
        value = self.text(column)
        if not value:
            return 0.0
        if not AMOUNT_PATTERN.fullmatch(value):
            self.error(
                column,
                self.env._(
                    "“%s” is not an amount: write digits with a dot for decimals, "
                    "for example 1234.50.",
                    value,
                ),
            )
            return 0.0
        amount = float(value)
        if amount < 0:
            self.error(
                column,
                self.env._(
                    "The %(column)s cannot be negative (%(value)s).", column=column, value=value
                ),
            )
            return 0.0
        return amount

    def choice(self, column, allowed, required=False):
        value = self.text(column, required).lower()
        if value and value not in allowed:
            self.error(
                column,
                self.env._(
                    "“%(value)s” is not a valid %(column)s: use one of %(allowed)s.",
                    value=value,
                    column=column,
                    allowed=", ".join(allowed),
                ),
            )
            return None
        return value or None

    def lookup(self, column, found, unknown, required=False):
        """The record `found` for the cell's value; `found` holds a message when the value
        is ambiguous, and `unknown` is the message of a value not found at all."""
        value = self.text(column, required)
        if not value:
            return None
        record = found.get(value)
        if record is None:
            self.error(column, unknown % value)
        elif isinstance(record, str):
            self.error(column, record)
        else:
            return record
        return None


class AftersalesWarrantyImport(models.TransientModel):
    """The rows of each kind of file: batched look-ups, then the values of each record."""

    _inherit = "aftersales.warranty.import"

    def _prepare_rows(self, rows):
        """[(line, values, [(column, message)])] for the rows of the file."""
        if self.kind == "claim":
            return self._prepare_claims(rows)
        return self._prepare_registrations(rows)

    def _create_records(self, vals_list, dry_run):
        model = self._target_model().with_company(self.company_id)
        # no chatter message, follower or tracking value per imported record
        model = model.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )
        if self.kind == "claim":
            if dry_run:  # no claim number used up
                vals_list = [{**vals, "name": self.env._("Check")} for vals in vals_list]
            # Historic claims are created closed (state, decision, outcome, done date), which
            # claims refuse from anyone but the superuser so that RPC cannot skip the
            # workflow. `_check_import_access` has checked that the user is a warranty manager
            # and owns this import, every record was looked up as that user and each row sets
            # the company: sudo only lifts the workflow guard. The claims keep the user as
            # their creator. They are inserted in bulk, as create() would make them.
            return model.sudo()._insert_historic_claims(vals_list)
        # matched to the units we delivered before they are created: no write per row
        keys = self._delivery_keys(vals_list)
        delivered = model._delivered_units(keys)
        for vals, key in zip(vals_list, keys, strict=True):
            unit = delivered.get(model._delivery_key(*key))
            if unit:
                vals.update(state="matched", equipment_id=unit.id)
        # the rows matched to a unit are created matched: the state and unit are workflow
        # fields, which only the superuser writes; `_check_import_access` has checked that the
        # user is a warranty user who owns this import and every unit was looked up as them
        registrations = model.sudo().create(vals_list).sudo(False)
        registrations.filtered(lambda r: r.state == "matched")._start_unit_registration()
        return registrations

    def _delivery_keys(self, vals_list):
        """(serial, product, company, customer) of each registration's values, the products
        and customers browsed together (their fields read once for the batch)."""
        products = self.env["product.product"].browse([vals["product_id"] for vals in vals_list])
        partners = self.env["res.partner"].browse([vals["partner_id"] for vals in vals_list])
        return [
            (vals["serial"], product, self.company_id, partner)
            for vals, product, partner in zip(vals_list, products, partners, strict=True)
        ]

    @staticmethod
    def _column_values(rows, column):
        return {(cells.get(column) or "").strip() for _line, cells in rows} - {""}

    # ------------------------------------------------------------------
    # Registrations
    # ------------------------------------------------------------------
    def _prepare_registrations(self, rows):
        _ = self.env._
        customers = self._find_customers(self._column_values(rows, "customer"))
        products = self._find_products(self._column_values(rows, "product"))
        registered = self._registered_keys(self._column_values(rows, "serial"))
        today = fields.Date.context_today(self)
        first_line = {}
        prepared = []
        for line, cells in rows:
            row = ImportRow(self.env, cells)
            customer = row.lookup(
                "customer",
                customers,
                _("No customer has the reference, email or name “%s”."),
                required=True,
            )
            product = row.lookup(
                "product",
                products,
                _("No product has the internal reference or name “%s”."),
                required=True,
            )
            serial = row.text("serial", required=True)
            purchase_date = row.date("purchase_date", required=True)
            registration_date = row.date("registration_date") or today
            if product and product.tracking != "serial":
                row.error(
                    "product",
                    _("%s is not tracked by serial number: it cannot be registered.", product.name),
                )
            if purchase_date and purchase_date > today:
                row.error("purchase_date", _("The purchase date cannot be in the future."))
            elif purchase_date and registration_date < purchase_date:
                row.error(
                    "registration_date", _("The registration date is before the purchase date.")
                )
            if customer and product and serial:
                key = (serial, product.id, customer.commercial_partner_id.id)
                if key in registered:
                    row.error(
                        "serial",
                        _("Serial number %s is already registered for this customer.", serial),
                    )
                elif key in first_line:
                    row.error("serial", _("Same registration as on line %s.", first_line[key]))
                first_line.setdefault(key, line)
            vals = {
                "company_id": self.company_id.id,
                "partner_id": customer and customer.id,
                "product_id": product and product.id,
                "serial": serial,
                "purchase_date": purchase_date,
                "seller": row.text("seller") or False,
                "registration_date": registration_date,
            }
            prepared.append((line, vals, row.errors))
        return prepared

    def _registered_keys(self, serials):
        """{(serial, product id, commercial partner id)} of the registrations not rejected."""
        registrations = self.env["aftersales.registration"].search_fetch(
            [
                ("serial", "in", list(serials)),
                ("company_id", "=", self.company_id.id),
                ("state", "!=", "rejected"),
            ],
            ["serial", "product_id", "partner_id"],
        )
        return {
            (reg.serial.strip(), reg.product_id.id, reg.partner_id.commercial_partner_id.id)
            for reg in registrations
        }

    def _find_customers(self, keys):
        """{cell value: partner or message}: by reference, then email, then the exact name of
        a company or a person without a company. Several partners of one company are that
        company; partners of different companies are ambiguous."""
        Partner = self.env["res.partner"]
        company_domain = [("company_id", "in", [self.company_id.id, False])]
        found = {}
        remaining = set(keys)

        def resolve(groups, how):
            for key, partners in groups.items():
                commercial = partners.commercial_partner_id
                if len(partners) == 1 or len(commercial) == 1:
                    found[key] = partners if len(partners) == 1 else commercial
                else:
                    found[key] = self.env._(
                        "Several customers have the %(how)s “%(key)s”: %(names)s.",
                        how=how,
                        key=key,
                        names=", ".join(commercial.mapped("display_name")[:5]),
                    )
                remaining.discard(key)

        by_ref = defaultdict(Partner.browse)
        for partner in Partner.search([("ref", "in", list(remaining)), *company_domain]):
            by_ref[partner.ref] |= partner
        resolve(by_ref, self.env._("reference"))
        emails = defaultdict(set)
        for key in remaining:
            if "@" in key:
                emails[key.lower()].add(key)
        by_email = defaultdict(Partner.browse)
        for partner in Partner.search([("email_normalized", "in", list(emails)), *company_domain]):
            for key in emails[partner.email_normalized]:
                by_email[key] |= partner
        resolve(by_email, self.env._("email"))
        by_name = defaultdict(Partner.browse)
        for partner in Partner.search([("name", "in", list(remaining)), *company_domain]):
            if partner.commercial_partner_id == partner:
                by_name[partner.name] |= partner
        resolve(by_name, self.env._("name"))
        return found

    def _find_products(self, keys):
        """{cell value: product or message}: by internal reference, then by exact name."""
        Product = self.env["product.product"]
        company_domain = [("company_id", "in", [self.company_id.id, False])]
        found = {}
        by_code = defaultdict(Product.browse)
        for product in Product.search([("default_code", "in", list(keys)), *company_domain]):
            by_code[product.default_code] |= product
        by_name = defaultdict(Product.browse)
        names = set(keys) - set(by_code)
        for product in Product.search([("name", "in", list(names)), *company_domain]):
            if product.name in names:
                by_name[product.name] |= product
        for groups, ambiguous in (
            (by_code, self.env._("Several products have the internal reference “%s”.")),
            (by_name, self.env._("Several products are named “%s”: use the internal reference.")),
        ):
            for key, products in groups.items():
                found[key] = products if len(products) == 1 else ambiguous % key
        return found

    # ------------------------------------------------------------------
    # Historic claims
    # ------------------------------------------------------------------
    def _prepare_claims(self, rows):
        _ = self.env._
        units = self._find_units(self._column_values(rows, "serial"))
        symptoms = self._find_codes(
            "aftersales.claim.symptom", self._column_values(rows, "symptom")
        )
        failure_codes = self._find_codes(
            "aftersales.failure.code", self._column_values(rows, "failure_code")
        )
        references = self._column_values(rows, "reference")
        imported = set(
            self.env["aftersales.claim"]
            .search_fetch(
                [
                    ("import_reference", "in", list(references)),
                    ("company_id", "=", self.company_id.id),
                ],
                ["import_reference"],
            )
            .mapped("import_reference")
        )
        today = fields.Date.context_today(self)
        decisions = tuple(key for key, _label in DECISIONS)
        first_line = {}
        prepared = []
        for line, cells in rows:
            row = ImportRow(self.env, cells)
            unit = row.lookup(
                "serial",
                units,
                _("Serial number “%s” is not a unit of the installed base."),
                required=True,
            )
            failure_date = row.date("failure_date", required=True)
            intake_date = row.date("intake_date") or failure_date
            done_date = row.date("done_date")
            state = row.choice("state", CLOSED_STATES, required=True)
            decision = row.choice("decision", decisions, required=state != "rejected")
            decision = decision or (state == "rejected" and "reject") or None
            outcome = row.choice("outcome", OUTCOMES)
            costs = {field: row.amount(column) for column, field in COST_COLUMNS.items()}
            reference = row.text("reference")
            if state == "rejected" and decision and decision != "reject":
                row.error("decision", _("A rejected claim has the decision “reject”."))
            if state == "done" and decision == "reject":
                row.error("state", _("A claim with the decision “reject” has the state rejected."))
            if outcome and state == "rejected":
                row.error("outcome", _("A rejected claim has no outcome."))
            if done_date and (done_date > today or (failure_date and done_date < failure_date)):
                row.error(
                    "done_date",
                    _("The done date must be between the failure date and today."),
                )
            if reference in imported:
                row.error(
                    "reference", _("A claim with the reference %s was imported already.", reference)
                )
            elif reference in first_line:
                row.error(
                    "reference",
                    _(
                        "Reference %(ref)s is also on line %(line)s.",
                        ref=reference,
                        line=first_line[reference],
                    ),
                )
            if reference:
                first_line.setdefault(reference, line)
            description = row.text("description")
            symptom = row.lookup("symptom", symptoms, _("No symptom has the code “%s”."))
            failure_code = row.lookup(
                "failure_code", failure_codes, _("No failure code has the code “%s”.")
            )
            vals = {
                "company_id": self.company_id.id,
                "equipment_id": unit and unit.id,
                "failure_date": failure_date,
                "intake_date": intake_date,
                "symptom_id": symptom and symptom.id,
                "failure_code_id": failure_code and failure_code.id,
                "decision": decision,
                "state": state,
                "outcome": outcome,
                "done_date": done_date,
                "import_reference": reference or False,
                "description": plaintext2html(description) if description else False,
                **costs,
            }
            prepared.append((line, vals, row.errors))
        return prepared

    def _find_units(self, serials):
        """{serial: unit or message} among the units of the company."""
        lots = self.env["stock.lot"]._search_exact_names(serials)
        units = self.env["aftersales.equipment"].search(
            [("lot_id", "in", lots), ("company_id", "=", self.company_id.id)]
        )
        by_serial = defaultdict(units.browse)
        for unit in units:
            by_serial[unit.lot_id.name] |= unit
        return {
            serial: same_serial
            if len(same_serial) == 1
            else self.env._(
                "Serial number %(serial)s is on several units (%(units)s).",
                serial=serial,
                units=", ".join(same_serial.mapped("display_name")),
            )
            for serial, same_serial in by_serial.items()
        }

    def _find_codes(self, model, codes):
        """{code: record} of symptoms or failure codes, archived ones included."""
        records = (
            self.env[model].with_context(active_test=False).search([("code", "in", list(codes))])
        )
        return {record.code: record for record in records}
