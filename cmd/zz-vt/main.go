package main

import (
	"golang.org/x/tools/go/analysis/passes/httpresponse"
	"golang.org/x/tools/go/analysis/unitchecker"
)

func main() { unitchecker.Main(httpresponse.Analyzer) }
