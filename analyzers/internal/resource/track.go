package resource

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// role says what a tracked SSA value is with respect to the resource.
type role uint8

const (
	roleSelf    role = iota // the resource pointer itself (*sql.Rows, *http.Response)
	roleCloser              // an interface whose Close releases it (resp.Body, io.Closer(rows))
	roleWrapper             // a reader built on top of it (json.NewDecoder(resp.Body))
	roleCell                // a local variable holding it, shared with closures (cells.go)
)

// effect is what one instruction does to the resource.
type effect uint8

const (
	effNone         effect = iota
	effEscape              // handed somewhere we cannot follow: stop, stay silent
	effRelease             // closed, committed, rolled back
	effDeferRelease        // a deferred release: covers every later path
)

// maxClosureDepth bounds how many nested function literals capturing the
// resource are followed. Each level builds a fresh tracker; real code rarely
// nests more than two, and past the bound the closure is treated as an
// escape (silence), never as a release.
const maxClosureDepth = 4

// tracker follows one resource through one function: which values stand
// for it, and what every instruction using them does.
type tracker struct {
	facts Facts // nil: no facts known
	kind  Kind
	fn    *ssa.Function
	vals  map[ssa.Value]role
	work  []ssa.Value
	eff   map[ssa.Instruction]effect
	nilIf map[*ssa.If]int // successor on which the resource is nil
	// drainIf marks `for rows.Next()`: the successor taken when Next
	// returned false, which closes the rows.
	drainIf map[*ssa.If]int
	depth   int // closures entered to get here; see maxClosureDepth
	// loopOnly makes search look only for paths back to the
	// acquisition, ignoring returns.
	loopOnly bool
	// visit, when set, turns search into a walk of the region where the
	// resource is held: every instruction is visited, a deferred release
	// does not end the region, and returns simply end a path.
	visit func(ssa.Instruction)
	// guard, when set, is the counter the acquisition is guarded by, and
	// guardStart its state just after the acquisition (guard.go).
	guard      *counterGuard
	guardStart string
	// viaCell is set when the resource is held in a variable that
	// closures capture (cells.go): the code has its own cleanup
	// scheme, so no defer is suggested.
	viaCell bool
}

func newTracker(facts Facts, fn *ssa.Function, k Kind, root ssa.Value, r role, depth int) *tracker {
	t := &tracker{
		facts:   facts,
		kind:    k,
		fn:      fn,
		vals:    map[ssa.Value]role{},
		eff:     map[ssa.Instruction]effect{},
		nilIf:   map[*ssa.If]int{},
		drainIf: map[*ssa.If]int{},
		depth:   depth,
	}
	if root != nil {
		t.add(root, r)
	}
	for len(t.work) > 0 {
		v := t.work[len(t.work)-1]
		t.work = t.work[:len(t.work)-1]
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, instr := range *refs {
			t.use(v, t.vals[v], instr)
		}
	}
	return t
}

func (t *tracker) add(v ssa.Value, r role) {
	if _, ok := t.vals[v]; ok {
		return
	}
	t.vals[v] = r
	t.work = append(t.work, v)
}

func (t *tracker) set(instr ssa.Instruction, e effect) {
	if e > t.eff[instr] {
		t.eff[instr] = e
	}
}

// hasRelease reports whether any instruction releases the resource.
func (t *tracker) hasRelease() bool {
	for _, e := range t.eff {
		if e >= effRelease {
			return true
		}
	}
	return false
}

// onlyUses reports whether the function merely uses the resource.
func (t *tracker) onlyUses() bool {
	for _, e := range t.eff {
		if e != effNone {
			return false
		}
	}
	return true
}

func (t *tracker) hasEscape() bool {
	for _, e := range t.eff {
		if e == effEscape {
			return true
		}
	}
	return false
}

