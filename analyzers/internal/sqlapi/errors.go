package sqlapi

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// loggerPkg reports whether a package path looks like a logging library:
// the standard ones plus the usual third-party loggers and in-house
// ".../log" or ".../logger" packages.
func loggerPkg(path string) bool {
	switch path {
	case "log", "log/slog":
		return true
	}
	last := path[strings.LastIndex(path, "/")+1:]
	switch last {
	case "zap", "zapcore", "logrus", "zerolog", "klog", "glog", "log", "logger", "logging", "logr", "slog":
		return true
	}
	return false
}

// isLogSink reports whether fn writes its arguments somewhere for humans
// (a logger, stdout/stderr, a test log) without acting on them.
func isLogSink(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	path, name := fn.Pkg().Path(), fn.Name()
	switch path {
	case "fmt":
		return strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fprint")
	case "testing":
		return name == "Log" || name == "Logf"
	case "log":
		return strings.HasPrefix(name, "Print") || name == "Output"
	}
	if loggerPkg(path) {
		return true
	}
	// Interface loggers declared anywhere: logger.Errorf(...), l.Warn(...).
	if sig, _ := fn.Type().(*types.Signature); sig != nil && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
		if _, n, _ := namedOf(sig.Recv().Type()); strings.Contains(strings.ToLower(n), "log") {
			return true
		}
	}
	return false
}

// isStringify reports whether fn only formats its arguments into a string.
func isStringify(fn *types.Func) bool {
	return IsFunc(fn, "fmt", "Sprint", "Sprintf", "Sprintln")
}

// LogOnly reports whether every use of v ends in a log call (or nowhere):
// printed, formatted for printing, wrapped in a logger field, but never
// returned, stored, or acted upon.
func LogOnly(v ssa.Value) bool {
	return logOnly(v, map[ssa.Value]bool{})
}

func logOnly(v ssa.Value, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return true
	}
	seen[v] = true
	refs := v.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		if !logUse(v, r, seen) {
			return false
		}
	}
	return true
}

func logUse(v ssa.Value, r ssa.Instruction, seen map[ssa.Value]bool) bool {
	switch r := r.(type) {
	case *ssa.DebugRef:
		return true
	case *ssa.MakeInterface:
		return logOnly(r, seen)
	case *ssa.ChangeInterface:
		return logOnly(r, seen)
	case *ssa.ChangeType:
		return logOnly(r, seen)
	case *ssa.BinOp:
		if r.Op == token.ADD { // string concatenation
			return logOnly(r, seen)
		}
		return r.Op == token.EQL || r.Op == token.NEQ
	case *ssa.Store:
		// A variadic argument: *(&varargs[i]) = v; f(varargs[:]...).
		ia, ok := r.Addr.(*ssa.IndexAddr)
		if !ok || r.Val != v {
			return false
		}
		alloc, ok := ia.X.(*ssa.Alloc)
		if !ok {
			return false
		}
		for _, ar := range *alloc.Referrers() {
			switch ar := ar.(type) {
			case *ssa.IndexAddr:
			case *ssa.Slice:
				if !logOnly(ar, seen) {
					return false
				}
			default:
				return false
			}
		}
		return true
	case *ssa.Call:
		fn := Callee(&r.Call)
		switch {
		case r.Call.IsInvoke() && r.Call.Value == v && fn.Name() == "Error":
			return logOnly(r, seen)
		case isStringify(fn):
			return logOnly(r, seen)
		case isLogSink(fn):
			return logOnly(r, seen) // a logger builder (zerolog) or a field (zap.Error) flows on
		}
		return false
	case *ssa.Extract:
		return logOnly(r, seen)
	}
	return false
}

// errorNonNilSucc returns the successor index of an If on which the error
// value err (or one of its phi aliases in errs) is known to be non-nil,
// and whether the condition is about err at all. Besides `err != nil`
// it understands errors.Is/As, `err == sentinel`, and `x, ok := err.(T)`.
func errorNonNilSucc(cond ssa.Value, errs map[ssa.Value]bool) (succ int, ok bool) {
	switch c := cond.(type) {
	case *ssa.UnOp:
		if c.Op == token.NOT {
			s, ok := errorNonNilSucc(c.X, errs)
			return 1 - s, ok
		}
	case *ssa.BinOp:
		var other ssa.Value
		switch {
		case errs[c.X]:
			other = c.Y
		case errs[c.Y]:
			other = c.X
		default:
			return 0, false
		}
		switch {
		case IsNilConst(other) && c.Op == token.NEQ:
			return 0, true
		case IsNilConst(other) && c.Op == token.EQL:
			return 1, true
		case c.Op == token.EQL: // err == sql.ErrNoRows
			return 0, true
		case c.Op == token.NEQ: // err != ErrSkipAltProtocol: false means it is the sentinel
			return 1, true
		}
	case *ssa.Call:
		fn := Callee(&c.Call)
		if IsFunc(fn, "errors", "Is", "As") && len(c.Call.Args) > 0 && errs[c.Call.Args[0]] {
			return 0, true
		}
	case *ssa.Extract:
		if ta, ok := c.Tuple.(*ssa.TypeAssert); ok && c.Index == 1 && errs[ta.X] {
			return 0, true
		}
	}
	return 0, false
}

// phiClosure returns v and every phi (or interface change) it flows into.
func phiClosure(v ssa.Value) map[ssa.Value]bool {
	set := map[ssa.Value]bool{v: true}
	work := []ssa.Value{v}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		refs := x.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			var nv ssa.Value
			switch r := r.(type) {
			case *ssa.Phi:
				nv = r
			case *ssa.ChangeInterface:
				nv = r
			}
			if nv != nil && !set[nv] {
				set[nv] = true
				work = append(work, nv)
			}
		}
	}
	return set
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

// ErrorNonNilSucc is errorNonNilSucc for callers outside the package.
func ErrorNonNilSucc(cond ssa.Value, errs map[ssa.Value]bool) (int, bool) {
	return errorNonNilSucc(cond, errs)
}

// IsLogUse reports whether instruction in uses v only to log it.
func IsLogUse(v ssa.Value, in ssa.Instruction) bool {
	return logUse(v, in, map[ssa.Value]bool{})
}

// IsLogSinkFunc reports whether fn only writes its arguments to a log.
func IsLogSinkFunc(fn *types.Func) bool { return isLogSink(fn) }
