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

// SendReminders marks each overdue invoice in ids as reminded, using a pool
// of workers, and reports what happened to every id.
func SendReminders(ctx context.Context, db *sql.DB, ids []int64, workers int) Result {
	jobs := make(chan int64)
	var (
		mu  sync.Mutex // guards res: every worker updates it
		res Result
	)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				r, err := db.ExecContext(ctx,
					`UPDATE invoices SET status = 'reminded', reminders = reminders + 1
					 WHERE id = ? AND status = 'overdue'`, id)
				mu.Lock()
				switch n, _ := rowsAffected(r, err); {
				case err != nil:
					res.Failed++
				case n == 0:
					res.Skipped++
				default:
					res.Reminded++
				}
				mu.Unlock()
			}
		}()
	}
	for _, id := range ids {
		jobs <- id
	}
	close(jobs)
	wg.Wait()
	return res
}

func rowsAffected(r sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}