func (t *tracker) use(v ssa.Value, r role, instr ssa.Instruction) {
	if r == roleCell {
		t.useCell(v, instr)
		return
	}
	switch in := instr.(type) {
	case *ssa.DebugRef:
	case *ssa.Phi:
		t.add(in, r)
	case *ssa.ChangeType:
		t.add(in, r)
	case *ssa.ChangeInterface:
		t.add(in, r)
	case *ssa.MakeInterface:
		switch {
		case r == roleSelf && (t.kind == Rows || t.kind == Stmt || t.kind == Conn):
			t.add(in, roleCloser)
		case r == roleWrapper:
			t.add(in, roleWrapper)
		default:
			t.set(in, effEscape)
		}
	case *ssa.TypeAssert:
		if !in.CommaOk {
			t.add(in, r)
			break
		}
		for _, er := range *in.Referrers() {
			if ex, ok := er.(*ssa.Extract); ok && ex.Index == 0 {
				t.add(ex, r)
			}
		}
	case *ssa.FieldAddr:
		if r == roleSelf && innerField(in) {
			t.inner(in)
			break
		}
		if r == roleSelf && t.kind == Response && predicate.FieldName(in) == "Body" {
			for _, fr := range *in.Referrers() {
				switch fr := fr.(type) {
				case *ssa.UnOp:
					if fr.Op == token.MUL {
						t.add(fr, roleCloser)
					}
				case *ssa.Store, *ssa.DebugRef:
				default: // &resp.Body handed on
					t.set(fr, effEscape)
				}
			}
		}
		// Other fields (StatusCode, Header) are plain data.
	case *ssa.Field:
	case *ssa.BinOp:
		if (in.Op == token.EQL || in.Op == token.NEQ) && (predicate.IsNilConst(in.X) || predicate.IsNilConst(in.Y)) {
			succ := 1 // x != nil: false branch means nil
			if in.Op == token.EQL {
				succ = 0
			}
			for _, iff := range ifsOf(in) {
				s := succ
				if iff.Cond != ssa.Value(in) { // through a `!`
					s = 1 - s
				}
				t.nilIf[iff] = s
			}
		}
	case *ssa.Call:
		t.call(v, r, in, &in.Call, false)
	case *ssa.Defer:
		t.call(v, r, in, &in.Call, true)
	case *ssa.Go:
		t.set(in, effEscape)
	case *ssa.MakeClosure:
		t.closure(v, r, in)
	case *ssa.Store:
		if cell := t.cellOf(v, r, in); cell != nil {
			t.viaCell = true
			t.add(cell, roleCell)
			break
		}
		t.set(in, effEscape)
	default:
		// Store, Return, Send, MapUpdate, Panic, Slice, IndexAddr,
		// a dereference that copies the struct...: the resource leaves
		// our sight.
		t.set(instr, effEscape)
	}
}

// call classifies a call (or deferred call) that mentions v.
func (t *tracker) call(v ssa.Value, r role, instr ssa.Instruction, c *ssa.CallCommon, deferred bool) {
	e := effNone
	if c.IsInvoke() {
		if c.Value == v {
			switch {
			case r == roleCloser && c.Method.Name() == "Close":
				e = effRelease
			case r == roleCloser || r == roleWrapper:
				// Read, Decode, Scan...: a use.
			default:
				e = effEscape
			}
		}
		for _, a := range c.Args {
			if a == v {
				e = max(e, effEscape)
			}
		}
	} else {
		fn := predicate.Callee(c)
		for i, a := range c.Args {
			if a == v {
				e = max(e, t.argEffect(fn, c, i, r, instr))
			}
		}
		if c.Value == v {
			e = max(e, effEscape)
		}
	}
	if deferred && e == effRelease {
		e = effDeferRelease
	}
	t.set(instr, e)
}

