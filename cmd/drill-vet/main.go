// Command drill-vet runs every drill analyzer over Go packages.
//
//	drill-vet ./...                              standalone, loads packages itself; paths relative to here
//	drill-vet -json ./...                        the findings as JSON, per package and analyzer
//	drill-vet -sarif ./... > drill.sarif         a SARIF 2.1.0 log for code scanning
//	go vet -vettool=$(which drill-vet) ./...     through the go command, with cached facts
//	drill-vet version                            the module version it was built at
//
// Exit codes, standalone: 0 no findings, 3 findings printed as text, 1 the
// packages did not load or an analyzer failed. With -json or -sarif the
// findings go to stdout and the exit code is 0 even when there are some (CI
// uploads the file and the code-scanning service decides), and still 1 when
// packages fail to load. Through go vet, go vet's own: 1 when anything was
// reported.
//
// A reviewed finding is accepted with a comment naming its analyzer and
// saying why, at the end of the reported line or on its own line above the
// statement (it then covers every line of the statement starting on the
// next line, or of the declaration, such as a whole function):
//
//	rows, err := db.Query(q) //drill:ignore sqlleak closed by the caller, see Scan
//
//	//drill:ignore sqlleak,txerror the migration tool owns this transaction
//	tx, err := db.BeginTx(ctx, nil)
//
// A directive without a reason, or naming an unknown analyzer, is reported
// and suppresses nothing for the names it gets wrong; one that suppresses
// no finding is reported as unused, so stale ones do not pile up. drill
// check never honours these comments: grading runs the plain analyzers.
package main

import (
	"fmt"
	"os"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/drillhq/drill/analyzers"
	"github.com/drillhq/drill/internal/vetdriver"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "version" {
		// -V=full is go vet's protocol (a build ID for its cache); this
		// is for people: the module version go install stamped.
		fmt.Println("drill-vet", vetdriver.Version())
		return
	}
	list := vetdriver.Suppressing(analyzers.Vet())
	mode, args := vetdriver.ModeOf(os.Args[1:], list)
	switch mode {
	case vetdriver.SARIF:
		os.Exit(vetdriver.RunSARIF(args, list, os.Stdout, os.Stderr))
	case vetdriver.Text:
		os.Exit(vetdriver.RunText(args, list, os.Stderr))
	}
	os.Args = append(os.Args[:1], args...) // without -sarif=false
	if len(args) == 1 && (args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		// multichecker's help lists the analyzers and its own flags;
		// what drill-vet adds comes first.
		fmt.Fprint(os.Stderr, help)
	}
	multichecker.Main(list...)
}

const help = `drill-vet: drill's analyzers and the golang.org/x/tools passes it borrows.

  -sarif    print a SARIF 2.1.0 log on stdout instead of text (standalone only;
            -test and the -NAME and -NAME.flag flags apply, the others do not)

Exit codes, standalone: 0 no findings, 3 findings printed, 1 load or analysis
failure; with -json or -sarif, 0 even with findings (CI uploads the file), 1
when packages fail to load.

Suppress an accepted finding with a reason, on its line or the line above:
  //drill:ignore NAME[,NAME] why this finding is accepted

`
