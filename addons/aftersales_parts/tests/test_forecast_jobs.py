from odoo.tests import tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import PartsForecastCase
from .test_forecast_run import FADING, LUMPY, SMOOTH, SPARSE

COMPARED = (
    "method",
    "demand_class",
    "forecast",
    "history",
    "min_qty",
    "max_qty",
    "safety_stock",
    "rmsse",
    "mase",
    "bias_pct",
    "lead_time",
    "expected_service",
)


@tagged("post_install", "-at_install")
class TestForecastJobs(PartsForecastCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        series = [SMOOTH, SPARSE, LUMPY, FADING]
        cls.parts = [cls.part(f"Part {i}", "essential", delay=20 * i) for i in range(7)]
        cls.demand(
            {
                (part, warehouse): series[(i + j) % 4]
                for i, part in enumerate(cls.parts)
                for j, warehouse in enumerate((cls.wh1, cls.wh2))
                if (i + j) % 3
            }
        )

    @staticmethod
    def perform_all(trap):
        """Perform the trapped jobs and the ones they enqueue (each block enqueues the check
        that closes the run)."""
        while trap.enqueued_jobs:
            trap.perform_enqueued_jobs()

    def values(self, run):
        return {
            (line.product_tmpl_id, line.warehouse_id): tuple(line[f] for f in COMPARED)
            for line in run.line_ids
        }

    def test_blocks_run_as_jobs_give_the_lines_of_a_run_in_one_piece(self):
        whole = self.new_run(chunk_size=3)
        whole.action_run_now()
        chunked = self.new_run(chunk_size=3)
        with trap_jobs() as trap:
            chunked.action_start()
            self.assertEqual(chunked.chunk_count, 3)  # 7 parts: 3 + 3 + 1
            trap.assert_jobs_count(3)
            self.assertEqual(chunked.state, "running")
            self.assertFalse(chunked.line_ids)
            # the jobs may run in any order
            trap.enqueued_jobs.reverse()
            trap.perform_enqueued_jobs()
            self.assertEqual(chunked.progress, 100)
            self.assertEqual(chunked.state, "running")  # until the checks ran
            trap.assert_jobs_count(3, only=chunked._finish_if_complete)
            self.perform_all(trap)
        self.assertEqual(chunked.state, "done")
        self.assertEqual(chunked.progress, 100)
        self.assertEqual(len(chunked.line_ids), 9)
        self.assertEqual(self.values(chunked), self.values(whole))

    def test_a_failed_run_resumes_with_the_blocks_not_done(self):
        whole = self.new_run(chunk_size=2)
        whole.action_run_now()
        run = self.new_run(chunk_size=2)
        with trap_jobs() as trap:
            run.action_start()
            trap.assert_jobs_count(4)
            first, second = trap.enqueued_jobs[:2]
            first.perform()
            second.perform()
        self.assertEqual(run.chunk_done_count, 2)
        self.assertEqual(run.progress, 50)
        run._mark_failed()  # what a job failing for good does
        self.assertEqual(run.state, "failed")
        with trap_jobs() as trap:
            run.action_resume()
            trap.assert_jobs_count(2)
            pending = run.chunk_ids.filtered(lambda chunk: chunk.state == "pending")
            self.assertEqual({job.recordset for job in trap.enqueued_jobs}, set(pending))
            self.perform_all(trap)
        self.assertEqual(run.state, "done")
        self.assertEqual(self.values(run), self.values(whole))

    def test_a_block_computed_twice_writes_its_lines_once(self):
        run = self.new_run(chunk_size=4)
        with trap_jobs() as trap:
            run.action_start()
            job = trap.enqueued_jobs[0]
            job.perform()
            count = len(run.line_ids)
            self.assertFalse(job.recordset._compute_lines())
        self.assertEqual(len(run.line_ids), count)

    def test_resuming_does_not_enqueue_a_block_twice(self):
        run = self.new_run(chunk_size=4)
        with trap_jobs() as trap:
            run.action_start()
            run.action_resume()
            trap.assert_jobs_count(2)  # identity keys: the pending jobs are not duplicated

    def test_a_failed_job_marks_its_run_failed(self):
        run = self.new_run(chunk_size=4)
        run.action_start()  # real jobs, stored
        jobs = self.env["queue.job"].search(
            [("model_name", "=", "aftersales.forecast.run.chunk")], order="id desc", limit=2
        )
        self.assertEqual(len(jobs), 2)
        self.assertEqual({job.records.run_id for job in jobs}, {run})
        jobs[0].with_context(_job_edit_sentinel=jobs.EDIT_SENTINEL).write({"state": "failed"})
        self.assertEqual(run.state, "failed")
