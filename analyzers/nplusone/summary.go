package nplusone

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
	"github.com/drillhq/drill/analyzers/internal/sqlcall"
)

// queryFact marks a function that may run a database query when called.
// Indices count call arguments with the receiver, if any, first.
type queryFact struct {
	Reads      bool           // reads on every call, with SQL text that does not come from an argument
	LoopReads  bool           // reads only inside its own loops over a collection, judged there
	Writes     bool           // writes (INSERT/UPDATE/DELETE, or an Exec of unknown text)
	TextParams []int          // arguments that become the SQL text (exec(db, stmt) helpers)
	Invokes    []int          // function arguments it calls before returning
	Keys       map[int]string // arguments that fill its one read's WHERE column = ?, by column
}

func (*queryFact) AFact() {}

func (f *queryFact) String() string {
	var parts []string
	if f.Reads {
		parts = append(parts, "mayQuery")
	}
	if f.LoopReads {
		parts = append(parts, "queriesInLoop")
	}
	if f.Writes {
		parts = append(parts, "mayExec")
	}
	if len(f.TextParams) > 0 {
		parts = append(parts, fmt.Sprintf("queryText%v", f.TextParams))
	}
	if len(f.Invokes) > 0 {
		parts = append(parts, fmt.Sprintf("invokes%v", f.Invokes))
	}
	for _, i := range sorted(keySet(f.Keys)) {
		parts = append(parts, fmt.Sprintf("key[%d]=%s", i, f.Keys[i]))
	}
	return strings.Join(parts, " ")
}

// summary is queryFact in its working form.
type summary struct {
	reads     bool
	loopReads bool
	writes    bool
	text      map[int]bool
	invokes   map[int]bool
	keys      map[int]string // filled after the fixed point, by summarizeKeys
}

func newSummary() *summary { return &summary{text: map[int]bool{}, invokes: map[int]bool{}} }

func (s *summary) empty() bool { return s.size() == 0 }

func (s *summary) size() int {
	n := len(s.text) + len(s.invokes)
	if s.reads {
		n++
	}
	if s.writes {
		n++
	}
	if s.loopReads {
		n++
	}
	return n
}

// summarizeAll computes the summary of every source function. Summaries
// only grow, so iterate to a fixed point.
func (c *checker) summarizeAll(fns []*ssa.Function) {
	for _, fn := range fns {
		c.summaries[fn] = newSummary()
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range fns {
			s := c.summaries[fn]
			before := s.size()
			c.summarize(fn, s)
			if s.size() != before {
				changed = true
			}
		}
	}
}

// exportFacts publishes the non-empty summaries of declared functions for
// the packages that import this one.
func (c *checker) exportFacts(fns []*ssa.Function) {
	for _, fn := range fns {
		s := c.summaries[fn]
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || s.empty() {
			continue
		}
		c.pass.ExportObjectFact(obj, &queryFact{
			Reads: s.reads, LoopReads: s.loopReads, Writes: s.writes,
			TextParams: sorted(s.text), Invokes: sorted(s.invokes), Keys: s.keys,
		})
	}
}

func keySet(m map[int]string) map[int]bool {
	out := map[int]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

func sorted(m map[int]bool) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

// summaryOf returns what calling fn may do, from this package's summaries or
// an imported fact.
func (c *checker) summaryOf(fn *ssa.Function) *summary {
	if fn == nil {
		return nil
	}
	if s, ok := c.summaries[fn]; ok {
		return s
	}
	if fn.Origin() != nil {
		if s, ok := c.summaries[fn.Origin()]; ok {
			return s
		}
	}
	obj := predicate.FuncOf(fn)
	if obj == nil || obj.Pkg() == nil || obj.Pkg() == c.pass.Pkg {
		return nil
	}
	if s, ok := c.imported[obj]; ok {
		return s
	}
	var f queryFact
	var s *summary
	if c.pass.ImportObjectFact(obj, &f) {
		s = newSummary()
		s.reads, s.loopReads, s.writes, s.keys = f.Reads, f.LoopReads, f.Writes, f.Keys
		for _, i := range f.TextParams {
			s.text[i] = true
		}
		for _, i := range f.Invokes {
			s.invokes[i] = true
		}
	}
	c.imported[obj] = s
	return s
}

// summarize adds to s what fn's calls may do: SQL it runs itself, SQL of
// the functions it calls, and parameters that become SQL text or are
// called. A statement counts as a read or a write by its text when the
// text is known (QueryRow of an INSERT ... RETURNING writes), by its method
// otherwise. Reads inside fn's own loops over a collection are kept apart:
// that loop is where they run per element, and it is judged there.
func (c *checker) summarize(fn *ssa.Function, s *summary) {
	var pos token.Pos // of the call being summarized; token.NoPos for a deferred one
	addRead := func() {
		if c.inCollectionLoop(fn, pos) {
			s.loopReads = true
		} else {
			s.reads = true
		}
	}
	mergeText := func(o origin, write bool) {
		switch {
		case o.captured:
			// Text chosen by the enclosing function: leave it to the loop check there.
		case len(o.params) == 0 && write:
			s.writes = true
		case len(o.params) == 0:
			addRead()
		default:
			for i := range o.params {
				s.text[i] = true
			}
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			var call *ssa.CallCommon
			switch i := instr.(type) {
			case *ssa.Call:
				call, pos = &i.Call, i.Pos()
			case *ssa.Defer:
				call, pos = &i.Call, token.NoPos // runs once, when fn returns
			default:
				continue
			}
			if p, ok := call.Value.(*ssa.Parameter); ok && !call.IsInvoke() {
				markParam(fn, p, s.invokes)
				continue
			}
			if m, ok := sqlMethod(call); ok {
				read := c.reads(fn, call, m)
				switch text := m.TextArg(call); {
				case text < 0 && !read:
					s.writes = true
				case text < 0:
					addRead()
				case text < len(call.Args):
					mergeText(originOf(fn, call.Args[text]), !read)
				}
				continue
			}
			if call.IsInvoke() {
				continue
			}
			cs := c.summaryOf(resolveFunc(call.Value))
			if cs == nil || cs == s {
				continue
			}
			if cs.reads {
				addRead()
			}
			s.loopReads = s.loopReads || cs.loopReads
			s.writes = s.writes || cs.writes
			for i := range cs.text {
				if i < len(call.Args) {
					// Statement lists are run with Exec.
					mergeText(originOf(fn, call.Args[i]), true)
				}
			}
			for i := range cs.invokes {
				if i >= len(call.Args) {
					continue
				}
				arg := call.Args[i]
				if p, ok := arg.(*ssa.Parameter); ok {
					markParam(fn, p, s.invokes)
					continue
				}
				if as := c.summaryOf(resolveFunc(arg)); as != nil {
					if as.reads {
						addRead()
					}
					s.loopReads = s.loopReads || as.loopReads
					s.writes = s.writes || as.writes
				}
			}
		}
	}
}

// reads reports whether a database/sql call reads: a Query or QueryRow
// whose text is not known to be a write.
func (c *checker) reads(fn *ssa.Function, call *ssa.CallCommon, m sqlcall.Method) bool {
	return m.Op != sqlcall.Exec && !c.statementOf(fn, call, m).kind.writes()
}

// markParam sets the index of parameter p of fn in set.
func markParam(fn *ssa.Function, p *ssa.Parameter, set map[int]bool) {
	for i, q := range fn.Params {
		if q == p {
			set[i] = true
		}
	}
}
