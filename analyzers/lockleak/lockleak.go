package lockleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
)

//go:embed doc.go
var doc string

// Analyzer reports locks that some return paths leave held.
var Analyzer = &analysis.Analyzer{
	Name:     "lockleak",
	Doc:      analysisdoc.MustExtract(doc, "lockleak"),
	URL:      "https://pkg.go.dev/github.com/drillhq/drill/analyzers/lockleak",
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(n ast.Node) {
		switch fn := n.(type) {
		case *ast.FuncDecl:
			if fn.Body != nil && !handsOff(fn.Name.Name) {
				check(pass, cfgs, cfgs.FuncDecl(fn), fn.Body)
			}
		case *ast.FuncLit:
			check(pass, cfgs, cfgs.FuncLit(fn), fn.Body)
		}
	})
	return nil, nil
}

// check reports each Lock of the function whose CFG is g that a path to a
// return, or back to the same Lock, leaves held.
func check(pass *analysis.Pass, cfgs *ctrlflow.CFGs, g *cfg.CFG, body *ast.BlockStmt) {
	if g == nil {
		return
	}
	info := pass.TypesInfo
	closures := localClosures(info, body)
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for i, n := range b.Nodes {
			l, ok := acquires(info, n)
			if !ok {
				continue
			}
			released, deferred := releasedAnywhere(info, closures, g, l)
			if !released || deferred {
				// Never released here: the lock is handed to the caller on
				// purpose. Released by a defer: an Unlock-then-Lock-again
				// in the middle of the function is covered by it.
				continue
			}
			if leak := findLeak(info, closures, cfgs, b, i, l, body); leak.IsValid() {
				lock, unlock := "Lock", "Unlock"
				if l.shared {
					lock, unlock = "RLock", "RUnlock"
				}
				where := "loops back to this " + lock
				if leak != n.Pos() {
					where = fmt.Sprintf("returns at line %d", pass.Fset.Position(leak).Line)
				}
				pass.Reportf(n.Pos(), "%s.%s() is not released on every path: the function %s still holding it, and the next %s.Lock() blocks forever (defer %s.%s() right after locking)",
					l.key, lock, where, l.key, l.key, unlock)
			}
		}
	}
}

// handsOff reports whether a function's name says that it returns holding
// a lock on purpose (lockShard, acquireSlot, rlockAll) or expects its
// caller to hold it (flushLocked).
func handsOff(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasPrefix(lower, "lock") || strings.HasPrefix(lower, "rlock") ||
		strings.HasPrefix(lower, "acquire") || strings.HasSuffix(name, "Locked")
}
