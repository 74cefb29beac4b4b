// Package bodyleak reports HTTP response bodies that are not closed on
// every path.
package bodyleak

import (
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"

	"github.com/drillhq/drill/analyzers/internal/scopedssa"

	"github.com/drillhq/drill/analyzers/internal/sqlapi"
)

const doc = `http response body not closed on every path

Until resp.Body is closed, the client's Transport cannot put the TCP
connection back in its idle pool, so every leaked body is a connection
(and two goroutines) that stays open until the server hangs up. A body
closed only on the happy path leaks exactly when the upstream is already
in trouble (non-200 answers, decode errors), so the service opens more
and more connections while it degrades. The check follows the response
through SSA from http.Get/Post/Head/PostForm, (*http.Client).Do and
friends, Transport.RoundTrip and Doer-style interfaces; a response that
is returned, stored or handed to an unknown function is left alone, and
facts say which helpers close a body or return a fresh response.

Bad:

	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode) // body leaked
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(&out)

Good:

	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(&out)`

// Analyzer reports unclosed HTTP response bodies.
var Analyzer = &analysis.Analyzer{
	Name:      "bodyleak",
	Doc:       doc,
	Run:       run,
	Requires:  []*analysis.Analyzer{scopedssa.Analyzer},
	FactTypes: []analysis.Fact{new(bodyFact)},
}

// bodyFact records which parameters (responses or bodies) a function closes
// on every path, which it only reads, and which results are fresh responses.
type bodyFact struct{ sqlapi.FuncFacts }

func (*bodyFact) AFact() {}

func (f *bodyFact) String() string { return f.FuncFacts.String() }

func run(pass *analysis.Pass) (any, error) {
	ssaInfo := pass.ResultOf[scopedssa.Analyzer].(*buildssa.SSA)
	if ssaInfo.Pkg == nil {
		return nil, nil // out of scope: no database/sql or net/http below it
	}
	table := sqlapi.NewFactTable(func(fn *types.Func) *sqlapi.FuncFacts {
		var f bodyFact
		if pass.ImportObjectFact(fn, &f) {
			return &f.FuncFacts
		}
		return nil
	})
	env := &sqlapi.Env{Kinds: sqlapi.KindsOf(sqlapi.Response), Facts: table}
	for _, obj := range sqlapi.ComputeFacts(env, table, ssaInfo.SrcFuncs) {
		if f := table.Local[obj]; !f.Empty() {
			pass.ExportObjectFact(obj, &bodyFact{*f})
		}
	}
	leaks := sqlapi.FindLeaks(env, ssaInfo.SrcFuncs)
	if len(leaks) > 0 {
		sqlapi.ReportLeaks(pass, sqlapi.NewSourceIndex(pass.Fset, pass.Files), leaks)
	}
	return nil, nil
}
