package nplusone

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/drillhq/drill/analyzers/internal/flow"
	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// varying returns the variables whose value changes from one iteration of
// loop to the next: the range variables, the loop's own index, and every
// variable declared, assigned or address-taken (rows.Scan(&id)) in the body.
func varying(info *types.Info, loop inspector.Cursor) map[types.Object]bool {
	v := map[types.Object]bool{}
	addIdent := func(e ast.Expr) {
		if id := predicate.Ident(e); id != nil {
			if obj := info.ObjectOf(id); obj != nil {
				v[obj] = true
			}
		}
	}
	stmt := loop.Node().(ast.Stmt)
	switch l := stmt.(type) {
	case *ast.RangeStmt:
		if l.Key != nil {
			addIdent(l.Key)
		}
		if l.Value != nil {
			addIdent(l.Value)
		}
	case *ast.ForStmt:
		if as, ok := l.Init.(*ast.AssignStmt); ok {
			for _, lhs := range as.Lhs {
				addIdent(lhs)
			}
		}
	}
	body := loop.Child(flow.LoopBody(stmt))
	for cur := range body.Preorder((*ast.Ident)(nil), (*ast.AssignStmt)(nil), (*ast.IncDecStmt)(nil), (*ast.RangeStmt)(nil), (*ast.UnaryExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.Ident:
			if obj, ok := info.Defs[n].(*types.Var); ok {
				v[obj] = true
			}
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				addIdent(rootOf(lhs))
			}
		case *ast.IncDecStmt:
			addIdent(rootOf(n.X))
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				if n.Key != nil {
					addIdent(n.Key)
				}
				if n.Value != nil {
					addIdent(n.Value)
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				addIdent(rootOf(n.X))
			}
		}
	}
	return v
}

// rootOf returns the variable expression an lvalue is part of: p for
// p.Name, xs[i] and *p.
func rootOf(e ast.Expr) ast.Expr {
	switch x := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		return rootOf(x.X)
	case *ast.IndexExpr:
		return rootOf(x.X)
	case *ast.StarExpr:
		return rootOf(x.X)
	}
	return e
}
