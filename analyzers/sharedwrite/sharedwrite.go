package sharedwrite

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/analysisdoc"
	"github.com/drillhq/drill/analyzers/internal/flow"
	"github.com/drillhq/drill/analyzers/internal/predicate"
)

//go:embed doc.go
var doc string

// Analyzer reports unsynchronised writes from goroutines and handlers.
var Analyzer = &analysis.Analyzer{
	Name:     "sharedwrite",
	Doc:      analysisdoc.MustExtract(doc, "sharedwrite"),
	URL:      "https://pkg.go.dev/github.com/drillhq/drill/analyzers/sharedwrite",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run:      run,
}

type writeKind int

const (
	writeMap       writeKind = iota // m[k] = v, delete(m, k)
	writeAppend                     // s = append(s, v)
	writeUpdate                     // n++, n += x
	writeAtomicRMW                  // n.Store(n.Load() + 1), atomic.StoreInt64(&n, atomic.LoadInt64(&n)+1)
	writePlain                      // x = v
)

// A write is an assignment to shared memory found in a concurrent function.
type write struct {
	instr ssa.Instruction
	pos   token.Pos
	kind  writeKind
	name  string    // variable or field written
	root  ssa.Value // FreeVar, Global or Parameter the address hangs off
}

type checker struct {
	pass     *analysis.Pass
	reported map[token.Pos]bool
	locks    map[*ssa.Function]*flow.Locks
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	c := &checker{pass: pass, reported: map[token.Pos]bool{}, locks: map[*ssa.Function]*flow.Locks{}}
	for _, fn := range ssainfo.SrcFuncs {
		c.checkGoroutines(fn)
	}
	for _, h := range c.handlers(ssainfo) {
		c.checkHandler(h, map[ssa.Value]bool{}, 0)
	}
	return nil, nil
}

func (c *checker) lockHeld(fn *ssa.Function, instr ssa.Instruction) bool {
	l := c.locks[fn]
	if l == nil {
		l = flow.ComputeLocks(fn)
		c.locks[fn] = l
	}
	return l.HeldAt(instr)
}

func (c *checker) report(w write, msg string) {
	if c.reported[w.pos] || !w.pos.IsValid() {
		return
	}
	c.reported[w.pos] = true
	c.pass.Reportf(w.pos, "%s", msg)
}

// rootOf follows an address or map value back through field selections and
// pointer loads to the variable it hangs off. Element writes (s[i] = v) are
// not followed: distinct indices of a pre-sized slice do not race.
func rootOf(v ssa.Value) (root ssa.Value, name string) {
	for depth := 0; depth < 16; depth++ {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			if name == "" {
				name = predicate.FieldName(x)
			}
			v = x.X
		case *ssa.Field:
			if name == "" {
				name = predicate.FieldName(x)
			}
			v = x.X
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil, ""
			}
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.FreeVar:
			if name == "" {
				name = x.Name()
			}
			return x, name
		case *ssa.Global:
			if name == "" {
				name = x.Name()
			}
			return x, name
		case *ssa.Parameter:
			if name == "" {
				name = x.Name()
			}
			return x, name
		default:
			return nil, ""
		}
	}
	return nil, ""
}

// writesIn lists the writes in fn whose root satisfies shared.
func writesIn(fn *ssa.Function, shared func(ssa.Value) bool) []write {
	var out []write
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch i := instr.(type) {
			case *ssa.Store:
				root, name := rootOf(i.Addr)
				if root == nil || !shared(root) {
					continue
				}
				kind := writePlain
				if isRMW(i) {
					kind = writeUpdate
					if isAppend(i.Val) {
						kind = writeAppend
					}
				}
				out = append(out, write{instr: i, pos: i.Pos(), kind: kind, name: name, root: root})
			case *ssa.MapUpdate:
				root, name := rootOf(i.Map)
				if root == nil || !shared(root) {
					continue
				}
				out = append(out, write{instr: i, pos: i.Pos(), kind: writeMap, name: name, root: root})
			case *ssa.Call:
				if addr := atomicStoreOfLoad(i); addr != nil {
					root, name := rootOf(addr)
					if root != nil && shared(root) {
						out = append(out, write{instr: i, pos: i.Pos(), kind: writeAtomicRMW, name: name, root: root})
					}
					continue
				}
				bi, ok := i.Call.Value.(*ssa.Builtin)
				if !ok || bi.Name() != "delete" || len(i.Call.Args) != 2 {
					continue
				}
				root, name := rootOf(i.Call.Args[0])
				if root == nil || !shared(root) {
					continue
				}
				out = append(out, write{instr: i, pos: i.Pos(), kind: writeMap, name: name, root: root})
			}
		}
	}
	return out
}

