package reminders

import (
	"context"
	"database/sql"
	"sync"
)

// Result summarises a reminder run for finance's reconciliation report.
type Result struct {
	Reminded int // invoices moved from overdue to reminded
	Skipped  int // invoices already paid (or reminded) by the time a worker got to them
	Failed   int // invoices whose update returned an error
}

type outcome int

const (
	reminded outcome = iota
	skipped
	failed
)

// SendReminders marks each overdue invoice in ids as reminded, using a pool
// of workers, and reports what happened to every id.
func SendReminders(ctx context.Context, db *sql.DB, ids []int64, workers int) Result {
	jobs := make(chan int64)
	// Workers report outcomes; only this goroutine touches the Result.
	outcomes := make(chan outcome, workers)
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
					outcomes <- failed
					continue
				}
				if n, _ := r.RowsAffected(); n == 0 {
					outcomes <- skipped
					continue
				}
				outcomes <- reminded
			}
		}()
	}
	go func() {
		for _, id := range ids {
			jobs <- id
		}
		close(jobs)
		wg.Wait()
		close(outcomes)
	}()
	var res Result
	for o := range outcomes {
		switch o {
		case reminded:
			res.Reminded++
		case skipped:
			res.Skipped++
		case failed:
			res.Failed++
		}
	}
	return res
}
