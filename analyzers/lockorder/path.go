package lockorder

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Naming a mutex by the way it is reached, so that s.mu at one Lock and s.mu
// at the next (two different SSA values) are known to be the same mutex, a
// callee's "its receiver's mu" can be carried into the caller's frame, and
// two functions can agree that they take "the mu field of a Server".

// rootKind says where a path starts.
type rootKind int

const (
	rootLocal  rootKind = iota // a value of this function only (a local, a call result, a phi)
	rootParam                  // the function's parameter idx (the receiver is parameter 0)
	rootFree                   // the closure's free variable idx
	rootGlobal                 // a package-level variable
)

// mpath is a mutex reached from a root through field selections, pointer
// loads and indexing: s.mu, s.cache.mu, registry.mu.
type mpath struct {
	kind  rootKind
	idx   int
	root  string // identity of the root within its function
	segs  string // ".cache*.mu": field selections, loads (*), indexes ([k])
	name  string // the root as written (s, registry)
	shown string // the segments as written (.cache.mu)
	// class names the mutex across functions: "pkg.Server.mu" for the mu
	// field of any Server, or a package-level variable. Empty when the path
	// ends in no named field (a *sync.Mutex parameter, a local mutex).
	class string
	own   bool // class comes from segs or from a global root, not from the root's caller
}

// key identifies the mutex within one function.
func (p mpath) key() string { return p.root + p.segs }

// String is the mutex as the source writes it.
func (p mpath) String() string { return p.name + p.shown }

// mappable reports whether the path means something in a caller's frame.
func (p mpath) mappable() bool { return p.kind != rootLocal }

// pathOf names the mutex (or the value holding it) that v denotes.
func pathOf(v ssa.Value) mpath {
	switch v := v.(type) {
	case *ssa.FieldAddr:
		return withField(pathOf(v.X), v.X.Type(), v.Field)
	case *ssa.Field:
		return withField(pathOf(v.X), v.X.Type(), v.Field)
	case *ssa.UnOp:
		if v.Op == token.MUL {
			p := pathOf(v.X)
			if before, ok := strings.CutSuffix(p.segs, "&"); ok {
				// A load of a spilled parameter is the parameter itself.
				p.segs = before
				return p
			}
			p.segs += "*"
			return p
		}
	case *ssa.IndexAddr:
		return withIndex(pathOf(v.X), v.Index)
	case *ssa.Index:
		return withIndex(pathOf(v.X), v.Index)
	case *ssa.Lookup:
		if !v.CommaOk {
			return withIndex(pathOf(v.X), v.Index)
		}
	case *ssa.ChangeType:
		return pathOf(v.X)
	case *ssa.Parameter:
		for i, p := range v.Parent().Params {
			if p == v {
				return mpath{kind: rootParam, idx: i, root: fmt.Sprintf("p%d", i), name: v.Name()}
			}
		}
	case *ssa.FreeVar:
		for i, f := range v.Parent().FreeVars {
			if f == v {
				return mpath{kind: rootFree, idx: i, root: fmt.Sprintf("f%d", i), name: v.Name()}
			}
		}
	case *ssa.Global:
		id := "g:" + v.RelString(nil)
		return mpath{kind: rootGlobal, root: id, name: v.Name(), class: id, own: true}
	case *ssa.Alloc:
		if p, ok := spilledParam(v); ok {
			// The parameter moved to the heap because a closure captures
			// it: the cell holds the parameter for the whole function.
			p.segs = "&"
			return p
		}
		return mpath{root: fmt.Sprintf("%p", v), name: v.Comment}
	}
	return mpath{root: fmt.Sprintf("%p", v), name: "(" + v.Name() + ")"}
}

// spilledParam reports whether a is the heap cell go/ssa makes for a
// parameter that a closure captures: stored once, with the parameter, and
// otherwise only loaded or captured.
func spilledParam(a *ssa.Alloc) (mpath, bool) {
	var param *ssa.Parameter
	refs := a.Referrers()
	if refs == nil {
		return mpath{}, false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			p, ok := r.Val.(*ssa.Parameter)
			if r.Addr != a || !ok || param != nil {
				return mpath{}, false
			}
			param = p
		case *ssa.UnOp, *ssa.MakeClosure, *ssa.DebugRef:
		default:
			return mpath{}, false
		}
	}
	if param == nil {
		return mpath{}, false
	}
	return pathOf(param), true
}

// withField appends the selection of field i of the struct x has (through
// a pointer) to p.
func withField(p mpath, x types.Type, i int) mpath {
	t := x
	if ptr, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		t = ptr.Elem()
	}
	st, ok := types.Unalias(t).Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		p.segs += fmt.Sprintf(".%d", i)
		p.class, p.own = "", false
		return p
	}
	name := st.Field(i).Name()
	p.segs += "." + name
	p.shown += "." + name
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		p.class, p.own = n.Obj().Pkg().Path()+"."+n.Obj().Name()+"."+name, true
	} else if p.class != "" {
		p.class += "." + name
	}
	return p
}

// withIndex appends an index to p: a constant index names one element, any
// other index only the SSA value it is (mus[i] and mus[j] are not the same
// mutex).
func withIndex(p mpath, idx ssa.Value) mpath {
	if c, ok := idx.(*ssa.Const); ok && c.Value != nil {
		p.segs += "[" + c.Value.ExactString() + "]"
		if c.Value.Kind() == constant.String {
			p.shown += "[" + c.Value.ExactString() + "]"
		} else {
			p.shown += "[" + c.Value.String() + "]"
		}
	} else {
		p.segs += fmt.Sprintf("[%p]", idx)
		p.shown += "[" + idx.Name() + "]"
	}
	// Elements of one slice or map are many mutexes: no class.
	p.class, p.own = "", false
	return p
}

// frame is how a call site binds a callee's parameters and free variables.
type frame struct {
	args     []ssa.Value
	bindings []ssa.Value
}

// into carries a callee's path into the caller's frame, or reports false
// when the callee's root is its own local.
func (f frame) into(p mpath) (mpath, bool) {
	var base mpath
	switch p.kind {
	case rootGlobal:
		return p, true
	case rootParam:
		if p.idx >= len(f.args) {
			return mpath{}, false
		}
		base = pathOf(f.args[p.idx])
	case rootFree:
		if p.idx >= len(f.bindings) {
			return mpath{}, false
		}
		base = pathOf(f.bindings[p.idx])
	default:
		return mpath{}, false
	}
	segs := p.segs
	if strings.HasSuffix(base.segs, "&") && strings.HasPrefix(segs, "*") {
		base.segs = strings.TrimSuffix(base.segs, "&")
		segs = segs[1:]
	}
	if strings.Contains(segs, "&") {
		// A copy of a by-value parameter: the callee's own mutex.
		return mpath{}, false
	}
	base.segs += segs
	base.shown += p.shown
	if p.own {
		base.class, base.own = p.class, true
	} else if p.segs != "" && p.segs != "*" {
		base.class, base.own = "", false
	}
	return base, true
}
