import base64
import csv
import io
import re

import psycopg2

from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import split_every

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_ROWS = 50_000
DELIMITERS = (",", ";", "\t")
# control characters a cell may not hold: all but tab, line feed and carriage return
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BATCH_SIZE = 200
# what a row may fail with; anything else is a bug and stops the import
ROW_ERRORS = (UserError, ValidationError, ValueError, psycopg2.IntegrityError)
# the columns of each kind of file: required first, then optional
COLUMNS = {
    "registration": (
        ("customer", "product", "serial", "purchase_date"),
        ("seller", "registration_date"),
    ),
    "claim": (
        ("serial", "failure_date", "decision", "state"),
        (
            "intake_date",
            "symptom",
            "failure_code",
            "outcome",
            "parts_cost",
            "labour_cost",
            "travel_cost",
            "done_date",
            "reference",
            "description",
        ),
    ),
}
IMPORT_GROUPS = {
    "registration": "aftersales_warranty.group_warranty_user",
    "claim": "aftersales_warranty.group_warranty_manager",
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported (its message says why)."""


class AftersalesWarrantyImport(models.TransientModel):
    """Imports a CSV file of product registrations or of historic claims.

    A row that fails (unknown product, invalid date, a constraint) leaves nothing behind and
    is reported with its line and column; the other rows are imported. *All or nothing*
    keeps nothing when any row fails, and *Check* runs every row the same way, then rolls
    everything back. The look-ups (customers, products, serials, codes, existing records)
    are made once per file, not once per row. The rows of each kind are read and created in
    ``aftersales_warranty_import_rows.py``.
    """

    _name = "aftersales.warranty.import"
    _description = "Import Registrations or Historic Claims"

    kind = fields.Selection(
        [("registration", "Product Registrations"), ("claim", "Historic Claims")],
        string="Import",
        required=True,
        default="registration",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    data_file = fields.Binary(string="CSV File", attachment=False)
    filename = fields.Char()
    all_or_nothing = fields.Boolean(
        help="Import nothing when any row has an error. Otherwise the valid rows are "
        "imported and the others are listed with their errors."
    )
    state = fields.Selection(
        [("draft", "Draft"), ("checked", "Checked"), ("done", "Imported")],
        default="draft",
        required=True,
    )
    row_count = fields.Integer(readonly=True)
    created_count = fields.Integer(string="Valid Rows", readonly=True)
    error_count = fields.Integer(string="Rows with Errors", readonly=True)
    summary = fields.Text(readonly=True)
    error_ids = fields.One2many(
        "aftersales.warranty.import.error", "wizard_id", string="Errors", readonly=True
    )
    registration_ids = fields.Many2many("aftersales.registration", readonly=True)
    claim_ids = fields.Many2many("aftersales.claim", readonly=True)
    template_file = fields.Binary(attachment=False, readonly=True)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_check(self):
        """Run every row and roll everything back: reports what an import would do."""
        self._run(dry_run=True)
        return self._reopen()

    def action_import(self):
        self._run(dry_run=False)
        return self._reopen()

    def action_open_records(self):
        self.ensure_one()
        if self.kind == "claim":
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "aftersales_warranty.action_claims"
            )
            records = self.claim_ids
        else:
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "aftersales_warranty.action_registrations"
            )
            records = self.registration_ids
        action["domain"] = [("id", "in", records.ids)]
        action["context"] = {}
        return action

    def action_download_template(self):
        """A CSV file with the columns of the chosen kind and an example row."""
        self.ensure_one()
        required, optional = COLUMNS[self.kind]
        example = self._template_example()
        stream = io.StringIO()
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow([*required, *optional])
        writer.writerow([example.get(column, "") for column in (*required, *optional)])
        self.template_file = base64.b64encode(stream.getvalue().encode("utf-8"))
        name = "registrations.csv" if self.kind == "registration" else "historic_claims.csv"
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content?model={self._name}&id={self.id}&field=template_file"
            f"&filename={name}&download=true",
            "target": "download",
        }

    def _template_example(self):
        if self.kind == "registration":
            return {
                "customer": "CUST-0042",
                "product": "CH-200",
                "serial": "SN-000123",
                "purchase_date": "2025-03-31",
                "seller": "Cool Shop Ltd",
                "registration_date": "2025-04-02",
            }
        return {
            "serial": "SN-000123",
            "failure_date": "2024-11-05",
            "intake_date": "2024-11-07",
            "symptom": "NOSTART",
            "failure_code": "PWR",
            "decision": "repair",
            "state": "done",
            "outcome": "fixed",
            "parts_cost": "150.00",
            "labour_cost": "80.00",
            "travel_cost": "0",
            "done_date": "2024-11-20",
            "reference": "OLD-2024-0815",
            "description": "Replaced the compressor",
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import Registrations or Historic Claims"),
        }

    # ------------------------------------------------------------------
    # The run: read, prepare (batched look-ups), create (in savepoints)
    # ------------------------------------------------------------------
    def _check_import_access(self):
        """The import runs as the user who made the wizard, and only for the group of its
        kind: checked here, on the server, not only by the form's `groups` (the record rules
        already hide another user's import; this keeps the rule if they were loosened)."""
        if not self.env.su and self.create_uid != self.env.user:
            raise AccessError(self.env._("Only the user who started this import can run it."))
        if not self.env.user.has_group(IMPORT_GROUPS[self.kind]):
            raise AccessError(
                self.env._("Only warranty managers can import historic claims.")
                if self.kind == "claim"
                else self.env._("Only warranty users can import product registrations.")
            )

    def _run(self, dry_run):
        self.ensure_one()
        self._check_import_access()
        if self.state == "done":
            raise UserError(self.env._("This file was imported already: start a new import."))
        if not self.data_file:
            raise UserError(self.env._("Choose the CSV file to import."))
        self.error_ids.unlink()
        try:
            rows = self._read_rows()
        except ImportFileError as error:
            self._write_results(dry_run, [], 0, [(0, "", str(error))])
            return
        errors = self._control_character_errors(rows)
        unreadable = {line for line, _column, _message in errors}
        prepared = self._prepare_rows([row for row in rows if row[0] not in unreadable])
        errors += [
            (line, column, message)
            for line, _vals, row_errors in prepared
            for column, message in row_errors
        ]
        records, valid_count = self._create_rows(prepared, dry_run, errors)
        self._write_results(dry_run, rows, valid_count, errors, records)

    def _create_rows(self, prepared, dry_run, errors):
        """Create the valid rows and add the failures to `errors`. Returns (records kept,
        number of rows that went through): on a check or a failed all-or-nothing import,
        every row is rolled back and no record is kept.

        Rows are created a batch at a time in a savepoint; when a row of the batch fails, the
        batch is rolled back and each of its rows is created again in its own savepoint, so a
        failing row leaves nothing behind and the others are kept."""
        valid = [(line, vals) for line, vals, row_errors in prepared if not row_errors]
        created = []
        with self.env.cr.savepoint() as whole_file:
            for batch in split_every(BATCH_SIZE, valid):
                records, error = self._try_create([vals for _line, vals in batch], dry_run)
                if error is None:
                    created.append(records)
                    continue
                for line, vals in batch:
                    records, error = (
                        self._try_create([vals], dry_run) if len(batch) > 1 else (None, error)
                    )
                    if error is None:
                        created.append(records)
                    else:
                        errors.append((line, "", self._error_message(error)))
            records = self._target_model().union(*created)
            if dry_run or (self.all_or_nothing and errors):
                whole_file.close(rollback=True)
                return self._target_model(), len(records)
        return records, len(records)

    def _try_create(self, vals_list, dry_run):
        """(records, None) when the rows are created, else (None, the error): a savepoint
        rolls back everything the failing rows did."""
        try:
            with self.env.cr.savepoint():
                return self._create_records(vals_list, dry_run), None
        except ROW_ERRORS as error:
            return None, error

    def _target_model(self):
        return self.env["aftersales.claim" if self.kind == "claim" else "aftersales.registration"]

    def _error_message(self, error):
        if isinstance(error, psycopg2.IntegrityError):
            if "import_reference" in (error.diag.constraint_name or ""):
                return self.env._("A claim with this reference was imported already.")
            return self.env._("The database refused the row: %s", error.diag.message_primary)
        return error.args[0] if error.args else str(error)

    def _write_results(self, dry_run, rows, valid_count, errors, records=None):
        """Store the counts, the errors and the records created."""
        records = records or self._target_model()
        error_rows = {line for line, _column, _message in errors}
        _ = self.env._
        if 0 in error_rows:
            summary = _("The file cannot be imported: nothing was imported.")
        elif dry_run:
            summary = _(
                "Check: %(valid)s of %(rows)s rows can be imported, %(errors)s have errors. "
                "Nothing was imported.",
                valid=valid_count,
                rows=len(rows),
                errors=len(error_rows),
            )
        elif errors and self.all_or_nothing:
            summary = _(
                "All or nothing: %(errors)s of %(rows)s rows have errors, nothing was imported.",
                errors=len(error_rows),
                rows=len(rows),
            )
        else:
            summary = _(
                "%(created)s of %(rows)s rows imported, %(errors)s with errors.",
                created=len(records),
                rows=len(rows),
                errors=len(error_rows),
            )
        field_name = "claim_ids" if self.kind == "claim" else "registration_ids"
        self.write(
            {
                # an import that kept nothing can be retried with a corrected file
                "state": "done" if records else "checked",
                "row_count": len(rows),
                "created_count": valid_count if dry_run else len(records),
                "error_count": len(error_rows),
                "summary": summary,
                field_name: [Command.set(records.ids)],
                "error_ids": [
                    Command.create({"line": line, "column": column, "message": message})
                    for line, column, message in sorted(errors, key=lambda error: error[0])
                ],
            }
        )

    # ------------------------------------------------------------------
    # Reading the file
    # ------------------------------------------------------------------
    def _read_rows(self):
        """[(line number, {column: cell})] of the file, or an ImportFileError."""
        _ = self.env._
        data = base64.b64decode(self.data_file)
        if len(data) > MAX_FILE_SIZE:
            raise ImportFileError(
                _(
                    "The file is larger than %s MB: split it into smaller files.",
                    MAX_FILE_SIZE // (1024 * 1024),
                )
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                _(
                    "The file is not UTF-8 text (byte %s cannot be read): save it as "
                    "“CSV UTF-8” and import it again.",
                    error.start + 1,
                )
            ) from None
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=self._sniff_delimiter(text))
        try:
            header = next(reader, None)
            if not header:
                raise ImportFileError(_("The file is empty."))
            columns = self._check_header(header)
            rows = []
            for cells in reader:
                if not any(cell.strip() for cell in cells):
                    continue
                if len(rows) >= MAX_ROWS:
                    raise ImportFileError(
                        _("The file has more than %s rows: split it into smaller files.", MAX_ROWS)
                    )
                rows.append((reader.line_num, dict(zip(columns, cells, strict=False))))
        except csv.Error as error:
            raise ImportFileError(
                _(
                    "The file is not a valid CSV file (line %(line)s: %(error)s).",
                    line=reader.line_num,
                    error=error,
                )
            ) from None
        if not rows:
            raise ImportFileError(_("The file has a header but no rows."))
        return rows

    def _control_character_errors(self, rows):
        """[(line, column, message)] for the cells holding a control character (a NUL byte
        would stop the database query, the others would be stored as garbage): those rows are
        left out of the look-ups and reported, the other rows are imported."""
        errors = []
        for line, cells in rows:
            for column, cell in cells.items():
                found = CONTROL_CHARACTERS.search(cell or "")
                if found:
                    errors.append(
                        (
                            line,
                            column,
                            self.env._(
                                "The %(column)s cell holds the control character U+%(code)s, "
                                "which cannot be imported: remove it from the file.",
                                column=column or self.env._("unnamed"),
                                code=f"{ord(found.group()):04X}",
                            ),
                        )
                    )
        return errors

    def _sniff_delimiter(self, text):
        """The delimiter among comma, semicolon and tab found most often in the header."""
        header = text.split("\n", 1)[0]
        return max(DELIMITERS, key=header.count)

    def _check_header(self, header):
        """The normalised column names; an error when a required column is missing."""
        columns = [re.sub(r"[\s-]+", "_", name.strip().lower()) for name in header]
        duplicates = sorted({name for name in columns if name and columns.count(name) > 1})
        if duplicates:
            raise ImportFileError(
                self.env._("These columns appear twice: %s.", ", ".join(duplicates))
            )
        required, _optional = COLUMNS[self.kind]
        missing = [name for name in required if name not in columns]
        if missing:
            raise ImportFileError(
                self.env._(
                    "Required columns are missing: %(missing)s. The file needs the columns "
                    "%(required)s.",
                    missing=", ".join(missing),
                    required=", ".join(required),
                )
            )
        return columns


class AftersalesWarrantyImportError(models.TransientModel):
    _name = "aftersales.warranty.import.error"
    _description = "Import Error"
    _order = "line, id"

    wizard_id = fields.Many2one(
        "aftersales.warranty.import", required=True, ondelete="cascade", index=True
    )
    line = fields.Integer(help="Line of the file; 0 for the file as a whole.")
    column = fields.Char()
    message = fields.Char(required=True)
