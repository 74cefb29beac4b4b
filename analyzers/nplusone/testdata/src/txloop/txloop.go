// Package txloop holds loops over a collection whose body begins, uses and
// commits a transaction per element: N commits, and a batch that is not
// atomic when the function gives up half-way with an error. Beside each
// is a look-alike where a transaction per iteration is the right design,
// or no transaction is begun per element at all.
package txloop

import (
	"context"
	"database/sql"
	"errors"
	"log"
	"net/http"
	"testing"

	"github.com/jmoiron/sqlx"
)

type Item struct {
	SKU string
	Qty int
}

// --- reported --------------------------------------------------------------

// ImportItems writes each item in a transaction of its own and gives up on
// the first failure: the items before it stay written.
func ImportItems(ctx context.Context, db *sql.DB, items []Item) error { // want ImportItems:"mayExec"
	for _, it := range items {
		tx, err := db.BeginTx(ctx, nil) // want `BeginTx begins a transaction once per element of items: a commit per element, and a failure half-way returns an error with the earlier elements already committed; begin one transaction before the loop and commit once after it \(or write them all in one batch statement\)`
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO items (sku, qty) VALUES (?, ?)`, it.SKU, it.Qty); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

type Entry struct {
	ID     int64
	FeedID int64
	Hash   string
}

func entryExists(tx *sql.Tx, e *Entry) (bool, error) { // want entryExists:"mayQuery"
	var ok bool
	err := tx.QueryRow(`SELECT true FROM entries WHERE feed_id = $1 AND hash = $2`, e.FeedID, e.Hash).Scan(&ok)
	return ok, err
}

func createEntry(tx *sql.Tx, e *Entry) error { // want createEntry:"mayExec"
	return tx.QueryRow(`INSERT INTO entries (feed_id, hash) VALUES ($1, $2) RETURNING id`, e.FeedID, e.Hash).Scan(&e.ID)
}

// CreateFeed hands each entry's transaction to helpers, the way a
// repository does.
func CreateFeed(db *sql.DB, feedID int64, entries []*Entry) error { // want CreateFeed:"queriesInLoop mayExec"
	for _, e := range entries {
		e.FeedID = feedID
		tx, err := db.Begin() // want `Begin begins a transaction once per element of entries`
		if err != nil {
			return err
		}
		exists, err := entryExists(tx, e)
		if err != nil {
			tx.Rollback()
			return err
		}
		if !exists {
			if err := createEntry(tx, e); err != nil {
				tx.Rollback()
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// SaveCart is a handler: a failed item answers 500 after the earlier
// items were committed.
func SaveCart(db *sql.DB, w http.ResponseWriter, items []Item) { // want SaveCart:"mayExec"
	for i := 0; i < len(items); i++ {
		tx, err := db.Begin() // want `Begin begins a transaction once per element of items`
		if err != nil {
			http.Error(w, "db", http.StatusInternalServerError)
			return
		}
		if _, err := tx.Exec(`UPDATE stock SET qty = qty - ? WHERE sku = ?`, items[i].Qty, items[i].SKU); err != nil {
			tx.Rollback()
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		tx.Commit()
	}
	w.WriteHeader(http.StatusNoContent)
}

// ArchiveRows commits once per row read.
func ArchiveRows(ctx context.Context, db *sql.DB) error { // want ArchiveRows:"mayQuery mayExec"
	rows, err := db.QueryContext(ctx, `SELECT id FROM posts WHERE old`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		tx, err := db.BeginTx(ctx, nil) // want `BeginTx begins a transaction once per row of rows: a commit per row, and a failure half-way returns an error with the earlier rows already committed`
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO archive SELECT * FROM posts WHERE id = ?`, id); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PreparedEach binds a prepared statement to each element's transaction.
func PreparedEach(ctx context.Context, db *sql.DB, ins *sql.Stmt, items []Item) error { // want PreparedEach:"mayExec"
	for _, it := range items {
		tx, err := db.BeginTx(ctx, nil) // want `BeginTx begins a transaction once per element of items`
		if err != nil {
			return err
		}
		if _, err := tx.Stmt(ins).ExecContext(ctx, it.SKU, it.Qty); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// SqlxEach uses sqlx's MustBegin and NamedExec.
func SqlxEach(db *sqlx.DB, items []Item) error { // want SqlxEach:"mayExec"
	for _, it := range items {
		tx := db.MustBegin() // want `MustBegin begins a transaction once per element of items`
		if _, err := tx.NamedExec(`INSERT INTO items (sku, qty) VALUES (:sku, :qty)`, it); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// --- the fix: one transaction around the loop -------------------------------

// ImportItemsOnce is ImportItems fixed: the loop already sits inside one
// transaction for the batch.
func ImportItemsOnce(ctx context.Context, db *sql.DB, items []Item) error { // want ImportItemsOnce:"mayExec"
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, it := range items {
		if _, err := tx.ExecContext(ctx, `INSERT INTO items (sku, qty) VALUES (?, ?)`, it.SKU, it.Qty); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// InTx runs fn in a transaction.
func InTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error { // want InTx:"invokes\\[2\\]"
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// ImportItemsInTx loops inside the callback of a transaction helper.
func ImportItemsInTx(ctx context.Context, db *sql.DB, items []Item) error { // want ImportItemsInTx:"mayExec"
	return InTx(ctx, db, func(tx *sql.Tx) error {
		for _, it := range items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO items (sku, qty) VALUES (?, ?)`, it.SKU, it.Qty); err != nil {
				return err
			}
		}
		return nil
	})
}

// --- look-alikes that stay silent -----------------------------------------

type Job struct{ ID int64 }

func nextJob(ctx context.Context, db *sql.DB) (Job, error) { // want nextJob:"mayExec"
	var j Job
	err := db.QueryRowContext(ctx, `DELETE FROM jobs WHERE id = (SELECT id FROM jobs LIMIT 1) RETURNING id`).Scan(&j.ID)
	return j, err
}

// Work takes one job per iteration and runs it in its own transaction.
func Work(ctx context.Context, db *sql.DB) error { // want Work:"mayExec"
	for {
		j, err := nextJob(ctx, db)
		if err != nil {
			return err
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO done (job) VALUES (?)`, j.ID); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
}

// Consume runs each job received from a channel in its own transaction.
func Consume(ctx context.Context, db *sql.DB, jobs <-chan Job) error { // want Consume:"mayExec"
	for j := range jobs {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO done (job) VALUES (?)`, j.ID); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// ClaimAndRun claims a batch of jobs and commits each job's outcome on
// its own.
func ClaimAndRun(ctx context.Context, db *sql.DB) error { // want ClaimAndRun:"mayExec"
	rows, err := db.QueryContext(ctx, `UPDATE jobs SET state = 'running' WHERE state = 'queued' RETURNING id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var j Job
		if err := rows.Scan(&j.ID); err != nil {
			return err
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO done (job) VALUES (?)`, j.ID); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return rows.Err()
}

var errConflict = errors.New("conflict")

// Retry runs one transaction up to three times.
func Retry(ctx context.Context, db *sql.DB, it Item) error { // want Retry:"mayExec"
	for attempt := 0; attempt < 3; attempt++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stock SET qty = qty - ? WHERE sku = ?`, it.Qty, it.SKU); err != nil {
			tx.Rollback()
			if errors.Is(err, errConflict) {
				continue
			}
			return err
		}
		return tx.Commit()
	}
	return errConflict
}

// RetryEach retries each element's transaction: the Begin's own loop is
// the retry loop, which is not a collection.
func RetryEach(ctx context.Context, db *sql.DB, items []Item) error { // want RetryEach:"mayExec"
	for _, it := range items {
		for attempt := 0; attempt < 3; attempt++ {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE stock SET qty = qty - ? WHERE sku = ?`, it.Qty, it.SKU); err != nil {
				tx.Rollback()
				return err
			}
			if err := tx.Commit(); err != nil {
				return err
			}
			break
		}
	}
	return nil
}

func render(it Item) error { return nil }

// LockEach begins a transaction per element but runs nothing of the
// element through it.
func LockEach(ctx context.Context, db *sql.DB, items []Item) error { // want LockEach:"mayExec"
	for _, it := range items {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(42)`); err != nil {
			tx.Rollback()
			return err
		}
		if err := render(it); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// Tables walks a fixed list written in the source.
func Tables(ctx context.Context, db *sql.DB) error { // want Tables:"mayExec"
	for _, t := range []string{"feeds", "entries"} {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO vacuumed (name) VALUES (?)`, t); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// LocalTables keeps the fixed list in a local variable first.
func LocalTables(ctx context.Context, db *sql.DB) error { // want LocalTables:"mayExec"
	tables := []string{"feeds", "entries"}
	for _, t := range tables {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO vacuumed (name) VALUES (?)`, t); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// GrownTables starts from a literal but appends what the caller passed:
// a collection again.
func GrownTables(ctx context.Context, db *sql.DB, more []string) error { // want GrownTables:"mayExec"
	tables := []string{"feeds"}
	tables = append(tables, more...)
	for _, t := range tables {
		tx, err := db.BeginTx(ctx, nil) // want `BeginTx begins a transaction once per element of tables`
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO vacuumed (name) VALUES (?)`, t); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// BestEffort commits each element on its own and skips the ones that fail:
// per-element isolation is the point.
func BestEffort(ctx context.Context, db *sql.DB, items []Item) { // want BestEffort:"mayExec"
	for _, it := range items {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			log.Print(err)
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO items (sku, qty) VALUES (?, ?)`, it.SKU, it.Qty); err != nil {
			tx.Rollback()
			log.Print(err)
			continue
		}
		if err := tx.Commit(); err != nil {
			log.Print(err)
		}
	}
}

// Chunked commits every batchSize items: one transaction per chunk.
func Chunked(ctx context.Context, db *sql.DB, items []Item) error { // want Chunked:"mayExec"
	const batchSize = 500
	var tx *sql.Tx
	var err error
	for i, it := range items {
		if i%batchSize == 0 {
			if tx, err = db.BeginTx(ctx, nil); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO items (sku, qty) VALUES (?, ?)`, it.SKU, it.Qty); err != nil {
			tx.Rollback()
			return err
		}
		if i%batchSize == batchSize-1 || i == len(items)-1 {
			if err := tx.Commit(); err != nil {
				return err
			}
		}
	}
	return nil
}

type Recipient struct {
	ID    int64
	Email string
}

func sendMail(addr string) error { return nil }

func deliver(tx *sql.Tx, msgID int64, r Recipient) error { // want deliver:"mayExec"
	if err := sendMail(r.Email); err != nil {
		return err
	}
	_, err := tx.Exec(`INSERT INTO deliveries (message_id, recipient_id) VALUES ($1, $2)`, msgID, r.ID)
	return err
}

// Deliver records each delivery in its own transaction: the mail is gone
// once sent, and its record must not roll back with a later failure.
func Deliver(db *sql.DB, msgID int64, rs []Recipient) error { // want Deliver:"mayExec"
	for _, r := range rs {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if err := deliver(tx, msgID, r); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

type Mailer interface{ Send(to string) error }

// DeliverVia sends through an interface between Begin and Commit.
func DeliverVia(db *sql.DB, m Mailer, msgID int64, rs []Recipient) error { // want DeliverVia:"mayExec"
	for _, r := range rs {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO deliveries (message_id, recipient_id) VALUES ($1, $2)`, msgID, r.ID); err != nil {
			tx.Rollback()
			return err
		}
		if err := m.Send(r.Email); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

type Step struct {
	Version int
	Up      func(*sql.Tx) error
}

// Migrate runs each step in its own transaction with its version row.
func Migrate(db *sql.DB, steps []Step) error { // want Migrate:"mayExec"
	for _, s := range steps {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if err := s.Up(tx); err != nil {
			tx.Rollback()
			return err
		}
		if _, err := tx.Exec(`INSERT INTO schema_migrations (version) VALUES (?)`, s.Version); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// RunScripts runs each script's text in its own transaction.
func RunScripts(db *sql.DB, scripts []string) error { // want RunScripts:"queryText\\[1\\]"
	for _, text := range scripts {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(text); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

type shard struct {
	name string
	db   *sql.DB
}

// Stamp writes a row on every shard, one transaction per database.
func Stamp(shards []shard, id int64) error { // want Stamp:"mayExec"
	for _, s := range shards {
		tx, err := s.db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO stamps (shard, id) VALUES (?, ?)`, s.name, id); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

var defaults = loadDefaults()

func loadDefaults() []Item { return nil }

var startupDB *sql.DB

// init seeds the defaults once, before anything is served.
func init() { // want init:"mayExec"
	for _, it := range defaults {
		tx, err := startupDB.Begin()
		if err != nil {
			panic(err)
		}
		if _, err := tx.Exec(`INSERT INTO items (sku, qty) VALUES (?, ?)`, it.SKU, it.Qty); err != nil {
			panic(err)
		}
		if err := tx.Commit(); err != nil {
			return
		}
	}
}

// SeedForTest is test code wherever its file lives.
func SeedForTest(t *testing.T, db *sql.DB, items []Item) error { // want SeedForTest:"mayExec"
	for _, it := range items {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO items (sku, qty) VALUES (?, ?)`, it.SKU, it.Qty); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// FirstAvailable reserves the first item in stock and stops: the
// transaction runs once, not once per element.
func FirstAvailable(ctx context.Context, db *sql.DB, items []Item) error { // want FirstAvailable:"mayExec"
	for _, it := range items {
		if it.Qty == 0 {
			continue
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stock SET reserved = reserved + 1 WHERE sku = ?`, it.SKU); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	}
	return errConflict
}

// Snapshots reads each item in a read-only transaction and commits
// nothing: no batch is left half written.
func Snapshots(ctx context.Context, db *sql.DB, items []Item) ([]int, error) { // want Snapshots:"queriesInLoop"
	var out []int
	for _, it := range items {
		tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return nil, err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT qty FROM stock WHERE sku = ?`, it.SKU).Scan(&n); err != nil {
			tx.Rollback()
			return nil, err
		}
		tx.Rollback()
		out = append(out, n)
	}
	return out, nil
}

func fetchStock(tx *sql.Tx, sku string) (int, error) { // want fetchStock:"mayQuery key\\[1\\]=sku"
	var n int
	err := tx.QueryRow(`SELECT qty FROM stock WHERE sku = ?`, sku).Scan(&n)
	return n, err
}

// Restock reads through a helper named like a network call: it runs SQL,
// so it is database work.
func Restock(db *sql.DB, items []Item) error { // want Restock:"queriesInLoop mayExec"
	for _, it := range items {
		tx, err := db.Begin() // want `Begin begins a transaction once per element of items`
		if err != nil {
			return err
		}
		n, err := fetchStock(tx, it.SKU)
		if err != nil {
			tx.Rollback()
			return err
		}
		if _, err := tx.Exec(`UPDATE stock SET qty = ? WHERE sku = ?`, n+it.Qty, it.SKU); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

type Feed struct {
	ID  int64
	URL string
}

func fetchFeed(url string) ([]byte, error) { return nil, nil }

// RefreshFeeds downloads each feed and stores it in its own transaction:
// one slow or failing feed must not hold or undo the others.
func RefreshFeeds(db *sql.DB, feeds []Feed) error { // want RefreshFeeds:"mayExec"
	for _, f := range feeds {
		body, err := fetchFeed(f.URL)
		if err != nil {
			return err
		}
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE feeds SET body = ? WHERE id = ?`, body, f.ID); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// Routes registers a handler literal that saves each item on its own.
func Routes(mux *http.ServeMux, db *sql.DB, items []Item) {
	mux.HandleFunc("/save", func(w http.ResponseWriter, r *http.Request) {
		for _, it := range items {
			tx, err := db.BeginTx(r.Context(), nil) // want `BeginTx begins a transaction once per element of items`
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			if _, err := tx.Exec(`INSERT INTO items (sku, qty) VALUES (?, ?)`, it.SKU, it.Qty); err != nil {
				tx.Rollback()
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			if err := tx.Commit(); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
		}
	})
}
