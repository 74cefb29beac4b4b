package lockleak

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/cfg"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// The paths from a Lock: whether one of them reaches a return, or the same
// Lock again, still holding it.

// releasedAnywhere reports whether some live node of g releases l, and
// whether one of those is a defer.
func releasedAnywhere(info *types.Info, closures map[types.Object]*ast.FuncLit, g *cfg.CFG, l op) (released, deferred bool) {
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for _, n := range b.Nodes {
			if releases(info, closures, n, l) {
				released = true
				if _, ok := n.(*ast.DeferStmt); ok {
					deferred = true
				}
			}
		}
	}
	return released, deferred
}

// returnsReleaser reports whether a return statement hands back a function
// (typically the unlock: return conn, release, nil), so the lock travels
// with it to the caller.
func returnsReleaser(info *types.Info, ret *ast.ReturnStmt) bool {
	for _, r := range ret.Results {
		if t := info.TypeOf(r); t != nil {
			if _, ok := t.Underlying().(*types.Signature); ok {
				return true
			}
		}
	}
	return false
}

// findLeak walks every path from the node after b.Nodes[start] and returns
// the position of the first return reached without releasing l (the closing
// brace for a fall-through return), the lock's own position when a path
// comes back to the same Lock statement still holding it, or NoPos.
func findLeak(info *types.Info, closures map[types.Object]*ast.FuncLit, cfgs *ctrlflow.CFGs, b *cfg.Block, start int, l op, body *ast.BlockStmt) token.Pos {
	lockNode := b.Nodes[start]
	guard := guardOf(info, b, body)
	seen := map[*cfg.Block]bool{}
	var walk func(b *cfg.Block, from int) token.Pos
	walk = func(b *cfg.Block, from int) token.Pos {
		for _, n := range b.Nodes[from:] {
			if n == lockNode {
				return lockNode.Pos() // acquired again without a release in between
			}
			if releases(info, closures, n, l) || recordsHold(info, n, l) {
				return token.NoPos
			}
			if predicate.NoReturnStmt(info, cfgs, n) {
				return token.NoPos
			}
		}
		if len(b.Succs) == 0 {
			if b.Kind == cfg.KindUnreachable {
				return token.NoPos
			}
			if ret := b.Return(); ret != nil {
				if returnsReleaser(info, ret) {
					return token.NoPos
				}
				return ret.Pos()
			}
			return body.Rbrace
		}
		succs := b.Succs
		if sameGuard(info, b, guard) {
			succs = succs[:1] // the condition that took the lock still holds
		}
		for _, s := range succs {
			if seen[s] {
				continue
			}
			seen[s] = true
			if p := walk(s, 0); p.IsValid() {
				return p
			}
		}
		return token.NoPos
	}
	return walk(b, start+1)
}
