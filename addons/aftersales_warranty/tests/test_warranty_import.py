import base64
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.aftersales_warranty.wizards import aftersales_warranty_import

from .common import WarrantyCase

TODAY = "2026-01-01"
REGISTRATION_HEADER = "customer,product,serial,purchase_date,seller,registration_date"
CLAIM_HEADER = (
    "serial,failure_date,intake_date,symptom,failure_code,decision,state,outcome,"
    "parts_cost,labour_cost,travel_cost,done_date,reference,description"
)


class WarrantyImportCase(WarrantyCase):
    """Customers and products findable by reference, and units delivered a year ago."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.ref = "C-001"
        cls.other_customer.email = "Desk@Seaside.test"
        cls.product.default_code = "CH-200"
        cls.symptom = cls.env["aftersales.claim.symptom"].create(
            {"code": "T-NOSTART", "name": "Does not start"}
        )
        cls.sold = cls.sell()  # delivered today to the customer
        cls.units = cls.deliver(cls.product, 5, date(2025, 1, 15), "OLD")

    def assert_lookups_batched(self, wizard, row_cells):
        """Preparing 20 rows takes as many queries as 2: `row_cells(n)` gives row n's cells."""

        def queries(count):
            rows = [(n + 2, row_cells(n)) for n in range(count)]
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            prepared = wizard._prepare_rows(rows)
            self.assertFalse([errors for _line, _vals, errors in prepared if errors])
            return self.env.cr.sql_log_count - start

        queries(2)  # caches of access rules and groups
        self.assertEqual(queries(20), queries(2))

    def wizard(self, kind, lines, user=None, encoding="utf-8", **values):
        content = "\n".join(lines) if isinstance(lines, list) else lines
        return (
            self.env["aftersales.warranty.import"]
            .with_user(user or (self.warranty_manager if kind == "claim" else self.warranty_user))
            .create(
                {
                    "kind": kind,
                    "data_file": base64.b64encode(content.encode(encoding)),
                    "filename": "import.csv",
                    **values,
                }
            )
        )

    def errors(self, wizard):
        return [(error.line, error.column, error.message) for error in wizard.error_ids]

    def counts(self):
        return {
            model: self.env[model].search_count([])
            for model in (
                "stock.lot",
                "aftersales.equipment",
                "aftersales.registration",
                "aftersales.claim",
                "aftersales.claim.part",
                "stock.picking",
                "repair.order",
                "account.move",
            )
        }


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestRegistrationImport(WarrantyImportCase):
    def test_registrations_matched_or_pending(self):
        wizard = self.wizard(
            "registration",
            [
                REGISTRATION_HEADER,
                f"C-001,CH-200,{self.sold.lot_id.name},2025-12-20,Cool Shop,",
                "desk@seaside.test,Chiller CH-200,ELSEWHERE-1,2025-11-02,,2025-11-05",
            ],
        )
        wizard.action_import()
        self.assertEqual((wizard.state, wizard.created_count, wizard.error_count), ("done", 2, 0))
        matched, pending = wizard.registration_ids.sorted("serial")
        if matched.state != "matched":
            matched, pending = pending, matched
        # our serial, delivered to this customer: matched to its unit at once
        self.assertEqual(matched.state, "matched")
        self.assertEqual(matched.equipment_id, self.sold)
        self.assertEqual(matched.partner_id, self.customer)
        self.assertEqual(matched.seller, "Cool Shop")
        self.assertEqual(matched.registration_date, date(2026, 1, 1))
        self.assertEqual(self.sold.registration_date, date(2026, 1, 1))
        # a serial bought elsewhere, customer found by email: waits for review
        self.assertEqual(pending.state, "pending")
        self.assertEqual(pending.partner_id, self.other_customer)
        self.assertEqual(pending.registration_date, date(2025, 11, 5))
        self.assertFalse(pending.equipment_id)
        action = wizard.action_open_records()
        self.assertEqual(action["res_model"], "aftersales.registration")
        self.assertEqual(action["domain"], [("id", "in", wizard.registration_ids.ids)])

    def test_template_and_form(self):
        wizard = self.env["aftersales.warranty.import"].with_user(self.warranty_user).create({})
        action = wizard.action_download_template()
        self.assertEqual(action["type"], "ir.actions.act_url")
        template = base64.b64decode(wizard.template_file).decode().splitlines()
        self.assertEqual(template[0], REGISTRATION_HEADER)
        # the example row of the template (product CH-200) is valid but for its customer
        wizard.data_file = wizard.template_file
        wizard.action_check()
        self.assertEqual(wizard.error_ids.mapped("column"), ["customer"])
        self.assertIn("CUST-0042", wizard.error_ids.message)
        # a warranty user's form has no choice of kind but still knows it
        arch = wizard.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="kind"', arch)
        self.assertNotIn('widget="radio"', arch)

    def test_semicolons_bom_and_header_case(self):
        content = (
            "\ufeffCustomer;PRODUCT;Serial;Purchase Date\n"
            f"Dental Clinic;CH-200;{self.sold.lot_id.name};2025-12-20\n"
        )
        wizard = self.wizard("registration", content)
        wizard.action_import()
        self.assertEqual(self.errors(wizard), [])
        self.assertEqual(wizard.registration_ids.state, "matched")

    def test_bad_row_among_good_rows_leaves_nothing(self):
        before = self.counts()
        wizard = self.wizard(
            "registration",
            [
                REGISTRATION_HEADER,
                "C-001,CH-200,GOOD-1,2025-12-20,,",
                "C-001,NO-SUCH-PRODUCT,BAD-1,2025-12-20,,",
                "C-001,CH-200,BAD-2,20/12/2025,,",
                "Nobody,CH-200,BAD-3,2025-12-20,,",
                ",CH-200,BAD-4,2025-12-20,,",
                "C-001,CH-200,GOOD-2,2025-12-21,,",
            ],
        )
        wizard.action_import()
        self.assertEqual((wizard.row_count, wizard.created_count, wizard.error_count), (6, 2, 4))
        self.assertEqual(wizard.registration_ids.mapped("serial"), ["GOOD-1", "GOOD-2"])
        errors = self.errors(wizard)
        self.assertEqual(
            [(line, column) for line, column, _message in errors],
            [(3, "product"), (4, "purchase_date"), (5, "customer"), (6, "customer")],
        )
        self.assertIn("NO-SUCH-PRODUCT", errors[0][2])
        self.assertIn("YYYY-MM-DD", errors[1][2])
        self.assertIn("Nobody", errors[2][2])
        self.assertIn("empty", errors[3][2])
        after = self.counts()
        self.assertEqual(
            after.pop("aftersales.registration"), before.pop("aftersales.registration") + 2
        )
        self.assertEqual(after, before)

    def test_reimport_and_duplicate_rows_are_errors(self):
        lines = [
            REGISTRATION_HEADER,
            "C-001,CH-200,TWICE-1,2025-12-20,,",
            "C-001,CH-200,TWICE-2,2025-12-20,,",
            "C-001,CH-200,TWICE-2,2025-12-20,,",
        ]
        first = self.wizard("registration", lines)
        first.action_import()
        self.assertEqual((first.created_count, first.error_count), (2, 1))
        self.assertIn("line 3", first.error_ids.message)
        second = self.wizard("registration", lines)
        second.action_import()
        self.assertEqual((second.created_count, second.error_count), (0, 3))
        self.assertIn("already registered", second.error_ids[0].message)
        self.assertEqual(
            self.env["aftersales.registration"].search_count([("serial", "like", "TWICE-")]), 2
        )

    def test_check_creates_nothing(self):
        before = self.counts()
        lines = [
            REGISTRATION_HEADER,
            f"C-001,CH-200,{self.sold.lot_id.name},2025-12-20,,",
            "C-001,CH-200,CHECKED-1,2025-12-20,,",
            "C-001,CH-200,CHECKED-2,2099-12-20,,",
        ]
        wizard = self.wizard("registration", lines)
        wizard.action_check()
        self.assertEqual(
            (wizard.state, wizard.created_count, wizard.error_count), ("checked", 2, 1)
        )
        self.assertEqual(self.errors(wizard)[0][:2], (4, "purchase_date"))
        self.assertIn("Nothing was imported", wizard.summary)
        self.assertFalse(wizard.registration_ids)
        self.assertEqual(self.counts(), before)
        self.assertFalse(self.sold.registration_date)
        # the same wizard then imports the valid rows
        wizard.action_import()
        self.assertEqual((wizard.state, wizard.created_count), ("done", 2))

    def test_all_or_nothing(self):
        before = self.counts()
        wizard = self.wizard(
            "registration",
            [
                REGISTRATION_HEADER,
                "C-001,CH-200,ALL-1,2025-12-20,,",
                "C-001,CH-200,ALL-2,not a date,,",
            ],
            all_or_nothing=True,
        )
        wizard.action_import()
        self.assertEqual((wizard.created_count, wizard.error_count), (0, 1))
        self.assertEqual(wizard.state, "checked")
        self.assertIn("nothing was imported", wizard.summary)
        self.assertEqual(self.counts(), before)

    def test_file_errors(self):
        before = self.counts()
        missing = self.wizard("registration", ["customer,serial", "C-001,X-1"])
        missing.action_import()
        self.assertEqual(self.errors(missing)[0][0], 0)
        self.assertIn("product, purchase_date", missing.error_ids.message)
        latin = self.wizard(
            "registration",
            [REGISTRATION_HEADER, "Clinique Émile,CH-200,X-2,2025-12-20,,"],
            encoding="latin-1",
        )
        latin.action_import()
        self.assertIn("not UTF-8", latin.error_ids.message)
        empty = self.wizard("registration", [REGISTRATION_HEADER])
        empty.action_import()
        self.assertIn("no rows", empty.error_ids.message)
        with patch.object(aftersales_warranty_import, "MAX_ROWS", 2):
            large = self.wizard(
                "registration",
                [REGISTRATION_HEADER] + [f"C-001,CH-200,BIG-{n},2025-12-20,," for n in range(3)],
            )
            large.action_import()
        self.assertIn("more than 2 rows", large.error_ids.message)
        with patch.object(aftersales_warranty_import, "MAX_FILE_SIZE", 50):
            heavy = self.wizard("registration", [REGISTRATION_HEADER, "C-001,CH-200,H,2025-12-20"])
            heavy.action_import()
        self.assertIn("larger than", heavy.error_ids.message)
        self.assertEqual(self.counts(), before)

    def test_ambiguous_customer(self):
        self.env["res.partner"].create({"name": "Twin Bakery", "is_company": True})
        self.env["res.partner"].create({"name": "Twin Bakery", "is_company": True})
        wizard = self.wizard(
            "registration", [REGISTRATION_HEADER, "Twin Bakery,CH-200,TWIN-1,2025-12-20,,"]
        )
        wizard.action_import()
        self.assertEqual(wizard.created_count, 0)
        self.assertIn("Several customers", wizard.error_ids.message)

    def test_lookups_batched_per_file(self):
        customers = self.env["res.partner"].create(
            [{"name": f"Shop {n}", "ref": f"SHOP-{n}", "is_company": True} for n in range(20)]
        )
        wizard = self.wizard("registration", [REGISTRATION_HEADER, "C-001,CH-200,Q,2025-12-20,,"])
        self.assert_lookups_batched(
            wizard,
            lambda n: {
                "customer": customers[n].ref,
                "product": "CH-200" if n % 2 else "Chiller CH-200",
                "serial": f"Q-{n}",
                "purchase_date": "2025-12-20",
            },
        )


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestHistoricClaimImport(WarrantyImportCase):
    def claim_lines(self):
        one, two, three = (unit.lot_id.name for unit in self.units[:3])
        return [
            CLAIM_HEADER,
            f"{one},2025-06-01,2025-06-03,T-NOSTART,T-PWR,repair,done,fixed,150,80,40,"
            "2025-06-20,OLD-1,Compressor replaced",
            f"{two},2025-07-01,,,T-NOISE,reject,rejected,,,,,,OLD-2,",
            f"{three},2025-08-01,,,,goodwill,done,no_fault_found,0,60.5,0,,OLD-3,",
        ]

    def test_historic_claims_closed_without_documents_or_mail(self):
        before = self.counts()
        mails = self.env["mail.mail"].sudo().search_count([])
        wizard = self.wizard("claim", self.claim_lines())
        wizard.action_import()
        self.assertEqual(self.errors(wizard), [])
        self.assertEqual(wizard.created_count, 3)
        repaired, rejected, goodwill = wizard.claim_ids.sorted("import_reference")
        self.assertRecordValues(
            repaired,
            [
                {
                    "state": "done",
                    "decision": "repair",
                    "outcome": "fixed",
                    "equipment_id": self.units[0].id,
                    "partner_id": self.customer.id,
                    "failure_date": date(2025, 6, 1),
                    "intake_date": date(2025, 6, 3),
                    "done_date": date(2025, 6, 20),
                    "symptom_id": self.symptom.id,
                    "failure_code_id": self.failure.id,
                    "import_reference": "OLD-1",
                    # the imported parts cost is the parts cost, without a part line
                    "parts_cost": 150.0,
                    "labour_cost": 80.0,
                    "travel_cost": 40.0,
                    # cover on the failure date: parts and labour 100 %, travel 50 %
                    "covered_total": 250.0,
                    "claim_amount": 250.0,
                }
            ],
        )
        self.assertTrue(repaired.warranty_id)
        self.assertFalse(repaired.part_ids)
        self.assertIn("Compressor replaced", repaired.description)
        self.assertTrue(repaired.name.startswith("WC/"))
        self.assertRecordValues(
            rejected,
            [{"state": "rejected", "decision": "reject", "claim_amount": 0.0, "outcome": False}],
        )
        self.assertRecordValues(
            goodwill, [{"state": "done", "decision": "goodwill", "outcome": "no_fault_found"}]
        )
        # no approval, document or customer mail
        self.assertFalse(wizard.claim_ids.review_ids)
        self.assertFalse(wizard.claim_ids.mapped("submitted_by_id"))
        after = self.counts()
        self.assertEqual(after.pop("aftersales.claim"), before.pop("aftersales.claim") + 3)
        self.assertEqual(after, before)
        self.assertEqual(self.env["mail.mail"].sudo().search_count([]), mails)
        self.assertFalse(
            self.env["mail.message"].search_count(
                [("model", "=", "aftersales.claim"), ("res_id", "in", wizard.claim_ids.ids)]
            )
        )
        # the claim analytics count them, costs split into warranty and goodwill
        self.env.flush_all()
        analysis = {
            row.claim_id: row
            for row in self.env["aftersales.claim.analysis"]
            .with_user(self.warranty_manager)
            .search([("claim_id", "in", wizard.claim_ids.ids)])
        }
        self.assertEqual(len(analysis), 3)
        self.assertEqual(analysis[repaired].state, "done")
        self.assertEqual(analysis[repaired].covered_parts, 150.0)
        self.assertEqual(analysis[repaired].warranty_cost, 250.0)
        self.assertEqual(analysis[rejected].state, "rejected")
        self.assertEqual(analysis[goodwill].goodwill_cost, 60.5)
        self.assertEqual(analysis[goodwill].warranty_cost, 0.0)
        self.assertEqual(analysis[goodwill].nff_count, 1)

    def test_bad_rows_among_good_rows_leave_nothing(self):
        before = self.counts()
        one, two = (unit.lot_id.name for unit in self.units[:2])
        wizard = self.wizard(
            "claim",
            [
                CLAIM_HEADER,
                f"{one},2025-06-01,,,,repair,done,fixed,10,20,0,,B-1,",
                # fails on creation: before the unit was delivered
                f"{two},2024-06-01,,,,repair,done,fixed,10,20,0,,B-2,",
                f"{two},2025-06-01,,,,repair,done,fixed,-5,abc,0,,B-3,",
                f"{two},2025-06-01,,,,repair,open,,0,0,0,,B-4,",
                "NOT-A-UNIT,2025-06-01,,,NO-CODE,fix it,done,,0,0,0,,B-5,",
                f"{two},2025-06-01,,,,replace,done,fixed,0,0,0,,B-6,",
            ],
        )
        with patch.object(aftersales_warranty_import, "BATCH_SIZE", 2):  # batches of 2 rows
            wizard.action_import()
        self.assertEqual((wizard.created_count, wizard.error_count), (2, 4))
        self.assertEqual(wizard.claim_ids.mapped("import_reference"), ["B-1", "B-6"])
        errors = self.errors(wizard)
        by_line = {}
        for line, column, message in errors:
            by_line.setdefault(line, []).append((column, message))
        self.assertEqual(sorted(by_line), [3, 4, 5, 6])
        self.assertIn("before the unit was delivered", by_line[3][0][1])
        self.assertEqual([column for column, _m in by_line[4]], ["parts_cost", "labour_cost"])
        self.assertIn("negative", by_line[4][0][1])
        self.assertIn("not an amount", by_line[4][1][1])
        self.assertIn("done, rejected", by_line[5][0][1])
        self.assertEqual(
            sorted(column for column, _m in by_line[6]), ["decision", "failure_code", "serial"]
        )
        after = self.counts()
        self.assertEqual(after.pop("aftersales.claim"), before.pop("aftersales.claim") + 2)
        self.assertEqual(after, before)

    def test_check_all_or_nothing_and_reimport(self):
        before = self.counts()
        checked = self.wizard("claim", self.claim_lines())
        checked.action_check()
        self.assertEqual((checked.created_count, checked.error_count), (3, 0))
        self.assertEqual(self.counts(), before)
        all_or_nothing = self.wizard(
            "claim",
            [*self.claim_lines(), f"{self.units[3].lot_id.name},2025-13-01,,,,repair,done,,,,,,,"],
            all_or_nothing=True,
        )
        all_or_nothing.action_import()
        self.assertEqual((all_or_nothing.created_count, all_or_nothing.error_count), (0, 1))
        self.assertIn("YYYY-MM-DD", all_or_nothing.error_ids.message)
        self.assertEqual(self.counts(), before)
        first = self.wizard("claim", self.claim_lines())
        first.action_import()
        self.assertEqual(first.created_count, 3)
        again = self.wizard("claim", self.claim_lines())
        again.action_import()
        self.assertEqual((again.created_count, again.error_count), (0, 3))
        self.assertIn("imported already", again.error_ids[0].message)
        self.assertEqual(
            self.env["aftersales.claim"].search_count([("import_reference", "like", "OLD-")]), 3
        )

    def test_only_managers_import_claims(self):
        before = self.counts()
        wizard = self.wizard("claim", self.claim_lines(), user=self.warranty_user)
        with self.assertRaises(AccessError):
            wizard.action_check()
        with self.assertRaises(AccessError):
            wizard.action_import()
        self.assertEqual(self.counts(), before)
        # registrations are for warranty users
        self.wizard(
            "registration", [REGISTRATION_HEADER, "C-001,CH-200,U-1,2025-12-20,,"]
        ).action_import()
        self.assertEqual(
            self.env["aftersales.registration"].search_count([("serial", "=", "U-1")]), 1
        )

    def test_lookups_batched_per_file(self):
        units = self.deliver(self.product, 20, date(2025, 1, 15), "Q")
        wizard = self.wizard("claim", self.claim_lines())
        self.assert_lookups_batched(
            wizard,
            lambda n: {
                "serial": units[n].lot_id.name,
                "failure_date": "2025-06-01",
                "failure_code": "T-PWR" if n % 2 else "T-NOISE",
                "symptom": "T-NOSTART",
                "decision": "repair",
                "state": "done",
                "reference": f"Q-{n}",
            },
        )
