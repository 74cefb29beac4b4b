// Command drill-vet runs every drill analyzer over Go packages.
//
//	drill-vet ./...                              standalone, loads packages itself
//	go vet -vettool=$(which drill-vet) ./...     through the go command, with cached facts
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/drillhq/drill/analyzers"
)

func main() { multichecker.Main(analyzers.Vet()...) }
