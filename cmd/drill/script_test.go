package main

import (
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/drillhq/drill/internal/scripttest"
)

// The CLI is tested as a learner uses it: testscript files under
// testdata/script run the real drill binary (this test binary, re-executed
// as "drill") against the small fixture pack in testdata/pack, with real go
// builds and real go test -race runs, offline.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"drill": main})
}

func TestScripts(t *testing.T) {
	pack, err := filepath.Abs("../../testdata/pack")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script",
		RequireExplicitExec: true,
		Setup:               scripttest.Setup(t, "DRILL_EXERCISES", pack, "NO_COLOR", "1"),
		Condition:           scripttest.Condition,
	})
}
