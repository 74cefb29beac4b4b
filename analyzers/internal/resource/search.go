package resource

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// leakPath is a path through the CFG on which the resource is not released.
type leakPath struct {
	exit   ssa.Instruction // the Return reached, or the acquisition reached again
	loop   bool            // exit is the acquisition, reached through a loop back edge
	escape bool            // (strict mode) the resource escaped on this path
	blocks []*ssa.BasicBlock
	succs  []int // succs[k] is the successor index taken from blocks[k]
}

// search looks, breadth first, for a path from instruction startIdx of
// start to a function exit on which the resource is never released. The
// edges of errIf (the acquisition failed), nilIf (the resource is nil) and
// drainIf (rows.Next returned false) are not taken, nor are those a
// guard counter's sign rules out (guard.go). Paths end at a release,
// a deferred release, a panic, or (unless strict) an escape; in strict mode
// an escape counts as a failure, which is what "closes its parameter on
// every path" needs. acq, when set, is the acquiring instruction: reaching
// it again means a loop dropped the previous resource.
func (t *tracker) search(start *ssa.BasicBlock, startIdx int, acq ssa.Instruction, ec *errCtx, strict bool) *leakPath {
	type node struct {
		b      *ssa.BasicBlock
		parent int
		succ   int
		holds  bool   // an error cell holds the acquisition's error
		st     string // the guard counter's sign on this path; see guard.go
	}
	type key struct {
		b     *ssa.BasicBlock
		holds bool
		st    string
	}
	nodes := []node{{b: start, parent: -1, st: t.guardStart}}
	queued := map[key]bool{}

	build := func(i int, exit ssa.Instruction) *leakPath {
		p := &leakPath{exit: exit}
		for ; i >= 0; i = nodes[i].parent {
			p.blocks = append(p.blocks, nodes[i].b)
			p.succs = append(p.succs, nodes[i].succ)
		}
		// Reverse, and shift succs so that succs[k] leaves blocks[k].
		n := len(p.blocks)
		blocks := make([]*ssa.BasicBlock, n)
		succs := make([]int, n)
		for k := range n {
			blocks[k] = p.blocks[n-1-k]
		}
		for k := 0; k+1 < n; k++ {
			succs[k] = p.succs[n-2-k]
		}
		succs[n-1] = -1
		p.blocks, p.succs = blocks, succs
		return p
	}

	for qi := 0; qi < len(nodes); qi++ {
		n := nodes[qi]
		lo := 0
		if qi == 0 {
			lo = startIdx
		}
		stopped := false
		holds := n.holds
		var loaded map[ssa.Value]bool
		for i := lo; i < len(n.b.Instrs) && !stopped; i++ {
			in := n.b.Instrs[i]
			if ec != nil && len(ec.cells) > 0 {
				switch in := in.(type) {
				case *ssa.Store:
					if ec.cells[in.Addr] {
						holds = ec.errs[in.Val]
					}
				case *ssa.UnOp:
					if in.Op == token.MUL && holds && ec.cells[in.X] {
						if loaded == nil {
							loaded = map[ssa.Value]bool{}
						}
						loaded[in] = true
					}
				}
			}
			if qi != 0 && acq != nil && in == acq {
				if t.visit != nil {
					stopped = true
					continue
				}
				p := build(qi, in)
				p.loop = true
				return p
			}
			switch t.eff[in] {
			case effRelease:
				stopped = true
				continue
			case effDeferRelease:
				if t.visit == nil {
					stopped = true
					continue
				}
			case effEscape:
				if strict {
					p := build(qi, in)
					p.escape = true
					return p
				}
				stopped = true
				continue
			}
			if t.visit != nil {
				t.visit(in)
			}
			switch in.(type) {
			case *ssa.Return:
				if t.loopOnly || t.visit != nil {
					stopped = true
					continue
				}
				return build(qi, in)
			case *ssa.Panic:
				stopped = true
			}
		}
		if stopped || len(n.b.Instrs) == 0 {
			continue
		}
		iff, _ := n.b.Instrs[len(n.b.Instrs)-1].(*ssa.If)
		for si, s := range n.b.Succs {
			if iff != nil {
				if idx, ok := t.nilIf[iff]; ok && idx == si {
					continue
				}
				if idx, ok := ec.failed(iff, loaded); ok && idx == si {
					continue
				}
				if idx, ok := t.drainIf[iff]; ok && idx == si {
					continue
				}
				if idx, ok := t.guard.contradicted(n.st, iff); ok && idx == si {
					continue
				}
			}
			st := t.guard.enter(n.st, n.b, s)
			k := key{s, holds, st}
			if queued[k] {
				continue
			}
			queued[k] = true
			nodes = append(nodes, node{b: s, parent: qi, succ: si, holds: holds, st: st})
		}
	}
	return nil
}

// reaches reports whether to is reachable from any successor of from.
func reaches(from, to *ssa.BasicBlock) bool { return Reachable(to, from.Succs...) }

// Reachable reports whether block to is one of start or reachable from them.
func Reachable(to *ssa.BasicBlock, start ...*ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{}
	work := append([]*ssa.BasicBlock(nil), start...)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if b == to {
			return true
		}
		if seen[b] {
			continue
		}
		seen[b] = true
		work = append(work, b.Succs...)
	}
	return false
}

// indexOf returns the position of instr in its block.
func indexOf(instr ssa.Instruction) int {
	for i, in := range instr.Block().Instrs {
		if in == instr {
			return i
		}
	}
	return -1
}

// ifsOf returns the If instructions that branch on v, directly or through
// a `!`.
func ifsOf(v ssa.Value) []*ssa.If {
	var out []*ssa.If
	refs := v.Referrers()
	if refs == nil {
		return nil
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.If:
			out = append(out, r)
		case *ssa.UnOp:
			if r.Op == token.NOT {
				out = append(out, ifsOf(r)...)
			}
		}
	}
	return out
}
