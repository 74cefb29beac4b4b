package inventory

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"drill.workspace/harness"
)

const schema = `CREATE TABLE stock(
	sku TEXT PRIMARY KEY,
	available INTEGER NOT NULL
);`

// openStock opens a PostgreSQL database (READ COMMITTED, as production
// runs) and stocks sku with n units.
func openStock(t *testing.T, sku string, n int) *harness.DB {
	t.Helper()
	db := harness.OpenDB(t, schema, harness.Postgres())
	db.MustExec(t, `INSERT INTO stock(sku, available) VALUES ($1, $2)`, sku, n)
	return db
}

// rush runs buyers concurrent Reserve(sku, qty) calls with a delay after each
// SELECT, and returns how many succeeded and every unexpected error.
func rush(t *testing.T, db *harness.DB, buyers int, sku string, qty int) (sold int64, unexpected []string) {
	t.Helper()
	db.SetReadDelay(20 * time.Millisecond)
	defer db.SetReadDelay(0)
	var ok atomic.Int64
	var mu sync.Mutex
	harness.Concurrently(buyers, func(int) {
		err := Reserve(context.Background(), db.DB, sku, qty)
		switch {
		case err == nil:
			ok.Add(1)
		case errors.Is(err, ErrOutOfStock):
		default:
			mu.Lock()
			unexpected = append(unexpected, err.Error())
			mu.Unlock()
		}
	})
	return ok.Load(), unexpected
}

func TestDropDoesNotOversell(t *testing.T) {
	db := openStock(t, "sneaker-42", 5)

	sold, unexpected := rush(t, db, 32, "sneaker-42", 1)
	left := db.Int(t, `SELECT available FROM stock WHERE sku = 'sneaker-42'`)

	if len(unexpected) > 0 {
		t.Fatalf("%d of 32 checkouts failed with an error other than ErrOutOfStock (first: %s): under load a reservation must either succeed or report out of stock", len(unexpected), unexpected[0])
	}
	if sold != 5 || left != 0 {
		t.Fatalf("32 concurrent checkouts for 5 pairs: %d reservations succeeded and %d pairs are left in stock, want 5 sold and 0 left: checkouts read the same stock level and each wrote back its own stale result, so %d customers paid for pairs that do not exist", sold, left, sold-5)
	}
}

func TestMultiUnitReservationsUnderLoad(t *testing.T) {
	db := openStock(t, "tee-m", 10)

	sold, unexpected := rush(t, db, 16, "tee-m", 3)
	left := db.Int(t, `SELECT available FROM stock WHERE sku = 'tee-m'`)

	if len(unexpected) > 0 {
		t.Fatalf("%d checkouts failed with an error other than ErrOutOfStock (first: %s)", len(unexpected), unexpected[0])
	}
	if sold != 3 || left != 1 {
		t.Fatalf("16 concurrent checkouts of 3 units from 10: %d succeeded, %d left; want 3 succeeded and 1 left (stock must never be promised twice)", sold, left)
	}
}

func TestReserveTakesUnitsAndRefusesWhatIsNotThere(t *testing.T) {
	db := openStock(t, "mug", 5)
	ctx := context.Background()

	if err := Reserve(ctx, db.DB, "mug", 3); err != nil {
		t.Fatalf("Reserve 3 of 5: %v", err)
	}
	if left := db.Int(t, `SELECT available FROM stock WHERE sku = 'mug'`); left != 2 {
		t.Fatalf("after reserving 3 of 5, available = %d, want 2", left)
	}
	if err := Reserve(ctx, db.DB, "mug", 3); !errors.Is(err, ErrOutOfStock) {
		t.Fatalf("Reserve 3 with 2 available = %v, want ErrOutOfStock", err)
	}
	if left := db.Int(t, `SELECT available FROM stock WHERE sku = 'mug'`); left != 2 {
		t.Fatalf("a refused reservation changed available to %d, want 2", left)
	}
	if err := Reserve(ctx, db.DB, "mug", 2); err != nil {
		t.Fatalf("Reserve the last 2: %v", err)
	}
	if left := db.Int(t, `SELECT available FROM stock WHERE sku = 'mug'`); left != 0 {
		t.Fatalf("after reserving the last 2, available = %d, want 0", left)
	}
}

func TestUnknownSKUIsOutOfStock(t *testing.T) {
	db := openStock(t, "mug", 5)
	err := Reserve(context.Background(), db.DB, "never-stocked", 1)
	if !errors.Is(err, ErrOutOfStock) {
		t.Fatalf("Reserve of an unknown SKU = %v, want ErrOutOfStock", err)
	}
	if left := db.Int(t, `SELECT available FROM stock WHERE sku = 'mug'`); left != 5 {
		t.Fatalf("reserving an unknown SKU changed another SKU's stock to %d", left)
	}
}

func TestDatabaseErrorsAreReturned(t *testing.T) {
	db := openStock(t, "mug", 5)
	db.MustExec(t, `DROP TABLE stock`)
	err := Reserve(context.Background(), db.DB, "mug", 1)
	if err == nil || errors.Is(err, ErrOutOfStock) {
		t.Fatalf("Reserve with the stock table missing = %v, want the database error (not ErrOutOfStock: that would hide an outage)", err)
	}
}

// The service runs as several replicas: a lock kept in process memory does
// not stop two replicas from selling the same pair.
func TestReplicasDoNotOversell(t *testing.T) {
	db := openStock(t, "sneaker-43", 6)
	db.SetReadDelay(20 * time.Millisecond)
	reports := harness.Replicas(t, db, 2, "TestReplicaCheckoutRush", map[string]string{"sku": "sneaker-43"})
	db.SetReadDelay(0)
	sold := 0
	for _, lines := range reports {
		for _, line := range lines {
			switch {
			case line == "sold":
				sold++
			case line != "out of stock":
				t.Fatalf("a checkout on one of two replicas failed with an error other than ErrOutOfStock: %s", line)
			}
		}
	}
	left := db.Int(t, `SELECT available FROM stock WHERE sku = 'sneaker-43'`)
	if sold != 6 || left != 0 {
		t.Fatalf("two replicas, 16 concurrent checkouts each, for 6 pairs: %d sold and %d left, want 6 sold and 0 left: whatever serialises the reservations must hold across processes, as the database does", sold, left)
	}
}

// TestReplicaCheckoutRush is one replica's half of TestReplicasDoNotOversell;
// on its own it has nothing to do.
func TestReplicaCheckoutRush(t *testing.T) {
	r := harness.AsReplica(t)
	if r == nil {
		return
	}
	db := r.DB(t)
	harness.Concurrently(16, func(int) {
		err := Reserve(context.Background(), db.DB, r.Arg("sku"), 1)
		switch {
		case err == nil:
			r.Report("sold")
		case errors.Is(err, ErrOutOfStock):
			r.Report("out of stock")
		default:
			r.Report(err.Error())
		}
	})
}