// argEffect is the effect of passing v (with role r) as argument i of fn.
func (t *tracker) argEffect(fn *types.Func, c *ssa.CallCommon, i int, r role, instr ssa.Instruction) effect {
	if fn == nil {
		return effEscape // a func value, a closure, a builtin such as append
	}
	if r == roleSelf && i == 0 && isMethodOfKind(fn, t.kind) {
		if ReleaseMethod(t.kind, fn.Name()) {
			return effRelease
		}
		if t.kind == Rows && fn.Name() == "Next" {
			if call, ok := instr.(*ssa.Call); ok {
				for _, iff := range ifsOf(call) {
					s := 1 // Next() == false
					if iff.Cond != ssa.Value(call) {
						s = 0
					}
					t.drainIf[iff] = s
				}
			}
		}
		return effNone
	}
	if inSqlx(fn) {
		// By sqlx's rules alone, never its facts (sqlx.go): a wrapper
		// is used, released or handed on; an interface holding one
		// (sqlx.StructScan(rows, &dest)) is handed on.
		if r == roleSelf {
			return sqlxArgEffect(fn, i, t.kind)
		}
		return effEscape
	}
	if r == roleWrapper && i == 0 {
		if sig, _ := fn.Type().(*types.Signature); sig != nil && sig.Recv() != nil {
			return effNone // dec.Decode(&v), sc.Scan()
		}
	}
	if t.kind == Response && r == roleCloser && drainsToEOF(fn, c, i) {
		// Reading a response body until Read fails (EOF or error) makes
		// the Transport reuse or close the connection: nothing is held.
		return effRelease
	}
	if t.facts != nil {
		if t.facts.Closes(fn, i) {
			return effRelease
		}
		if t.facts.Borrows(fn, i) {
			return effNone
		}
	}
	if r == roleSelf && fn.Pkg() != nil && fn.Pkg().Path() == sqlPath {
		return effNone // tx.Stmt(stmt) and friends do not take ownership
	}
	if r == roleCloser || r == roleWrapper {
		if readerArg(fn, i) {
			return effNone
		}
		if wrapperArg(fn, i) {
			if call, ok := instr.(*ssa.Call); ok {
				if _, tuple := call.Type().(*types.Tuple); tuple {
					for _, cr := range *call.Referrers() {
						if ex, ok := cr.(*ssa.Extract); ok && ex.Index == 0 {
							t.add(ex, roleWrapper)
						}
					}
				} else {
					t.add(call, roleWrapper)
				}
			}
			return effNone
		}
	}
	return effEscape
}

// closure handles a function literal (or bound method value) that captures
// the resource. The effect lands on the instruction that runs the closure.
func (t *tracker) closure(v ssa.Value, r role, mc *ssa.MakeClosure) {
	fn, _ := mc.Fn.(*ssa.Function)
	idx := -1
	for i, b := range mc.Bindings {
		if b == v {
			idx = i
		}
	}
	if fn == nil || idx < 0 {
		t.set(mc, effEscape)
		return
	}

	// What running the closure does: release on all paths, release on
	// some path, or only use.
	var allPaths, somePath, onlyUse bool
	if m := predicate.BoundMethod(fn); m != nil && r != roleCell { // f := rows.Close
		e := t.argEffect(m, nil, 0, r, mc)
		allPaths, somePath, onlyUse = e == effRelease, e == effRelease, e == effNone
	} else if t.depth < maxClosureDepth && idx < len(fn.FreeVars) {
		sub := newTracker(t.facts, fn, t.kind, fn.FreeVars[idx], r, t.depth+1)
		somePath = sub.hasRelease()
		onlyUse = sub.onlyUses()
		allPaths = somePath && len(fn.Blocks) > 0 && sub.search(fn.Blocks[0], 0, nil, nil, true) == nil
	}

	for _, ref := range *mc.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Defer:
			switch {
			case ref.Call.Value != mc:
				t.set(ref, effEscape)
			case somePath:
				// Any release in a deferred closure counts: the
				// `if err != nil { tx.Rollback() }` idiom releases on
				// exactly the paths that need it.
				t.set(ref, effDeferRelease)
			case !onlyUse:
				t.set(ref, effEscape)
			}
		case *ssa.Call:
			switch {
			case ref.Call.Value != mc:
				t.set(ref, effEscape)
			case allPaths:
				t.set(ref, effRelease)
			case !onlyUse:
				t.set(ref, effEscape)
			}
		case *ssa.DebugRef:
		default:
			t.set(ref, effEscape)
		}
	}
}
