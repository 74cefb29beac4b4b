package main

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/drillhq/drill/internal/scripttest"
)

// drill-vet is tested as CI runs it, over small modules in
// testdata/vetscript, both standalone and as go vet's -vettool.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"drill-vet": main})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/vetscript",
		RequireExplicitExec: true,
		Setup:               scripttest.Setup(t),
	})
}