// --- goroutines -------------------------------------------------------------

// binding returns the parent's value for a closure's free variable or
// global root.
func binding(l flow.Launch, root ssa.Value) ssa.Value {
	fv, ok := root.(*ssa.FreeVar)
	if !ok {
		return root
	}
	if l.Closure == nil {
		return nil
	}
	for i, f := range l.Fn.FreeVars {
		if f == fv && i < len(l.Closure.Bindings) {
			return l.Closure.Bindings[i]
		}
	}
	return nil
}

func definedIn(v ssa.Value, l *flow.Loop) bool {
	instr, ok := v.(ssa.Instruction)
	return ok && instr.Block() != nil && l.Blocks[instr.Block()]
}

func goMessage(w write) string {
	switch w.kind {
	case writeMap:
		return fmt.Sprintf("%s is written by concurrent goroutines without a lock: concurrent map writes crash the process (use a sync.Mutex or sync.Map)", w.name)
	case writeAppend:
		return fmt.Sprintf("%s is appended to by concurrent goroutines without a lock: appends are lost (pre-size it and assign %s[i], hold a sync.Mutex, or collect over a channel)", w.name, w.name)
	case writeAtomicRMW:
		return fmt.Sprintf("%s is incremented by concurrent goroutines with an atomic Load and a separate Store: two goroutines store the same value and updates are lost (use Add, or a sync.Mutex around both)", w.name)
	}
	return fmt.Sprintf("%s is updated by concurrent goroutines without a lock: updates are lost (use atomic.Int64 or a sync.Mutex)", w.name)
}

// checkGoroutines reports read-modify-write updates that goroutines started
// by fn make to variables they share: several instances of a closure started
// in a loop, or several closures started side by side.
func (c *checker) checkGoroutines(fn *ssa.Function) {
	launches := flow.Launches(fn)
	if len(launches) == 0 {
		return
	}
	loops := flow.Loops(fn)
	type pending struct {
		w      write
		launch flow.Launch
		parent ssa.Value
	}
	var siblings []pending
	for _, l := range launches {
		if l.Fn.Parent() == nil && l.Closure == nil {
			continue // a named function: its writes are its own business
		}
		sharedFn := func(v ssa.Value) bool {
			switch v.(type) {
			case *ssa.FreeVar, *ssa.Global:
				return true
			}
			return false
		}
		for _, w := range writesIn(l.Fn, sharedFn) {
			if w.kind == writePlain || c.lockHeld(l.Fn, w.instr) || handedOff(l.Fn, w) {
				continue
			}
			parent := binding(l, w.root)
			if parent == nil {
				continue
			}
			if encl := flow.Enclosing(loops, l.Site.Block()); len(encl) > 0 {
				inner := encl[0]
				if definedIn(parent, inner) || inner.Synchronizes() {
					continue // a fresh variable per iteration, or one goroutine at a time
				}
				c.report(w, goMessage(w))
				continue
			}
			siblings = append(siblings, pending{w: w, launch: l, parent: parent})
		}
	}
	// Two different goroutines updating the same variable, started one
	// after the other with nothing waiting in between.
	for i, a := range siblings {
		for _, b := range siblings[i+1:] {
			if a.launch.Site == b.launch.Site || a.parent != b.parent && flow.Key(a.parent) != flow.Key(b.parent) {
				continue
			}
			if !concurrentSites(a.launch.Site, b.launch.Site) {
				continue
			}
			c.report(a.w, goMessage(a.w))
			c.report(b.w, goMessage(b.w))
		}
	}
}

