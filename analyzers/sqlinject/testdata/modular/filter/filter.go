// Package filter compiles a filter expression into a WHERE fragment with
// placeholders: the module's own builder.
package filter

import (
	"net/http"
	"strings"
)

type Statement struct {
	SQL  string
	Args []any
}

// Compile turns "tag:a tag:b" into a condition; the values are arguments.
func Compile(expr string) (Statement, error) {
	var conds []string
	var args []any
	for _, t := range strings.Fields(expr) {
		conds = append(conds, "tag = ?")
		args = append(args, strings.TrimPrefix(t, "tag:"))
	}
	return Statement{SQL: strings.Join(conds, " OR "), Args: args}, nil
}

// AppendConditions appends the compiled condition to where and args.
func AppendConditions(expr string, where *[]string, args *[]any) error {
	st, err := Compile(expr)
	if err != nil {
		return err
	}
	*where = append(*where, "("+st.SQL+")")
	*args = append(*args, st.Args...)
	return nil
}

// SortParam reads the sort order out of the request: a source, whatever
// package it lives in.
func SortParam(r *http.Request) string { return r.URL.Query().Get("sort") }

// Params wraps the request, as web frameworks' contexts do.
type Params struct{ R *http.Request }

func (p Params) Get(name string) string { return p.R.FormValue(name) }
