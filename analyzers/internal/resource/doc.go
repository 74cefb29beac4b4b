// Package resource is drill's resource-leak engine, shared by sqlleak,
// bodyleak and txerror: which types are resources (database/sql rows,
// statements, connections, transactions and pools, and sqlx's wrappers of
// the first four, sqlx.go; net/http responses),
// which calls acquire one, and a path-sensitive SSA search that decides
// whether an acquired resource is released on every path out of a
// function.
//
// Analyzer computes, once per package, what each function does with the
// resources it is given or returns (closes, borrows, returns a fresh one)
// and exports it as a fact, so that "this helper closes its argument"
// travels across packages. Its Result hands the dependants the fact table,
// the package's SSA and, on demand, the leaks found; Report turns leaks of
// the kinds an analyzer owns into diagnostics.
//
// Two refinements narrow the search. A pool that leaks only on its
// constructor's error returns is marked with a fact (LeaksPoolOnError), and
// the leak is reported where a caller runs the constructor again after a
// failure (opener.go). A search from an acquisition guarded by `n == 0`
// tracks the sign of n along each path and drops the branches it
// contradicts (guard.go).
//
// A resource captured by a closure lives in a variable the closure shares;
// when that variable is assigned once, before every use, it stands for the
// resource, so `cleanup := func() { rows.Close() }` releases where cleanup
// is called or deferred, and leaks on a path that skips it (cells.go).
//
// Everything here errs on the side of silence: when a value flows somewhere
// the engine does not understand, it is treated as handed off, because a
// false alarm in CI costs more trust than a missed leak.
package resource