// concurrentSites reports whether two launch sites in one block run with
// nothing between them that could wait for the first goroutine: only
// WaitGroup.Add/Done and plain computation. Any other call might wait.
func concurrentSites(a, b ssa.Instruction) bool {
	if a.Block() != b.Block() {
		return false
	}
	between := false
	for _, instr := range a.Block().Instrs {
		if instr == a || instr == b {
			if between {
				return true
			}
			between = true
			continue
		}
		if !between {
			continue
		}
		switch i := instr.(type) {
		case *ssa.UnOp:
			if i.Op == token.ARROW {
				return false
			}
		case *ssa.Select, *ssa.Send, *ssa.Go, *ssa.Defer:
			return false
		case *ssa.Call:
			obj := predicate.FuncOf(i.Call.StaticCallee())
			if obj == nil {
				return false
			}
			if pkg, typ := predicate.ReceiverName(obj); pkg != "sync" || typ != "WaitGroup" || obj.Name() == "Wait" {
				return false
			}
		}
	}
	return false
}

// handedOff reports whether a write in a goroutine follows, in the same loop
// iteration, a receive whose value is ignored: a token passed between
// goroutines (<-turn; n++; next <- true) orders their writes.
func handedOff(fn *ssa.Function, w write) bool {
	b := w.instr.Block()
	encl := flow.Enclosing(flow.Loops(fn), b)
	if len(encl) == 0 {
		return false
	}
	loop := encl[0]
	for blk := range loop.Blocks {
		if !blk.Dominates(b) {
			continue
		}
		for _, instr := range blk.Instrs {
			if blk == b && instr == w.instr {
				break
			}
			u, ok := instr.(*ssa.UnOp)
			if ok && u.Op == token.ARROW && !u.CommaOk && len(predicate.Referrers(u)) == 0 {
				return true
			}
		}
	}
	return false
}

// --- HTTP handlers ----------------------------------------------------------

// A handler is a function net/http may run on many goroutines at once.
type handler struct {
	fn     *ssa.Function
	shared map[ssa.Value]bool // receiver parameter, if it is shared
}

func isHandlerSig(sig *types.Signature) bool {
	if sig.Params().Len() != 2 || sig.Results().Len() != 0 {
		return false
	}
	return predicate.IsTypeNamed(predicate.Unpointer(sig.Params().At(0).Type()), "net/http", "ResponseWriter") &&
		isPtrTo(sig.Params().At(1).Type(), "net/http", "Request")
}

func isPtrTo(t types.Type, pkg, name string) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && predicate.IsTypeNamed(predicate.Unpointer(p.Elem()), pkg, name)
}

func (c *checker) inTestFile(pos token.Pos) bool {
	f := c.pass.Fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// handlers finds ServeHTTP methods, function literals with the handler
// signature, and named functions or methods with that signature that are
// used as values (mux.HandleFunc("/x", s.list), http.HandlerFunc(hello)).
// Test files are skipped: httptest handlers counting calls are not served
// concurrently in a way that matters.
func (c *checker) handlers(ssainfo *buildssa.SSA) []handler {
	byObj := map[types.Object]*ssa.Function{}
	for _, fn := range ssainfo.SrcFuncs {
		if obj := fn.Object(); obj != nil {
			byObj[obj] = fn
		}
	}
	// A function used other than as the callee of a call is handed to
	// something (a mux, http.HandlerFunc, a middleware): it will be served.
	info := c.pass.TypesInfo
	callees := map[*ast.Ident]bool{}
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				switch fun := ast.Unparen(call.Fun).(type) {
				case *ast.Ident:
					callees[fun] = true
				case *ast.SelectorExpr:
					callees[fun.Sel] = true
				}
			}
			return true
		})
	}
	used := map[*ssa.Function]bool{}
	for id, obj := range info.Uses {
		if fn := byObj[obj]; fn != nil && !callees[id] {
			used[fn] = true
		}
	}
	var out []handler
	for _, fn := range ssainfo.SrcFuncs {
		if !isHandlerSig(fn.Signature) || c.inTestFile(fn.Pos()) {
			continue
		}
		h := handler{fn: fn, shared: map[ssa.Value]bool{}}
		switch {
		case fn.Parent() != nil: // a function literal
		case fn.Signature.Recv() != nil && (fn.Name() == "ServeHTTP" || used[fn]):
			h.shared[fn.Params[0]] = true
		case used[fn]:
		default:
			continue
		}
		out = append(out, h)
	}
	return out
}

