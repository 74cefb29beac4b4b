package resource

import (
	"go/types"
	"sync"
	"testing"
)

// factsSrc declares helpers with the fact each should get ("" for none):
// look-alikes that close on some paths only, store the resource, or close
// what they return sit beside the positives.
const factsSrc = `package p

import (
	"context"
	"database/sql"
	"io"
	"net/http"
)

var sink *sql.Rows

func closes(rows *sql.Rows) { rows.Close() }

func closesDeferred(rows *sql.Rows) error {
	defer rows.Close()
	return rows.Err()
}

func closesSometimes(rows *sql.Rows, ok bool) {
	if ok {
		rows.Close()
	}
}

func borrows(rows *sql.Rows) int {
	n := 0
	for rows.Next() {
		n++
	}
	return n
}

func stores(rows *sql.Rows) { sink = rows }

func viaHelper(rows *sql.Rows) { closes(rows) }

func both(a, b *sql.Rows) {
	b.Close()
	_ = a.Err()
}

func closer(c io.Closer) { c.Close() }

func reads(r io.Reader) ([]byte, error) { return io.ReadAll(r) }

func finishes(tx *sql.Tx, err error) error {
	if err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func pool(db *sql.DB) { db.Close() }

func opens(ctx context.Context, db *sql.DB) (*sql.Rows, error) {
	return db.QueryContext(ctx, "q")
}

func viaOpens(ctx context.Context, db *sql.DB) (*sql.Rows, error) { return opens(ctx, db) }

func opensClosed(db *sql.DB) (*sql.Rows, error) {
	rows, err := db.Query("q")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows, nil
}

func opensStored(db *sql.DB) (*sql.Rows, error) {
	rows, err := db.Query("q")
	sink = rows
	return rows, err
}

func begins(ctx context.Context, db *sql.DB) (int, *sql.Tx, error) {
	tx, err := db.BeginTx(ctx, nil)
	return 0, tx, err
}

func fetches(c *http.Client) (*http.Response, error) { return c.Get("u") }

func closesBody(resp *http.Response) { resp.Body.Close() }
`

func TestComputeFacts(t *testing.T) {
	p := build(t, factsSrc)
	table := NewFactTable(nil)
	ComputeFacts(table, p.funcs)
	want := map[string]string{
		"closes":          "closesParam(0)",
		"closesDeferred":  "closesParam(0)",
		"closesSometimes": "",
		"borrows":         "borrowsParam(0)",
		"stores":          "",
		"viaHelper":       "closesParam(0)", // through closes' fact, a round later
		"both":            "closesParam(1) borrowsParam(0)",
		"closer":          "closesParam(0)",
		"reads":           "borrowsParam(0)",
		"finishes":        "closesParam(0)",
		"pool":            "", // a pool parameter is shared, never handed over
		"opens":           "returnsResource(0)",
		"viaOpens":        "returnsResource(0)",
		"opensClosed":     "",
		"opensStored":     "",
		"begins":          "returnsResource(1)",
		"fetches":         "returnsResource(0)",
		"closesBody":      "closesParam(0)",
	}
	for name, w := range want {
		f := table.Local[p.obj(t, name)]
		got := ""
		if !f.Empty() {
			got = f.String()
		}
		if got != w {
			t.Errorf("%s: facts %q, want %q", name, got, w)
		}
	}
	if k, ok := table.Returns(p.obj(t, "begins"), 1); !ok || k != Tx {
		t.Errorf("Returns(begins, 1) = %d, %v; want Tx", k, ok)
	}
	if _, ok := table.Returns(p.obj(t, "begins"), 0); ok {
		t.Error("Returns(begins, 0): the int result is no resource")
	}
}

// TestFactTableImport checks that facts of other packages are imported
// once and may be asked for from several analyzers at the same time.
func TestFactTableImport(t *testing.T) {
	ext := types.NewFunc(0, types.NewPackage("example.com/dep", "dep"), "Done", nil)
	other := types.NewFunc(0, types.NewPackage("example.com/dep", "dep"), "Other", nil)
	var mu sync.Mutex
	imports := 0
	table := NewFactTable(func(fn *types.Func) *FuncFacts {
		mu.Lock()
		imports++
		mu.Unlock()
		if fn == ext {
			return &FuncFacts{Closes: []int{0}}
		}
		return nil
	})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if !table.Closes(ext, 0) || table.Closes(ext, 1) || table.Borrows(ext, 0) {
				t.Error("wrong facts for dep.Done")
			}
			if table.Closes(other, 0) {
				t.Error("dep.Other has no facts")
			}
		})
	}
	wg.Wait()
	if imports != 2 {
		t.Errorf("imported %d times, want once per function (2)", imports)
	}
}
