package resource

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// From SSA positions back to syntax. An SSA call's position is its
// Lparen, a BinOp's or a `!`'s its operator; the innermost node around that
// one character is the expression itself.

// CallSite is a call expression and where it sits.
type CallSite struct {
	Call   *ast.CallExpr
	Parent ast.Node   // the node directly containing the call
	List   []ast.Stmt // the statement list holding Parent, if any
	Index  int        // Parent's index in List, or -1
}

// SiteAt returns the call expression whose Lparen is at pos, or nil (no
// syntax, as in generated wrappers).
func SiteAt(insp *inspector.Inspector, pos token.Pos) *CallSite {
	cur, ok := nodeAt(insp, pos)
	if !ok {
		return nil
	}
	call, ok := cur.Node().(*ast.CallExpr)
	if !ok || call.Lparen != pos {
		return nil
	}
	cs := &CallSite{Call: call, Index: -1}
	parent := cur.Parent()
	cs.Parent = parent.Node()
	if cs.Parent == nil {
		return cs
	}
	kind, i := parent.ParentEdge()
	switch g := parent.Parent().Node().(type) {
	case *ast.BlockStmt:
		if kind == edge.BlockStmt_List {
			cs.List, cs.Index = g.List, i
		}
	case *ast.CaseClause:
		if kind == edge.CaseClause_Body {
			cs.List, cs.Index = g.Body, i
		}
	case *ast.CommClause:
		if kind == edge.CommClause_Body {
			cs.List, cs.Index = g.Body, i
		}
	}
	return cs
}

// ExprAt returns the binary or unary expression whose operator is at pos,
// or the call whose Lparen is, or nil.
func ExprAt(insp *inspector.Inspector, pos token.Pos) ast.Expr {
	cur, ok := nodeAt(insp, pos)
	if !ok {
		return nil
	}
	switch n := cur.Node().(type) {
	case *ast.BinaryExpr:
		if n.OpPos == pos {
			return n
		}
	case *ast.UnaryExpr:
		if n.OpPos == pos {
			return n
		}
	case *ast.CallExpr:
		if n.Lparen == pos {
			return n
		}
	}
	return nil
}

// nodeAt returns the innermost node holding the character at pos.
func nodeAt(insp *inspector.Inspector, pos token.Pos) (inspector.Cursor, bool) {
	if !pos.IsValid() {
		return inspector.Cursor{}, false
	}
	return insp.Root().FindByPos(pos, pos+1)
}

// LHSName returns the source text of the i-th left-hand side the call is
// assigned to, or "".
func (cs *CallSite) LHSName(i int) string {
	if cs == nil {
		return ""
	}
	switch p := cs.Parent.(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && i < len(p.Lhs) {
			if id, ok := p.Lhs[i].(*ast.Ident); ok && id.Name == "_" {
				return ""
			}
			return types.ExprString(p.Lhs[i])
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && i < len(p.Names) && p.Names[i].Name != "_" {
			return p.Names[i].Name
		}
	}
	return ""
}

// Stmt returns the statement (or spec) holding the call, for positions.
func (cs *CallSite) Stmt() ast.Node {
	switch cs.Parent.(type) {
	case *ast.AssignStmt, *ast.ValueSpec, *ast.ExprStmt:
		return cs.Parent
	}
	return cs.Call
}