func handlerMessage(w write) string {
	switch w.kind {
	case writeMap:
		return fmt.Sprintf("%s is written by concurrent handlers without a lock: concurrent map writes crash the process (use a sync.Mutex or sync.Map)", w.name)
	case writeAppend:
		return fmt.Sprintf("%s is appended to by concurrent handlers without a lock: appends are lost or corrupt the slice (hold a sync.Mutex)", w.name)
	case writeUpdate:
		return fmt.Sprintf("%s is updated by concurrent handlers without a lock: increments are lost (use atomic.Int64 or a sync.Mutex)", w.name)
	case writeAtomicRMW:
		return fmt.Sprintf("%s is incremented by concurrent handlers with an atomic Load and a separate Store: two requests store the same value and increments are lost (use Add, or a sync.Mutex around both)", w.name)
	}
	return fmt.Sprintf("%s is written by concurrent handlers without a lock: one request can read another request's value (keep per-request data in local variables)", w.name)
}

// checkHandler reports writes a handler makes to state every request
// shares: receiver fields, captured variables and package variables. Methods
// of the same package called on shared state are followed one level down.
func (c *checker) checkHandler(h handler, visiting map[ssa.Value]bool, depth int) {
	fn := h.fn
	perRequest := insideHandler(fn)
	shared := func(v ssa.Value) bool {
		switch v.(type) {
		case *ssa.FreeVar:
			return !perRequest
		case *ssa.Global:
			return true
		}
		return h.shared[v]
	}
	for _, w := range writesIn(fn, shared) {
		if c.lockHeld(fn, w.instr) || isSyncType(w) {
			continue
		}
		c.report(w, handlerMessage(w))
	}
	if depth >= 2 {
		return
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || call.Call.IsInvoke() || len(call.Call.Args) == 0 {
				continue
			}
			callee := call.Call.StaticCallee()
			if callee == nil || callee.Pkg != fn.Pkg || callee.Signature.Recv() == nil || len(callee.Params) == 0 || len(callee.Blocks) == 0 {
				continue
			}
			if isHandlerSig(callee.Signature) || visiting[callee] {
				continue // reported as a handler in its own right
			}
			root, _ := rootOf(call.Call.Args[0])
			if root == nil || !shared(root) || c.lockHeld(fn, call) {
				continue
			}
			visiting[callee] = true
			c.checkHandler(handler{fn: callee, shared: map[ssa.Value]bool{callee.Params[0]: true}}, visiting, depth+1)
			delete(visiting, callee)
		}
	}
}

// insideHandler reports whether a function literal is created by a handler:
// the variables it captures then belong to one request.
func insideHandler(fn *ssa.Function) bool {
	for p := fn.Parent(); p != nil; p = p.Parent() {
		if isHandlerSig(p.Signature) {
			return true
		}
	}
	return false
}

// isSyncType skips stores of whole sync or atomic values, which are
// initialisation rather than racy updates.
func isSyncType(w write) bool {
	st, ok := w.instr.(*ssa.Store)
	if !ok {
		return false
	}
	t := st.Val.Type()
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		switch n.Obj().Pkg().Path() {
		case "sync", "sync/atomic":
			return true
		}
	}
	return false
}
