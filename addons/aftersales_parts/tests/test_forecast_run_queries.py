from odoo.tests import tagged

from .common import PartsForecastCase
from .test_forecast_run import FADING, LUMPY, SMOOTH, SPARSE

#: Queries of one forecast block, whatever its number of parts: what the run's time at scale
#: rests on (scripts/bench-parts).
BLOCK_QUERIES = 42


@tagged("post_install", "-at_install")
class TestForecastRunQueries(PartsForecastCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        series = [SMOOTH, SPARSE, LUMPY, FADING]
        cls.parts = [cls.part(f"Part {i}", "essential", delay=15 * (i % 3)) for i in range(8)]
        cls.demand(
            {
                (part, warehouse): series[(i + j) % 4]
                for i, part in enumerate(cls.parts)
                for j, warehouse in enumerate((cls.wh1, cls.wh2))
                if (i + j) % 3
            }
        )

    def test_a_block_costs_the_same_queries_whatever_its_size(self):
        run = self.new_run(chunk_size=6)
        run._prepare_chunks()
        big, small = run.chunk_ids.with_context(aftersales_forecast_sync=True)
        self.assertEqual((big.part_count, small.part_count), (6, 2))
        for chunk in (big, small):
            self.env.invalidate_all()
            with self.assertQueryCount(BLOCK_QUERIES):
                self.assertTrue(chunk._compute_lines())
        self.assertEqual(run.chunk_done_count, 2)
        keys = {(part, wh) for chunk in (big, small) for part, whs in chunk.key_ids for wh in whs}
        lines = run.line_ids
        self.assertEqual(len(lines), len(keys))
        self.assertEqual({(line.product_tmpl_id.id, line.warehouse_id.id) for line in lines}, keys)
        self.assertEqual(set(lines.mapped("state")), {"proposed"})
        self.assertEqual(set(lines.mapped("run_date")), {run.date_started})
        self.assertEqual(lines.create_uid, self.planner)
        # a block done is left alone: a job run twice writes nothing more
        self.assertFalse(small._compute_lines())
        self.assertEqual(len(run.line_ids), len(keys))
