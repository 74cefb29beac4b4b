package reminders

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// Result summarises a reminder run for finance's reconciliation report.
type Result struct {
	Reminded int // invoices moved from overdue to reminded
	Skipped  int // invoices already paid (or reminded) by the time a worker got to them
	Failed   int // invoices whose update returned an error
}

// SendReminders marks each overdue invoice in ids as reminded, using a pool
// of workers, and reports what happened to every id.
func SendReminders(ctx context.Context, db *sql.DB, ids []int64, workers int) Result {
	jobs := make(chan int64)
	var reminded, skipped, failed int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				r, err := db.ExecContext(ctx,
					`UPDATE invoices SET status = 'reminded', reminders = reminders + 1
					 WHERE id = ? AND status = 'overdue'`, id)
				if err != nil {
					atomic.StoreInt64(&failed, atomic.LoadInt64(&failed)+1)
					continue
				}
				if n, _ := r.RowsAffected(); n == 0 {
					atomic.StoreInt64(&skipped, atomic.LoadInt64(&skipped)+1)
					continue
				}
				atomic.StoreInt64(&reminded, atomic.LoadInt64(&reminded)+1)
			}
		}()
	}
	for _, id := range ids {
		jobs <- id
	}
	close(jobs)
	wg.Wait()
	return Result{Reminded: int(reminded), Skipped: int(skipped), Failed: int(failed)}
}
