package lostupdate

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// Whether an UPDATE argument is a value computed in Go from the value a
// SELECT scanned: available-qty, max(n-1, 0), newQty (assigned from such an
// expression), or available itself after available -= qty. The value
// scanned and written back unchanged is not: that is a form being saved,
// not a counter being moved.

// varKey names a local variable or a field path below one (item.Qty).
type varKey struct {
	obj  types.Object
	path string
}

// keyOf returns the key of e: an identifier of a variable, or a chain of
// field selections on one.
func keyOf(info *types.Info, e ast.Expr) (varKey, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.ObjectOf(e).(*types.Var)
		if !ok || e.Name == "_" {
			return varKey{}, false
		}
		return varKey{obj: v}, true
	case *ast.SelectorExpr:
		if s, ok := info.Selections[e]; !ok || s.Kind() != types.FieldVal {
			return varKey{}, false
		}
		base, ok := keyOf(info, e.X)
		if !ok {
			return varKey{}, false
		}
		base.path += "." + e.Sel.Name
		return base, true
	}
	return varKey{}, false
}

// derivation follows one scanned variable from its Scan to one UPDATE.
type derivation struct {
	info     *types.Info
	read     varKey
	aliases  map[varKey]bool // plain copies of the read value
	derived  map[varKey]bool // variables holding a value computed from it
	modified bool            // the read variable itself was changed (available -= qty)
	dead     bool            // the read variable was overwritten with something else
}

// derivedArg reports whether arg, passed to the UPDATE at upd, holds a
// value computed from the variable read, scanned at scanEnd. Assignments
// are taken in source order between the two: a loop that runs them in
// another order is not followed.
func derivedArg(info *types.Info, body *ast.BlockStmt, read varKey, scanEnd, upd token.Pos, arg ast.Expr) bool {
	d := &derivation{info: info, read: read, aliases: map[varKey]bool{}, derived: map[varKey]bool{}}
	inspectOwn(body, func(n ast.Node) {
		if n.Pos() < scanEnd || n.Pos() >= upd {
			return
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			d.assign(n)
		case *ast.IncDecStmt:
			d.update(n.X, nil)
		}
	})
	return !d.dead && d.computed(arg)
}

func (d *derivation) assign(n *ast.AssignStmt) {
	if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
		for _, lhs := range n.Lhs {
			d.update(lhs, n.Rhs[0])
		}
		return
	}
	for i, lhs := range n.Lhs {
		rhs := n.Rhs[0]
		if len(n.Rhs) == len(n.Lhs) {
			rhs = n.Rhs[i]
		}
		k, ok := keyOf(d.info, lhs)
		if !ok {
			continue
		}
		computed := d.computed(rhs)
		rk, plain := keyOf(d.info, rhs)
		isCopy := plain && (rk == d.read || d.aliases[rk]) && !computed
		switch {
		case k == d.read && computed:
			d.modified = true
		case k == d.read:
			d.dead = true // overwritten: what follows is not the row's value
		case computed:
			d.derived[k] = true
		case isCopy:
			d.aliases[k] = true
		default:
			delete(d.derived, k)
			delete(d.aliases, k)
		}
	}
}

// update handles x op= rhs and x++: it changes the read value, or a copy
// of it, or adds it into another variable.
func (d *derivation) update(lhs, rhs ast.Expr) {
	k, ok := keyOf(d.info, lhs)
	if !ok {
		return
	}
	switch {
	case k == d.read:
		d.modified = true
	case d.aliases[k] || d.derived[k] || (rhs != nil && d.mentions(rhs)):
		d.derived[k] = true
	}
}

// computed reports whether e is a value computed from the read one.
func (d *derivation) computed(e ast.Expr) bool {
	e = ast.Unparen(e)
	if k, ok := keyOf(d.info, e); ok {
		return (k == d.read && d.modified) || d.derived[k]
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		return arithmetic(e.Op) && d.mentions(e)
	case *ast.UnaryExpr:
		return (e.Op == token.SUB || e.Op == token.XOR) && d.mentions(e.X)
	case *ast.CallExpr:
		if tv, ok := d.info.Types[e.Fun]; ok && tv.IsType() {
			return len(e.Args) == 1 && d.computed(e.Args[0]) // a conversion
		}
		if predicate.IsBuiltin(d.info, e, "len") || predicate.IsBuiltin(d.info, e, "cap") {
			return false
		}
		// A function of the read value: max(n-1, 0), clamp(n).
		if slices.ContainsFunc(e.Args, d.mentions) {
			return true
		}
	}
	return false
}

// mentions reports whether e uses the read variable, a copy of it or a
// value computed from it.
func (d *derivation) mentions(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		x, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		if k, isVar := keyOf(d.info, x); isVar && (k == d.read || d.aliases[k] || d.derived[k]) {
			found = true
		}
		return !found
	})
	return found
}

func arithmetic(op token.Token) bool {
	switch op {
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM,
		token.AND, token.OR, token.XOR, token.AND_NOT, token.SHL, token.SHR:
		return true
	}
	return false
}

// numeric reports whether t is a number: the quantities and balances this
// bug moves. Strings, JSON and times read and written back are records
// being edited, a different and mostly deliberate pattern.
func numeric(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsNumeric != 0
}
