// Package predicate answers the type, SSA and syntax questions every drill
// analyzer asks: is this type *database/sql.Rows, is this function
// (*sql.Tx).Commit, which function does this call invoke, is this file a
// test. Each question has exactly one answer here, so two analyzers cannot
// disagree about what a *sql.Rows is.
//
// The type predicates follow the shape of x/tools' typesinternal:
// IsTypeNamed, IsPointerToNamed, IsFunctionNamed and IsMethodNamed take a
// package path and one or more names, look through aliases, and are exact
// about pointers (a caller that accepts both T and *T says so with
// Unpointer).
package predicate
