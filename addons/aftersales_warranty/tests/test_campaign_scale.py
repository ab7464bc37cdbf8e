from odoo.tests import tagged

from .campaign_common import CampaignCase

UNITS = 100_000


@tagged("post_install", "-at_install")
class TestCampaignScale(CampaignCase):
    """Listing the affected units costs the same queries for 100 units and for 100,000."""

    @classmethod
    def bulk_install(cls, count, prefix):
        """`count` units written by SQL (the ORM would take many minutes), with the stored
        fields the ORM would set: the unit's name, its owner's country."""
        cr = cls.env.cr
        cls.env.flush_all()
        params = {
            "prefix": prefix,
            "n": count,
            "product": cls.product.id,
            "company": cls.env.company.id,
            "uid": cls.env.uid,
            "owner": cls.customer.id,
            "country": cls.vietnam.id,
        }
        cr.execute(
            """
            INSERT INTO stock_lot (name, product_id, company_id, create_uid, write_uid,
                                   create_date, write_date)
            SELECT %(prefix)s || lpad(g::text, 6, '0'), %(product)s, %(company)s, %(uid)s,
                   %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM generate_series(1, %(n)s) g
            """,
            params,
        )
        cr.execute(
            """
            INSERT INTO aftersales_equipment (name, product_id, lot_id, company_id, partner_id,
                                              country_id, delivery_date, state, active,
                                              create_uid, write_uid, create_date, write_date)
            SELECT 'Chiller [' || lot.name || ']', %(product)s, lot.id, %(company)s, %(owner)s,
                   %(country)s, DATE '2026-01-01' + (lot.id %% 180), 'in_service', true,
                   %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM stock_lot lot
             WHERE lot.name LIKE %(prefix)s || '%%' AND lot.product_id = %(product)s
            """,
            params,
        )
        # the statistics autovacuum keeps in a live database: without them the planner of this
        # never-committed transaction takes both new tables for empty ones
        cr.execute("ANALYZE stock_lot, aftersales_equipment")
        cls.env.invalidate_all()

    def count_queries(self, campaign):
        campaign.invalidate_recordset()
        with self.assertQueryCount(__system__=13):
            campaign.action_compute_units()
        return self.env["aftersales.campaign.unit"].search_count(
            [("campaign_id", "=", campaign.id)]
        )

    def test_listing_affected_units_takes_a_fixed_number_of_queries(self):
        self.bulk_install(100, "SMALL-")
        small = self.make_campaign(serial_from="SMALL-", serial_to="SMALL-999999")
        self.assertEqual(self.count_queries(small), 100)
        self.bulk_install(UNITS, "BIG-")
        big = self.make_campaign(serial_from="BIG-", serial_to="BIG-999999")
        self.assertEqual(self.count_queries(big), UNITS)
