from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .test_warranty_import import CLAIM_HEADER, REGISTRATION_HEADER, TODAY, WarrantyImportCase

# what differs between two claims of the same row by construction; write_uid too, which the
# ORM sets to the user who flushes the recomputed fields (here the test's superuser)
OWN_FIELDS = {
    "id",
    "name",
    "import_reference",
    "create_date",
    "write_date",
    "write_uid",
    "access_token",
}


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestHistoricClaimBulkInsert(WarrantyImportCase):
    """Historic claims are inserted in bulk: every stored field holds what create() gives."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a pro-rata share with decimals, and a failure code pointing to an exclusion
        cls.policy.prorata = "linear"
        cls.failure.exclusion_id = cls.liquid
        cls.more_units = cls.deliver(cls.product, 6, date(2025, 1, 15), "BULK")

    def prepared(self, prefix):
        serials = [unit.lot_id.name for unit in (*self.units, *self.more_units)]
        sold = self.sold.lot_id.name
        lines = [
            CLAIM_HEADER,
            f"{serials[0]},2025-06-01,2025-06-03,T-NOSTART,T-PWR,repair,done,fixed,150.333,"
            f"80.5,40,2025-06-20,{prefix}-1,Compressor <b>replaced</b>",
            f"{serials[1]},2025-07-01,,,T-NOISE,reject,rejected,,,,,,{prefix}-2,",
            f"{serials[2]},2025-08-01,,,,goodwill,done,no_fault_found,0,60.5,0,,{prefix}-3,",
            f"{serials[3]},2025-09-11,,,T-PWR,replace,done,,,,,,{prefix}-4,",
            f"{serials[4]},2025-10-01,,,,refund,done,,,,,,{prefix}-5,",
            # sold to the customer: its value is its sale line's price
            f"{sold},2026-01-01,,,T-PWR,repair,done,fixed,10,10,10,,{prefix}-6,",
            # on the day of delivery
            f"{serials[5]},2025-01-15,,,,repair,done,not_fixed,99.99,1,1,,{prefix}-7,",
        ]
        wizard = self.wizard("claim", lines)
        rows = wizard._read_rows()
        prepared = wizard._prepare_rows(rows)
        self.assertFalse([errors for _line, _vals, errors in prepared if errors])
        return [vals for _line, vals, _errors in prepared]

    def stored_values(self, claims):
        self.env.invalidate_all()
        names = [
            name
            for name, field in claims._fields.items()
            if field.store and name not in OWN_FIELDS and field.type != "one2many"
        ]
        return claims.sudo().read(names, load=None)

    def test_bulk_insert_stores_what_create_stores(self):
        model = (
            self.env["aftersales.claim"]
            .with_user(self.warranty_manager)
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .sudo()
        )
        created = model.create(self.prepared("ORM"))
        inserted = model._insert_historic_claims(self.prepared("BULK"))
        self.env.flush_all()
        expected, values = self.stored_values(created), self.stored_values(inserted)
        for row, (orm, bulk) in enumerate(zip(expected, values, strict=True), start=1):
            with self.subTest(row=row):
                orm.pop("id"), bulk.pop("id")
                differences = {name for name, value in orm.items() if bulk[name] != value}
                self.assertEqual(
                    {name: bulk[name] for name in differences},
                    {name: orm[name] for name in differences},
                )
                self.assertEqual(bulk.keys(), orm.keys())
        # the rows cover the cases the computed fields distinguish
        self.assertEqual(len(set(inserted.mapped("claim_amount"))), 7)
        self.assertTrue(0 < inserted[0].customer_share < 100)
        self.assertEqual(inserted[0].exclusion_ids, self.liquid)
        self.assertEqual(inserted[5].unit_value, 1000.0)
        self.assertEqual(inserted.create_uid, self.warranty_manager)
        self.assertTrue(all(name.startswith("WC/") for name in inserted.mapped("name")))
        self.assertEqual(len(set(inserted.mapped("name"))), 7)
        # the units' claims are found as after create()
        self.assertEqual(self.units[0].claim_ids.mapped("import_reference"), ["BULK-1", "ORM-1"])

    def test_a_constraint_fails_the_batch(self):
        """The Python constraints run on the inserted claims as after create()."""
        vals_list = self.prepared("BAD")
        vals_list[2]["failure_date"] = date(2024, 1, 1)  # before the unit was delivered
        vals_list[2]["intake_date"] = date(2024, 1, 1)
        with (
            self.assertRaisesRegex(ValidationError, "before the unit was delivered"),
            self.env.cr.savepoint(),
        ):
            self.env["aftersales.claim"].sudo()._insert_historic_claims(vals_list)
        self.assertFalse(
            self.env["aftersales.claim"].search_count([("import_reference", "like", "BAD-")])
        )

    def test_a_user_of_another_company_cannot_import_onto_our_units(self):
        """Company B's manager imports a file naming company A's serials: in B's import they
        are no units of the installed base, and A's import is refused."""
        company_b = self.env["res.company"].create({"name": "Company B (bulk imports)"})
        manager_b = new_test_user(
            self.env,
            "as_w_import_manager_b",
            groups="aftersales_warranty.group_warranty_manager,stock.group_stock_user",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        before = self.counts()
        serial = self.units[0].lot_id.name
        claims = self.wizard(
            "claim",
            [CLAIM_HEADER, f"{serial},2025-06-01,,,,repair,done,fixed,0,10,0,,B-1,"],
            user=manager_b,
        )
        self.assertEqual(claims.company_id, company_b)
        claims.action_import()
        self.assertEqual((claims.created_count, claims.error_count), (0, 1))
        self.assertEqual(claims.error_ids.column, "serial")
        self.assertIn("not a unit of the installed base", claims.error_ids.message)
        registrations = self.wizard(
            "registration",
            [REGISTRATION_HEADER, f"C-001,CH-200,{self.sold.lot_id.name},2025-12-20,,"],
            user=manager_b,
        )
        registrations.action_import()
        # a registration of company B, waiting for B's review: not matched to A's unit
        self.assertRecordValues(
            registrations.registration_ids,
            [{"company_id": company_b.id, "state": "pending", "equipment_id": False}],
        )
        self.assertFalse(self.sold.registration_date)
        with self.assertRaises(AccessError):
            self.wizard(
                "claim",
                [CLAIM_HEADER, f"{serial},2025-06-01,,,,repair,done,fixed,0,10,0,,B-2,"],
                user=manager_b,
                company_id=self.company.id,
            )
        after = self.counts()
        self.assertEqual(
            after.pop("aftersales.registration"), before.pop("aftersales.registration") + 1
        )
        self.assertEqual(after, before)
