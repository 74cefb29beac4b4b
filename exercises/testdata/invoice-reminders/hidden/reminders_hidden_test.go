package reminders

import (
	"context"
	"testing"

	"drill.workspace/harness"
)

const schema = `CREATE TABLE invoices(
	id INTEGER PRIMARY KEY,
	status TEXT NOT NULL CHECK(status IN ('overdue', 'reminded', 'paid')),
	reminders INTEGER NOT NULL DEFAULT 0
);`

// seed inserts overdue invoices 1..overdue and paid invoices after them,
// and returns every id.
func seed(t *testing.T, db *harness.DB, overdue, paid int) []int64 {
	t.Helper()
	db.MustExec(t, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO invoices(id, status) SELECT i, CASE WHEN i <= ? THEN 'overdue' ELSE 'paid' END FROM n`,
		overdue+paid, overdue)
	var ids []int64
	for i := 1; i <= overdue+paid; i++ {
		ids = append(ids, int64(i))
	}
	return ids
}

func TestSummaryMatchesDatabaseWith32Workers(t *testing.T) {
	// A pool of one keeps SQLite's writers queueing in database/sql rather
	// than in busy-retry sleeps; the 32 workers still run side by side.
	db := harness.OpenDB(t, schema, harness.MaxOpenConns(1))
	ids := seed(t, db, 96, 32)

	res := SendReminders(context.Background(), db.DB, ids, 32)

	if got := db.Int(t, `SELECT COUNT(*) FROM invoices WHERE status = 'reminded'`); got != 96 {
		t.Fatalf("%d invoices reminded in the database, want 96", got)
	}
	if res.Reminded != 96 || res.Skipped != 32 || res.Failed != 0 {
		t.Fatalf("summary = %+v, want {Reminded:96 Skipped:32 Failed:0}: the database reminded 96 invoices, so the summary lost counts when workers updated it at the same time", res)
	}
	if total := res.Reminded + res.Skipped + res.Failed; total != len(ids) {
		t.Fatalf("summary accounts for %d invoices, %d were submitted", total, len(ids))
	}
}

func TestSingleWorkerCountsEachOutcome(t *testing.T) {
	db := harness.OpenDB(t, schema)
	ids := seed(t, db, 3, 2)
	ids = append(ids, 1) // a duplicate id: already reminded by the time it comes round again

	res := SendReminders(context.Background(), db.DB, ids, 1)

	if res.Reminded != 3 || res.Skipped != 3 || res.Failed != 0 {
		t.Fatalf("summary = %+v, want {Reminded:3 Skipped:3 Failed:0}", res)
	}
	if got := db.Int(t, `SELECT reminders FROM invoices WHERE id = 1`); got != 1 {
		t.Fatalf("invoice 1 reminded %d times, want once", got)
	}
	if got := db.Int(t, `SELECT COUNT(*) FROM invoices WHERE status = 'paid'`); got != 2 {
		t.Fatalf("%d paid invoices left, want 2: paid invoices must not be touched", got)
	}
}

func TestFailedUpdatesAreCounted(t *testing.T) {
	db := harness.OpenDB(t, schema)
	seed(t, db, 40, 0)
	// A long run over the 40 invoices (each id many times): with the
	// context cancelled every statement fails at once, so the 32 workers
	// update the summary back to back, without a database round trip in
	// between. An increment that is not atomic as a whole (n++, or an
	// atomic Load followed by a Store) loses counts on every run.
	ids := make([]int64, 50000)
	for i := range ids {
		ids[i] = int64(i%40 + 1)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	res := SendReminders(ctx, db.DB, ids, 32)

	if res.Failed != len(ids) || res.Reminded != 0 || res.Skipped != 0 {
		t.Fatalf("summary = %+v with a cancelled context, want {Reminded:0 Skipped:0 Failed:%d}: %d outcomes were lost when workers counted them at the same time",
			res, len(ids), len(ids)-res.Reminded-res.Skipped-res.Failed)
	}
	if got := db.Int(t, `SELECT COUNT(*) FROM invoices WHERE status = 'overdue'`); got != 40 {
		t.Fatalf("%d of 40 invoices still overdue after a cancelled run, want all 40", got)
	}
}
