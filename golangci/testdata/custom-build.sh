#!/usr/bin/env bash
# custom-build.sh builds golangci-lint v2.15.0 with drill's module plugins
# and lints golangci/testdata/fixture with it, checking that sqlleak reports
# the fixture's one leak (the line marked "drill:report") and nothing else:
# not the look-alike that closes through a helper in another package, not
# the leak silenced with //nolint:sqlleak.
#
# It is not run by CI: the first run downloads golangci-lint's dependencies
# and compiles them (several minutes, see docs/golangci-lint.md).
#
# `golangci-lint custom` would clone golangci-lint from GitHub; this builds
# the same binary from the Go module proxy instead: a throwaway module whose
# main runs golangci-lint's command package as its cmd/golangci-lint does,
# plus a blank import of drill's plugins, with drill replaced by this clone.
# The module lives under /tmp and is removed on exit. drill's own go.mod is
# not touched.
set -euo pipefail

version=v2.15.0
repo=$(cd "$(dirname "$0")/../.." && pwd)
fixture=$repo/golangci/testdata/fixture

work=$(mktemp -d /tmp/drill-custom-gcl.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The custom binary and its workspace. The replace makes the build use this
# clone's drill, so the script tests the working tree, not a release.
mkdir "$work/build"
cat >"$work/build/go.mod" <<GOMOD
module drill.local/custom-gcl

go 1.26.0

require (
	github.com/drillhq/drill v0.0.0
	github.com/golangci/golangci-lint/v2 $version
)

replace github.com/drillhq/drill => $repo
GOMOD
cat >"$work/build/main.go" <<'GO'
// Command custom-gcl is golangci-lint with drill's module plugins.
package main

import (
	"fmt"
	"os"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	// Registers one golangci-lint plugin per drill analyzer.
	_ "github.com/drillhq/drill/golangci"
)

func main() {
	info := commands.BuildInfo{Version: "2.15.0+drill", Commit: "custom-build.sh", Date: "(unknown)"}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
GO

echo "custom-build.sh: resolving golangci-lint $version and drill ($repo)"
(cd "$work/build" && go mod tidy)
echo "custom-build.sh: building"
(cd "$work/build" && go build -o "$work/custom-gcl" .)

# Lint a copy, so nothing golangci-lint writes lands in the repo; its cache
# goes to the temp folder too.
cp -R "$fixture" "$work/fixture"
export GOLANGCI_LINT_CACHE=$work/cache
echo "custom-build.sh: linting the fixture"
status=0
(cd "$work/fixture" && "$work/custom-gcl" run --show-stats=false \
	--output.text.path=stdout --output.text.print-issued-lines=false \
	--output.text.colors=false ./...) >"$work/out" 2>"$work/err" || status=$?
cat "$work/out"

fail() {
	echo "custom-build.sh: FAIL: $*" >&2
	echo "--- golangci-lint stderr:" >&2
	cat "$work/err" >&2
	exit 1
}

# Exit code 1 is golangci-lint's "issues found"; anything else means it did
# not lint (a plugin that failed to load, a config error, ...).
[ "$status" -eq 1 ] || fail "golangci-lint exited $status, want 1 (issues found)"

# The expected findings are the marked lines, as golangci-lint prints them
# (path:line:col: message (linter)). Every finding printed, whatever its
# linter, must be one of them and come from sqlleak.
want=$(cd "$work/fixture" && grep -rn --include='*.go' '// drill:report$' . |
	awk -F: '{ sub(/^\.\//, "", $1); print $1 ":" $2 " (sqlleak)" }' | sort || true)
[ -n "$want" ] || fail "the fixture has no drill:report line"
got=$(grep -E '^[^ :]+\.go:[0-9]+:' "$work/out" |
	sed -E 's/^([^:]+):([0-9]+):.*(\([a-z0-9_]+\))$/\1:\2 \3/' | sort || true)
[ "$got" = "$want" ] || fail "findings (file:line (linter)):
${got:-none}
want exactly:
$want"
echo "custom-build.sh: ok: reported $(echo $want); the look-alike and the //nolint:sqlleak leak stayed silent"
