package resource

import (
	"go/constant"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// leaksSrc pairs each leak with the near miss that releases properly.
const leaksSrc = `package p

import (
	"database/sql"
	"errors"
	"net/http"
)

var sink *sql.Rows

func earlyReturn(db *sql.DB) error {
	rows, err := db.Query("q")
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
	}
	return rows.Close()
}

func deferredClose(db *sql.DB) error {
	rows, err := db.Query("q")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
	}
	return rows.Err()
}

func deferTooLate(db *sql.DB, ok bool) error {
	rows, err := db.Query("q")
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("not ok")
	}
	defer rows.Close()
	return nil
}

func discarded(db *sql.DB) error {
	_, err := db.Query("q")
	return err
}

func deferInLoop(db *sql.DB, ids []int) error {
	for _, id := range ids {
		rows, err := db.Query("q", id)
		if err != nil {
			return err
		}
		defer rows.Close()
	}
	return nil
}

func returned(db *sql.DB) (*sql.Rows, error) { return db.Query("q") }

func closeIt(rows *sql.Rows) { rows.Close() }

func count(rows *sql.Rows) int {
	n := 0
	for rows.Next() {
		n++
	}
	return n
}

func closedByHelper(db *sql.DB) error {
	rows, err := db.Query("q")
	if err != nil {
		return err
	}
	defer closeIt(rows)
	return nil
}

func borrowedThenDropped(db *sql.DB) error {
	rows, err := db.Query("q")
	if err != nil {
		return err
	}
	if count(rows) == 0 {
		return nil
	}
	return rows.Close()
}

func handedOn(db *sql.DB) error {
	rows, err := db.Query("q")
	if err != nil {
		return err
	}
	sink = rows
	return nil
}

func txNotRolledBack(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if _, err := tx.Exec("q"); err != nil {
		return err
	}
	return tx.Commit()
}

func txRolledBack(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("q"); err != nil {
		return err
	}
	return tx.Commit()
}

func bodyLeft(c *http.Client) (int, error) {
	resp, err := c.Get("u")
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func bodyClosed(c *http.Client) (int, error) {
	resp, err := c.Get("u")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}
`

// leakShape names how a leak was found.
func leakShape(l *Leak) string {
	switch {
	case l.Discarded:
		return "discarded"
	case l.DeferInLoop != nil:
		return "defer in loop"
	case l.Path != nil && l.Path.loop:
		return "loop"
	case l.Path != nil:
		return "path"
	}
	return "?"
}

func TestFindLeaks(t *testing.T) {
	p := build(t, leaksSrc)
	table := NewFactTable(nil)
	ComputeFacts(table, p.funcs)
	got := map[string]string{}
	for _, l := range FindLeaks(table, p.funcs) {
		got[l.Fn.Name()] = leakShape(l)
	}
	want := map[string]string{
		"earlyReturn":         "path",
		"deferTooLate":        "path",
		"discarded":           "discarded",
		"deferInLoop":         "defer in loop",
		"borrowedThenDropped": "path", // borrowing is a use, not a release
		"txNotRolledBack":     "path",
		"bodyLeft":            "path",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: leak %q, want %q", name, got[name], w)
		}
	}
	for name, g := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: unexpected leak (%s)", name, g)
		}
	}
}

// TestResultLeaks checks that each analyzer sees only its own kinds, from
// one search.
func TestResultLeaks(t *testing.T) {
	p := build(t, leaksSrc)
	table := NewFactTable(nil)
	ComputeFacts(table, p.funcs)
	res := &Result{SSA: &buildssa.SSA{Pkg: p.pkg, SrcFuncs: p.funcs}, Facts: table}
	names := func(ks KindSet) map[string]bool {
		out := map[string]bool{}
		for _, l := range res.Leaks(ks) {
			out[l.Fn.Name()] = true
		}
		return out
	}
	if got := names(KindsOf(Response)); len(got) != 1 || !got["bodyLeft"] {
		t.Errorf("Response leaks: %v, want bodyLeft only", got)
	}
	if got := names(KindsOf(Tx)); len(got) != 1 || !got["txNotRolledBack"] {
		t.Errorf("Tx leaks: %v, want txNotRolledBack only", got)
	}
	if got := names(KindsOf(Rows, Stmt, Conn, Tx, DB)); len(got) != 6 || got["bodyLeft"] {
		t.Errorf("database/sql leaks: %v, want the six of them", got)
	}
	out := &Result{SSA: &buildssa.SSA{}}
	if out.InScope() || out.Leaks(AllKinds) != nil {
		t.Error("a package out of scope has no leaks")
	}
}

// TestOpenRegion checks the region txerror searches for pool statements:
// from a successful Begin up to the release, not past it.
func TestOpenRegion(t *testing.T) {
	p := build(t, `package p

import "database/sql"

func f(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		db.Exec("failed")
		return err
	}
	db.Exec("inside")
	tx.Rollback()
	db.Exec("after")
	return nil
}
`)
	fn := p.fn(t, "f")
	var begin *ssa.Call
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if call, ok := in.(*ssa.Call); ok && CalleeName(&call.Call) == "Begin" {
				begin = call
			}
		}
	}
	src, ok := SourceOf(nil, &begin.Call)
	if !ok || src.Kind != Tx {
		t.Fatalf("db.Begin: source %+v, %v", src, ok)
	}
	var visited []string
	OpenRegion(nil, fn, begin, src, func(in ssa.Instruction) {
		if call, ok := in.(*ssa.Call); ok && CalleeName(&call.Call) == "Exec" {
			visited = append(visited, constant.StringVal(call.Call.Args[1].(*ssa.Const).Value))
		}
	})
	if !slices.Equal(visited, []string{"inside"}) {
		t.Errorf("visited %q, want only the statement between Begin and Rollback", visited)
	}
}
