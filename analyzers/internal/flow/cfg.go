package flow

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/cfg"
)

// BlockAt returns the block of g whose nodes span pos, or nil.
func BlockAt(g *cfg.CFG, pos token.Pos) *cfg.Block {
	for _, b := range g.Blocks {
		for _, n := range b.Nodes {
			if n.Pos() <= pos && pos < n.End() {
				return b
			}
		}
	}
	return nil
}

// Within reports whether inner lies inside outer's source range.
func Within(outer, inner ast.Node) bool {
	return outer.Pos() <= inner.Pos() && inner.End() <= outer.End()
}

// LoopBody returns the body of a for or range statement, or nil.
func LoopBody(loop ast.Stmt) *ast.BlockStmt {
	switch l := loop.(type) {
	case *ast.RangeStmt:
		return l.Body
	case *ast.ForStmt:
		return l.Body
	}
	return nil
}

// ContinueTarget reports whether b is where loop's next iteration starts
// (the target of continue).
func ContinueTarget(b *cfg.Block, loop ast.Stmt) bool {
	if b.Stmt != loop {
		return false
	}
	switch l := loop.(type) {
	case *ast.RangeStmt:
		return b.Kind == cfg.KindRangeLoop
	case *ast.ForStmt:
		switch {
		case l.Post != nil:
			return b.Kind == cfg.KindForPost
		case l.Cond != nil:
			return b.Kind == cfg.KindForLoop
		default:
			return b.Kind == cfg.KindForBody
		}
	}
	return false
}

// InsideBody reports whether block b belongs to the body of loop.
func InsideBody(b *cfg.Block, loop ast.Stmt, body *ast.BlockStmt) bool {
	if b.Stmt == loop {
		return b.Kind == cfg.KindRangeBody || b.Kind == cfg.KindForBody
	}
	if b.Stmt != nil {
		return Within(body, b.Stmt)
	}
	if len(b.Nodes) > 0 {
		return Within(body, b.Nodes[0])
	}
	return false
}

// PerIteration reports whether the code at pos, inside loop's body, can run
// on every iteration: from its block the next iteration is reachable without
// leaving the loop (a query followed by break or return runs at most once).
func PerIteration(g *cfg.CFG, loop ast.Stmt, pos token.Pos) bool {
	body := LoopBody(loop)
	if body == nil || pos < body.Pos() || pos >= body.End() {
		return false
	}
	start := BlockAt(g, pos)
	if start == nil || !start.Live {
		return false
	}
	seen := map[*cfg.Block]bool{start: true}
	queue := []*cfg.Block{start}
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		for _, s := range b.Succs {
			if ContinueTarget(s, loop) {
				return true
			}
			if seen[s] || !InsideBody(s, loop, body) {
				continue
			}
			seen[s] = true
			queue = append(queue, s)
		}
	}
	return false
}
