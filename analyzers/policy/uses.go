package policy

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
)

// A Use is one construct the policy refuses unless the shipped code uses
// it too: Key names the construct ("import unsafe", "os.Args",
// "//go:norace", "string /proc/"), Pos is where this use is.
type Use struct {
	Key string
	Pos token.Pos
}

// Uses returns, in source order, the policy's constructs used by files,
// found from syntax alone so that drill can tell what an exercise's
// shipped code uses without type-checking it. Files whose name ends in
// _test.go are skipped: they are drill's own tests, never judged.
//
// Without types, Uses errs on the side of reporting: a name that an
// import of os or runtime binds (o in o.Args, or Getenv after a dot import)
// counts as that package's even where a local variable shadows it, and
// every drill.workspace import counts, the exercise's own packages
// included. That is safe for an allow-list,
// which it can only widen; the Analyzer, which has types and the package's
// path, reports a subset of these with the same keys.
func Uses(fset *token.FileSet, files []*ast.File) []Use {
	return detect(fset, files, nil, "")
}

// UsesOfSource returns the sorted distinct keys used by the non-test .go
// files of a package given as file name to source, as -policy.allow
// expects them (joined with commas).
func UsesOfSource(files map[string][]byte) ([]string, error) {
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if !judged(name) {
			continue
		}
		f, err := parser.ParseFile(fset, name, files[name], parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("policy: %v", err)
		}
		parsed = append(parsed, f)
	}
	var keys []string
	for _, u := range Uses(fset, parsed) {
		keys = append(keys, u.Key)
	}
	slices.Sort(keys)
	return slices.Compact(keys), nil
}

// judged reports whether the policy applies to the Go file called name.
func judged(name string) bool {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	return strings.HasSuffix(base, ".go") && !strings.HasSuffix(base, "_test.go")
}

// detect finds the uses in files. With info (when the Analyzer runs) package
// names and dot-imported names are resolved by the type checker; without
// it, by each file's import specs. root, when known, is the exercise's
// import path (see exerciseRoot): imports of its packages are exempt.
func detect(fset *token.FileSet, files []*ast.File, info *types.Info, root string) []Use {
	var uses []Use
	for _, f := range files {
		// The file's real name, not one a //line directive claims: a
		// directive naming x_test.go must not hide the file.
		if tf := fset.File(f.Pos()); tf != nil && !judged(tf.Name()) {
			continue
		}
		uses = append(uses, fileUses(f, info, root)...)
	}
	slices.SortStableFunc(uses, func(a, b Use) int { return cmp.Compare(a.Pos, b.Pos) })
	return uses
}

func fileUses(f *ast.File, info *types.Info, root string) []Use {
	var uses []Use
	add := func(key string, pos token.Pos) { uses = append(uses, Use{key, pos}) }

	// names maps each name an import binds in this file to its path;
	// dotted holds the paths imported with a dot.
	names := map[string]string{}
	dotted := map[string]bool{}
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue // the parser accepted it, so this cannot happen
		}
		if key, ok := importKey(p, root); ok {
			add(key, spec.Pos())
		}
		switch {
		case spec.Name == nil:
			// Only os and runtime matter here, whose names are the
			// last element of their paths.
			names[path.Base(p)] = p
		case spec.Name.Name == ".":
			dotted[p] = true
		case spec.Name.Name != "_":
			names[spec.Name.Name] = p
		}
	}

	// pkgOf returns the path of the package id names as the X of X.Sel.
	pkgOf := func(id *ast.Ident) (string, bool) {
		if info != nil {
			pn, ok := info.Uses[id].(*types.PkgName)
			if !ok {
				return "", false // a local variable, field or type named like a package
			}
			return pn.Imported().Path(), true
		}
		p, ok := names[id.Name]
		return p, ok
	}
	// dotPkgOf returns the path of the package a bare identifier comes
	// from through a dot import.
	dotPkgOf := func(id *ast.Ident) (string, bool) {
		if info != nil {
			obj := info.Uses[id]
			if obj == nil || obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() || !dotted[obj.Pkg().Path()] {
				return "", false
			}
			return obj.Pkg().Path(), true
		}
		for p := range dotted {
			if _, ok := selectorKey(p, id.Name); ok {
				return p, true
			}
		}
		return "", false
	}

	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			return false // judged above, and its path is no string to read
		case *ast.SelectorExpr:
			if x, ok := n.X.(*ast.Ident); ok {
				if p, ok := pkgOf(x); ok {
					if key, ok := selectorKey(p, n.Sel.Name); ok {
						add(key, n.Pos())
					}
				}
			}
			// Sel is a name in X, never a dot-imported one.
			ast.Inspect(n.X, visit)
			return false
		case *ast.FuncDecl:
			// A function's, method's, field's or parameter's own name
			// declares it: without types, it would look like a use of the
			// dot-imported name it shares.
			if n.Recv != nil {
				ast.Inspect(n.Recv, visit)
			}
			ast.Inspect(n.Type, visit)
			if n.Body != nil {
				ast.Inspect(n.Body, visit)
			}
			return false
		case *ast.Field:
			ast.Inspect(n.Type, visit)
			if n.Tag != nil {
				ast.Inspect(n.Tag, visit)
			}
			return false
		case *ast.Ident:
			if p, ok := dotPkgOf(n); ok {
				if key, ok := selectorKey(p, n.Name); ok {
					add(key, n.Pos())
				}
			}
		case *ast.BasicLit, *ast.BinaryExpr, *ast.ParenExpr:
			if s, ok := constString(n.(ast.Expr)); ok {
				// The outermost constant expression only: "/pro" + "c/"
				// is one string, reported once per key.
				seen := map[string]bool{}
				for _, nd := range stringNeedles {
					if nd.in(s) && !seen[nd.key] {
						seen[nd.key] = true
						add(nd.key, n.Pos())
					}
				}
				return false
			}
		}
		return true
	}
	ast.Inspect(f, visit)

	for _, group := range f.Comments {
		for _, c := range group.List {
			if key, ok := directiveKey(c.Text); ok {
				add(key, c.Pos())
			}
		}
	}
	return uses
}

// constString returns the value of a string literal, or of literals joined
// with +, so that splitting a needle across literals does not hide it.
func constString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.ParenExpr:
		return constString(e.X)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		x, ok := constString(e.X)
		if !ok {
			return "", false
		}
		y, ok := constString(e.Y)
		return x + y, ok
	}
	return "", false
}
