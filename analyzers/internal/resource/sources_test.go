package resource

import (
	"fmt"
	"testing"

	"golang.org/x/tools/go/ssa"
)

// sourcesSrc makes every acquiring call the engine knows, each on its own
// line with the Source expected (kind, then inTx or err=N when not the
// usual error index 1), beside look-alikes noted "-".
const sourcesSrc = `package p

import (
	"context"
	"database/sql"
	"net/http"
)

type DBTX interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	PrepareContext(ctx context.Context, q string) (*sql.Stmt, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

type PgxLike interface {
	Query(ctx context.Context, q string, args ...any) (any, error)
}

type Doer interface {
	Do(req *http.Request) (*http.Response, error)
}

type NoErrDoer interface {
	Do(req *http.Request) *http.Response
}

type Cache struct{}

func (Cache) Query(q string) (*sql.Rows, error) { return nil, nil }

func helper(db *sql.DB) (*sql.Rows, error) { return nil, nil }

func helperNoErr() *sql.Rows { return nil }

func use(ctx context.Context, db *sql.DB, tx *sql.Tx, conn *sql.Conn, st *sql.Stmt, d DBTX, p PgxLike, c Cache,
	client *http.Client, tr *http.Transport, doer Doer, nd NoErrDoer, req *http.Request) {
	db.Query("q")              // Rows
	db.QueryContext(ctx, "q")  // Rows
	db.QueryRow("q")           // -
	db.Exec("q")               // -
	db.Prepare("q")            // Stmt
	db.BeginTx(ctx, nil)       // Tx
	db.Begin()                 // Tx
	db.Conn(ctx)               // Conn
	db.Ping()                  // -
	conn.QueryContext(ctx, "q") // Rows
	conn.PrepareContext(ctx, "q") // Stmt
	conn.BeginTx(ctx, nil)     // Tx
	st.Query()                 // Rows
	st.Exec()                  // -
	tx.Query("q")              // Rows inTx
	tx.QueryContext(ctx, "q")  // Rows inTx
	tx.Prepare("q")            // -
	tx.PrepareContext(ctx, "q") // -
	tx.Stmt(st)                // -
	tx.Commit()                // -
	sql.Open("sqlite", "x")    // DB
	sql.OpenDB(nil)            // DB err=-1
	d.QueryContext(ctx, "q")   // Rows
	d.PrepareContext(ctx, "q") // Stmt
	d.QueryRowContext(ctx, "q") // -
	p.Query(ctx, "q")          // -
	c.Query("q")               // -
	http.Get("u")              // Response
	http.Post("u", "", nil)    // Response
	http.Head("u")             // -
	client.Do(req)             // Response
	client.Head("u")           // -
	tr.RoundTrip(req)          // Response
	doer.Do(req)               // Response
	nd.Do(req)                 // -
	helper(db)                 // Rows
	helperNoErr()              // Rows err=-1
}
`

func describe(src Source, ok bool) string {
	if !ok {
		return "-"
	}
	names := map[Kind]string{Rows: "Rows", Stmt: "Stmt", Conn: "Conn", Tx: "Tx", Response: "Response", DB: "DB"}
	s := names[src.Kind]
	if src.InTx {
		s += " inTx"
	}
	if src.ErrIndex != 1 {
		s += fmt.Sprintf(" err=%d", src.ErrIndex)
	}
	if src.Index != 0 {
		s += fmt.Sprintf(" index=%d", src.Index)
	}
	return s
}

func TestSourceOf(t *testing.T) {
	p := build(t, sourcesSrc)
	notes := p.lineNotes()
	// The helpers' facts say they return rows. So do facts for
	// database/sql's and net/http's own QueryRow and Head, which must not
	// count: the built-in lists are the whole truth for those packages.
	facts := fakeFacts{returns: map[string]Kind{"helper": Rows, "helperNoErr": Rows, "QueryRow": Rows, "Head": Response}}
	seen := map[int]bool{}
	for _, b := range p.fn(t, "use").Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			line := p.fset.Position(call.Pos()).Line
			want, noted := notes[line]
			if !noted {
				continue
			}
			seen[line] = true
			if got := describe(SourceOf(facts, &call.Call)); got != want {
				t.Errorf("line %d (%s): got %q, want %q", line, CalleeName(&call.Call), got, want)
			}
		}
	}
	for line := range notes {
		if !seen[line] {
			t.Errorf("line %d: no call", line)
		}
	}
	// Without facts the helpers are plain calls.
	for _, b := range p.fn(t, "use").Blocks {
		for _, in := range b.Instrs {
			if call, ok := in.(*ssa.Call); ok && CalleeName(&call.Call) == "helper" {
				if src, ok := SourceOf(nil, &call.Call); ok {
					t.Errorf("helper without facts: got source %+v", src)
				}
			}
		}
	}
}
