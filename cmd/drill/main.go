// Command drill trains engineers to review Go backend code. See drill help.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/drillhq/drill/analyzers"
	"github.com/drillhq/drill/internal/cli"
	"github.com/drillhq/drill/internal/grade"
)

func main() {
	// drill check runs `go vet -vettool=drill`: the go command then invokes
	// this binary with its vet protocol, and it answers as an analysis tool.
	if cli.IsVetInvocation(os.Args[1:]) {
		unitchecker.Main(append(analyzers.Vet(), analyzers.Grading...)...)
	}
	// drill check runs each test binary under drill itself, which kills
	// whatever the tests started once they end.
	if len(os.Args) > 1 && os.Args[1] == grade.ReapCommand {
		os.Exit(grade.Reap(os.Args[2:]))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	wd, _ := os.Getwd()
	code := cli.Main(ctx, os.Args[1:], cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Dir: wd, Getenv: os.Getenv, Self: cli.SelfPath(os.Args[0]),
	})
	stop()
	os.Exit(code)
}
