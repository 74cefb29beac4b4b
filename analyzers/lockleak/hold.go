package lockleak

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"
)

// A lock kept on purpose and recorded as kept: database/sql's Rows.Scan
// keeps rs.closemu read-locked when the caller scanned into RawBytes and
// says so in rs.closemuScanHold = true, which the next call reads to
// release it. A path that sets a boolean field of the lock's owner to true
// while holding the lock hands the release to whoever reads that flag.

// recordsHold reports whether node sets a boolean field of the value that
// owns the mutex of l (s.held = true for the lock s.mu) to true.
func recordsHold(info *types.Info, node ast.Node, l op) bool {
	as, ok := node.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return false
	}
	owner, _, found := cutLast(l.key)
	if !found {
		return false // a package-level mutex has no owner to record it in
	}
	sel, ok := ast.Unparen(as.Lhs[0]).(*ast.SelectorExpr)
	if !ok || types.ExprString(sel.X) != owner {
		return false
	}
	if t := info.TypeOf(sel); t == nil || !types.Identical(t.Underlying(), types.Typ[types.Bool]) {
		return false
	}
	tv, ok := info.Types[as.Rhs[0]]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
}

// cutLast splits "a.b.mu" into "a.b" and "mu".
func cutLast(key string) (before, after string, found bool) {
	i := strings.LastIndexByte(key, '.')
	if i < 0 {
		return key, "", false
	}
	return key[:i], key[i+1:], true
}
