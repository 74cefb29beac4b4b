package resource

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/drillhq/drill/analyzers/internal/predicate"
)

// What the standard library does with a response body handed to it: read
// it, wrap it in another reader, or read it to the end.

// readerArg reports whether argument i of fn is an io.Reader that fn only
// reads from.
func readerArg(fn *types.Func, i int) bool {
	switch {
	case predicate.IsFunctionNamed(fn, "io", "ReadAll", "ReadFull", "ReadAtLeast"),
		predicate.IsFunctionNamed(fn, "io/ioutil", "ReadAll"):
		return i == 0
	case predicate.IsFunctionNamed(fn, "io", "Copy", "CopyN", "CopyBuffer"):
		return i == 1
	case predicate.IsMethodNamed(fn, "bytes", "Buffer", "ReadFrom"),
		predicate.IsMethodNamed(fn, "bufio", "Writer", "ReadFrom"):
		return i == 1
	}
	return false
}

// wrapperArg reports whether argument i of fn is a reader that fn wraps in
// a new reader without closing it.
func wrapperArg(fn *types.Func, i int) bool {
	if i != 0 {
		return false
	}
	switch {
	case predicate.IsFunctionNamed(fn, "encoding/json", "NewDecoder"),
		predicate.IsFunctionNamed(fn, "encoding/xml", "NewDecoder"),
		predicate.IsFunctionNamed(fn, "encoding/csv", "NewReader"),
		predicate.IsFunctionNamed(fn, "encoding/gob", "NewDecoder"),
		predicate.IsFunctionNamed(fn, "bufio", "NewReader", "NewReaderSize", "NewScanner"),
		predicate.IsFunctionNamed(fn, "io", "LimitReader", "TeeReader", "NopCloser"),
		predicate.IsFunctionNamed(fn, "compress/gzip", "NewReader"),
		predicate.IsFunctionNamed(fn, "compress/zlib", "NewReader"),
		predicate.IsFunctionNamed(fn, "compress/flate", "NewReader"),
		predicate.IsFunctionNamed(fn, "mime/multipart", "NewReader"):
		return true
	}
	return false
}

// drainsToEOF reports whether argument i of the call is read until a Read
// fails: io.ReadAll, or io.Copy into io.Discard (which never fails).
func drainsToEOF(fn *types.Func, c *ssa.CallCommon, i int) bool {
	switch {
	case predicate.IsFunctionNamed(fn, "io", "ReadAll"), predicate.IsFunctionNamed(fn, "io/ioutil", "ReadAll"):
		return i == 0
	case predicate.IsFunctionNamed(fn, "io", "Copy", "CopyBuffer"):
		return i == 1 && c != nil && isIODiscard(c.Args[0])
	}
	return false
}

func isIODiscard(v ssa.Value) bool {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return false
	}
	g, ok := u.X.(*ssa.Global)
	return ok && g.Pkg != nil && g.Pkg.Pkg.Path() == "io" && g.Name() == "Discard"
}
