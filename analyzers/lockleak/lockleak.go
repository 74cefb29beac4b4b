package lockleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

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

// op is a lock operation found as a statement: X.Lock(), X.RLock(),
// X.Unlock(), X.RUnlock(), possibly deferred.
type op struct {
	key     string // the mutex expression, e.g. "h.mu"
	shared  bool   // RLock / RUnlock
	acquire bool
}

// mutexOp recognises a call of a sync.Mutex or sync.RWMutex method (also
// promoted through an embedded field) and returns what it does.
func mutexOp(info *types.Info, call *ast.CallExpr) (op, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return op{}, false
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return op{}, false
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return op{}, false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	if !ok || (named.Obj().Name() != "Mutex" && named.Obj().Name() != "RWMutex") {
		return op{}, false
	}
	key := types.ExprString(sel.X)
	switch fn.Name() {
	case "Lock":
		return op{key: key, acquire: true}, true
	case "RLock":
		return op{key: key, shared: true, acquire: true}, true
	case "Unlock":
		return op{key: key}, true
	case "RUnlock":
		return op{key: key, shared: true}, true
	}
	return op{}, false
}

// releases reports whether node releases lock l: an X.Unlock() statement,
// defer X.Unlock(), a deferred function literal that calls it, or a call
// anywhere in the statement of a local closure that does (cleanup := func()
// { mu.Unlock() }; ...; return cleanup()).
func releases(info *types.Info, closures map[types.Object]*ast.FuncLit, node ast.Node, l op) bool {
	matches := func(call *ast.CallExpr) bool {
		o, ok := mutexOp(info, call)
		return ok && !o.acquire && o.key == l.key && o.shared == l.shared
	}
	unlocksIn := func(body ast.Node) bool {
		found := false
		ast.Inspect(body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && matches(call) {
				found = true
			}
			return !found
		})
		return found
	}
	callsReleasingClosure := func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // defined here, not called here
			case *ast.CallExpr:
				if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
					if lit := closures[info.Uses[id]]; lit != nil && unlocksIn(lit.Body) {
						found = true
					}
				}
			}
			return !found
		})
		return found
	}
	switch s := node.(type) {
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok && matches(call) {
			return true
		}
	case *ast.DeferStmt:
		if matches(s.Call) {
			return true
		}
		if lit, ok := ast.Unparen(s.Call.Fun).(*ast.FuncLit); ok {
			return unlocksIn(lit.Body)
		}
	}
	if stmt, ok := node.(ast.Stmt); ok {
		return callsReleasingClosure(stmt)
	}
	return false
}

// localClosures maps each variable of body assigned a function literal to
// that literal.
func localClosures(info *types.Info, body *ast.BlockStmt) map[types.Object]*ast.FuncLit {
	out := map[types.Object]*ast.FuncLit{}
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, rhs := range as.Rhs {
			lit, ok := ast.Unparen(rhs).(*ast.FuncLit)
			id, isIdent := as.Lhs[i].(*ast.Ident)
			if !ok || !isIdent {
				continue
			}
			if obj := info.ObjectOf(id); obj != nil {
				out[obj] = lit
			}
		}
		return true
	})
	return out
}

// acquires returns the lock a statement node takes, if it is X.Lock() or
// X.RLock().
func acquires(info *types.Info, node ast.Node) (op, bool) {
	s, ok := node.(*ast.ExprStmt)
	if !ok {
		return op{}, false
	}
	call, ok := ast.Unparen(s.X).(*ast.CallExpr)
	if !ok {
		return op{}, false
	}
	o, ok := mutexOp(info, call)
	if !ok || !o.acquire {
		return op{}, false
	}
	return o, true
}

// noReturn reports whether node is a call that never returns (panic,
// os.Exit, log.Fatal, t.Fatal, or a function of this package that always
// ends in one).
func noReturn(info *types.Info, cfgs *ctrlflow.CFGs, node ast.Node) bool {
	s, ok := node.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(s.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	switch fn := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		return fn.Name() == "panic"
	case *types.Func:
		return cfgs.NoReturn(fn)
	}
	return false
}

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

// handsOff reports whether a function's name says that it returns holding
// a lock on purpose (lockShard, acquireSlot, rlockAll) or expects its
// caller to hold it (flushLocked).
func handsOff(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasPrefix(lower, "lock") || strings.HasPrefix(lower, "rlock") ||
		strings.HasPrefix(lower, "acquire") || strings.HasSuffix(name, "Locked")
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
	seen := map[*cfg.Block]bool{}
	var walk func(b *cfg.Block, from int) token.Pos
	walk = func(b *cfg.Block, from int) token.Pos {
		for _, n := range b.Nodes[from:] {
			if n == lockNode {
				return lockNode.Pos() // acquired again without a release in between
			}
			if releases(info, closures, n, l) {
				return token.NoPos
			}
			if noReturn(info, cfgs, n) {
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
		for _, s := range b.Succs {
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
