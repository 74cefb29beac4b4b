package flow_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"golang.org/x/tools/go/cfg"

	"github.com/drillhq/drill/analyzers/internal/flow"
)

const perIterationSrc = `package p

func f(xs []int, n int) {
	for _, x := range xs {
		if x > 0 {
			once()
			break
		}
		each()
	}
	for i := 0; i < n; i++ {
		if i == 2 {
			skip()
			continue
		}
		if i == 3 {
			leave()
			return
		}
		counted()
	}
	for n > 0 {
		n--
		whileCond()
	}
	for {
		forever()
		if n == 0 {
			break
		}
	}
	for _, x := range xs {
		for range x {
			innerOnce()
			break
		}
		outerEach()
	}
	for range xs {
		return
		dead()
	}
	after()
}
`

// PerIteration tells a query that can run on every iteration (plain,
// followed by continue, in a loop of each form, once per inner loop) from
// one that runs at most once (followed by break or return), and from code
// outside the loop's body or never reached.
func TestPerIteration(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", perIterationSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	g := cfg.New(body, func(*ast.CallExpr) bool { return true })
	loops := body.List[:6]
	inner := loops[4].(*ast.RangeStmt).Body.List[0].(*ast.RangeStmt)
	at := map[string]token.Pos{}
	ast.Inspect(body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			at[c.Fun.(*ast.Ident).Name] = c.Pos()
		}
		return true
	})
	for _, tc := range []struct {
		loop ast.Stmt
		call string
		want bool
	}{
		{loops[0], "once", false},
		{loops[0], "each", true},
		{loops[1], "skip", true},
		{loops[1], "leave", false},
		{loops[1], "counted", true},
		{loops[2], "whileCond", true},
		{loops[3], "forever", true},
		{loops[4], "outerEach", true},
		{loops[4], "innerOnce", true}, // once per inner loop, every outer iteration
		{inner, "innerOnce", false},
		{loops[5], "dead", false},
		{loops[0], "after", false}, // after the loop
		{loops[1], "once", false},  // in another loop
	} {
		if got := flow.PerIteration(g, tc.loop, at[tc.call]); got != tc.want {
			t.Errorf("PerIteration(loop at %v, %s()) = %v, want %v", fset.Position(tc.loop.Pos()), tc.call, got, tc.want)
		}
	}
}
