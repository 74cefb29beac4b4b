package resource

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// The words of a leak report: what the resource is called, what holding
// it costs, and what releasing it means.

// noun is what a resource of kind k is called in a message.
func noun(k Kind) string {
	switch k {
	case Rows:
		return "rows"
	case Stmt:
		return "statement"
	case Conn:
		return "connection"
	case Tx:
		return "transaction"
	case Response:
		return "response"
	case DB:
		return "database pool"
	}
	return "resource"
}

// consequence is what leaving the resource open costs.
func consequence(src Source) string {
	switch src.Kind {
	case Rows:
		if src.InTx {
			return "the transaction's connection stays busy with the open result set"
		}
		return "the connection stays checked out of the pool"
	case Stmt:
		return "the prepared statement stays open on the database"
	case Conn:
		return "the connection is never returned to the pool"
	case Tx:
		return "the transaction keeps its connection and its locks until the database gives up on it"
	case Response:
		return "the connection cannot be reused and stays open"
	case DB:
		return "every call leaves a whole pool (connections and a goroutine) behind; open it once at startup and share it"
	}
	return "the resource leaks"
}

// subject is "rows is not closed", "tx is neither committed nor rolled
// back", "resp.Body is not closed".
func subject(k Kind, name string) string {
	switch k {
	case Tx:
		return name + " is neither committed nor rolled back"
	case Response:
		return name + ".Body is not closed"
	}
	return name + " is not closed"
}

// released says what releasing a resource of kind k means, for "it is
// never ...".
func released(k Kind) string {
	switch k {
	case Tx:
		return "committed or rolled back"
	case Response:
		return "closed (its body stays open)"
	}
	return "closed"
}

// funcName is the declared function fn belongs to, for closures too.
func funcName(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn.Name()
}

// funcEnd is the closing brace of fn, where a path falling off its end
// returns.
func funcEnd(fn *ssa.Function) token.Pos {
	switch s := fn.Syntax().(type) {
	case *ast.FuncDecl:
		if s.Body != nil {
			return s.Body.Rbrace
		}
	case *ast.FuncLit:
		return s.Body.Rbrace
	}
	return token.NoPos
}

// CalleeName returns a short name for what a call invokes, for messages.
func CalleeName(c *ssa.CallCommon) string {
	if fn := predicate.Callee(c); fn != nil {
		return fn.Name()
	}
	if f := c.StaticCallee(); f != nil {
		if f.Parent() != nil {
			return "the closure" // its SSA name, F$1, means nothing to a reader
		}
		return f.Name()
	}
	return "the call"
}
