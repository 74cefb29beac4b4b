#!/usr/bin/env bash
# Reproduces docs/analyzers-compared.md: drill-vet against popular Go linters.
#
#   bash docs/compare/run.sh [all|install|build|corpus|corpus-run|real|real-run|timing|timing-cold|score]
#
# Everything is written under $CMP (default /tmp/cmp); nothing in the repo is
# touched. Needs Go 1.26, python3 and the Go module proxy. Heavy commands run
# under nice. The machine this was first run on had 2 loaded cores: expect
# ~30-60 minutes for "all".
set -uo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
CMP=${CMP:-/tmp/cmp}
BIN=$CMP/bin
OUT=$CMP/out
CORPUS=$CMP/corpus
REAL=$CMP/real
NICE="nice -n 10"
mkdir -p "$BIN" "$OUT" "$CMP/logs"
export PATH=$BIN:$PATH

# Peer versions. staticcheck and gosec are the versions known to install with
# Go 1.26 here; the others are whatever @latest resolved to (recorded in
# $OUT/versions.txt).
PEERS=(
  honnef.co/go/tools/cmd/staticcheck@v0.8.2
  github.com/securego/gosec/v2/cmd/gosec@v2.30.0
  github.com/timakin/bodyclose@latest
  github.com/ryanrolds/sqlclosecheck@latest
  github.com/jingyugao/rowserrcheck@latest
  github.com/kisielk/errcheck@latest
  github.com/sonatard/noctx/cmd/noctx@latest
)

install() {
  for m in "${PEERS[@]}"; do
    echo "== go install $m"
    GOBIN=$BIN GOFLAGS=-mod=mod $NICE go install "$m" 2>&1 | tail -5 || echo "INSTALL FAILED: $m"
  done
  { go version; for b in "$BIN"/*; do echo "$(basename "$b"): $(go version -m "$b" | awk '$1=="mod"{print $2, $3}')"; done; } > "$OUT/versions.txt"
  cat "$OUT/versions.txt"
}

# drill-vet is built from a clean export of a commit (default HEAD), so
# uncommitted work in the tree does not leak into the measurement.
DRILL_REV=${DRILL_REV:-HEAD}
build() {
  local src=$CMP/drill-src
  rm -rf "$src"; mkdir -p "$src"
  git -C "$REPO" archive "$DRILL_REV" | tar -x -C "$src" || return 1
  git -C "$REPO" rev-parse "$DRILL_REV" > "$OUT/drill-rev.txt"
  (cd "$src" && $NICE go build -o "$BIN/drill-vet.new" ./cmd/drill-vet) && mv "$BIN/drill-vet.new" "$BIN/drill-vet"
}

# ---------------------------------------------------------------- corpus
corpus() {
  rm -rf "$CORPUS"; mkdir -p "$CORPUS"
  cp "$REPO/internal/workspace/template/workspace.mod" "$CORPUS/go.mod"
  cp "$REPO/internal/workspace/template/workspace.sum" "$CORPUS/go.sum"
  # analyzer testdata: td/<analyzer>/<pkg>, imports of sibling testdata
  # packages rewritten to drill.workspace/td/<analyzer>/<pkg>.
  for src in "$REPO"/analyzers/*/testdata/src; do
    an=$(basename "$(dirname "$(dirname "$src")")")
    # policy holds grading rules, which drill-vet does not run, and its
    # fixtures are fragments that do not type-check (errcheck then refuses
    # the whole corpus).
    [ "$an" = policy ] && continue
    (cd "$src" && find . -name '*.go' -not -name '*_test.go') | while read -r f; do
      mkdir -p "$CORPUS/td/$an/$(dirname "$f")"
      cp "$src/$f" "$CORPUS/td/$an/$f"
    done
    # every import path that names a package under this src/ gets the prefix
    for dir in $(cd "$src" && find . -name '*.go' -exec dirname {} \; | sort -u | sed 's|^\./||'); do
      find "$CORPUS/td/$an" -name '*.go' -exec sed -i "s|\"$dir\"|\"drill.workspace/td/$an/$dir\"|g" {} +
    done
  done
  # exercises: ex/<id>/bug = code/, ex/<id>/fix = code/ with solution/ applied
  for e in "$REPO"/exercises/testdata/*/; do
    id=$(basename "$e")
    mkdir -p "$CORPUS/ex/$id/bug" "$CORPUS/ex/$id/fix"
    cp "$e"code/*.go "$CORPUS/ex/$id/bug/"
    cp "$e"code/*.go "$CORPUS/ex/$id/fix/"
    cp "$e"solution/*.go "$CORPUS/ex/$id/fix/"
  done
  (cd "$CORPUS" && GOFLAGS=-mod=mod $NICE go build ./... ) && echo "corpus builds"
  # function ranges, for per-function scoring
  funcs "$CORPUS" > "$OUT/corpus-funcs.tsv"
}

# funcs DIR: file<TAB>func<TAB>startline<TAB>endline for every FuncDecl.
funcs() {
  local t=$CMP/funcs
  if [ ! -x "$t/funcs" ]; then
    mkdir -p "$t"
    cat > "$t/main.go" <<'GO'
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	filepath.WalkDir(os.Args[1], func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return nil
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			name := fd.Name.Name
			if fd.Recv != nil && len(fd.Recv.List) > 0 {
				name = types(fd.Recv.List[0].Type) + "." + name
			}
			fmt.Printf("%s\t%s\t%d\t%d\n", p, name, fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line)
		}
		return nil
	})
}

func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return types(e.X)
	case *ast.Ident:
		return e.Name
	case *ast.IndexExpr:
		return types(e.X)
	}
	return "?"
}
GO
    (cd "$t" && [ -f go.mod ] || go mod init funcs >/dev/null 2>&1; cd "$t" && go build -o funcs .)
  fi
  "$t/funcs" "$1"
}

# run_tools NAME DIR PATTERNS...: every tool over the same packages; raw
# output in $OUT/NAME/<tool>.raw, normalised in $OUT/NAME/findings.tsv
# (tool, check, file, line, message).
run_tools() {
  local name=$1 dir=$2; shift 2
  local o=$OUT/$name; mkdir -p "$o"
  cd "$dir" || return 1
  local tm=$o/times.tsv; [ -z "${ONLY:-}" ] && : > "$tm"
  # ONLY="tool ..." reruns just those tools, keeping the others' output.
  t() { local tool=$1; shift; local s e; if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $tool "* ]]; then return; fi; s=$(date +%s.%N); "$@" > "$o/$tool.raw" 2> "$o/$tool.err"; echo "$?" > "$o/$tool.rc"; e=$(date +%s.%N); echo -e "$tool\t$(echo "$e - $s" | bc)" >> "$tm"; }
  # Test files are left out for every tool that can leave them out (gosec
  # does by default); go vet cannot, so its counts include _test.go files.
  local at=-test=false sct=-tests=false ect=-ignoretests
  t drill      $NICE "$BIN/drill-vet" $at -json "$@"
  t govet      $NICE go vet "$@"
  t staticcheck $NICE "$BIN/staticcheck" $sct -f json "$@"
  t bodyclose  $NICE "$BIN/bodyclose" $at "$@"
  t sqlclosecheck $NICE "$BIN/sqlclosecheck" $at "$@"
  t rowserrcheck $NICE "$BIN/rowserrcheck" "$@"   # no -test flag; v1.1.1 fails on Go 1.26 (internal error)
  t errcheck   $NICE "$BIN/errcheck" $ect "$@"
  # gosec takes directories, not import paths
  t gosec      $NICE "$BIN/gosec" -quiet -fmt json -no-fail $(go list -f '{{.Dir}}' "$@")
  t noctx      $NICE go vet -vettool="$BIN/noctx" "$@"   # a vet tool only; tests included
  write_py; python3 "$CMP/normalize.py" "$o" "$dir" > "$o/findings.tsv"
  cd - >/dev/null
}

corpus_run() { run_tools corpus "$CORPUS" ./...; }

# ---------------------------------------------------------------- real code
real() {
  # A throwaway module that pulls a real database/sql + net/http user
  # (pressly/goose) and the module-cache packages named in the brief.
  rm -rf "$REAL"; mkdir -p "$REAL"
  cd "$REAL"
  go mod init realcode >/dev/null 2>&1
  cat > tools.go <<'GO'
//go:build tools

package realcode

import (
	_ "github.com/pressly/goose/v3"
	_ "github.com/rogpeppe/go-internal/testscript"
	_ "golang.org/x/tools/go/packages"
)
GO
  GOFLAGS=-mod=mod $NICE go get github.com/pressly/goose/v3@v3.29.0 golang.org/x/tools@v0.52.0 github.com/rogpeppe/go-internal@v1.16.0 2>&1 | tail -3
  GOFLAGS=-mod=mod $NICE go mod tidy 2>&1 | tail -3
  cd - >/dev/null
}

# goose: its library packages (database/sql migrations, transactions, locks)
# and its example migrations; cmd/goose and pkg/dockermanage are left out
# because they pull in every database driver.
REAL_PKGS=(net/http/... database/sql/... golang.org/x/tools/go/packages/... github.com/rogpeppe/go-internal/...
  github.com/pressly/goose/v3 github.com/pressly/goose/v3/database/... github.com/pressly/goose/v3/internal/...
  github.com/pressly/goose/v3/lock/... github.com/pressly/goose/v3/examples/...)

real_run() { run_tools real "$REAL" "${REAL_PKGS[@]}"; }

score() { write_py; python3 "$CMP/score.py" "$OUT" "$CORPUS" "$REPO" | tee "$OUT/tables.md"; }

# go vet -vettool=drill-vet vs plain go vet on the same packages, warm cache,
# 3 runs each (a first untimed run of each warms the cache).
# The set is smaller than REAL_PKGS (no net/http/...) so that 8 runs fit on a
# loaded 2-core machine.
TIMING_PKGS=(database/sql/... golang.org/x/tools/go/packages/... github.com/pressly/goose/v3
  github.com/pressly/goose/v3/database/... github.com/pressly/goose/v3/internal/... github.com/pressly/goose/v3/lock/...)
timing() {
  cd "$REAL" || return 1
  local f=$OUT/timing.tsv; : > "$f"
  set -- "${TIMING_PKGS[@]}"
  local REAL_PKGS=("$@")
  go vet "${REAL_PKGS[@]}" >/dev/null 2>&1; go vet -vettool="$BIN/drill-vet" "${REAL_PKGS[@]}" >/dev/null 2>&1
  for i in 1 2 3; do
    for mode in govet drillvet; do
      s=$(date +%s.%N)
      if [ $mode = govet ]; then $NICE go vet "${REAL_PKGS[@]}" >/dev/null 2>&1
      else $NICE go vet -vettool="$BIN/drill-vet" "${REAL_PKGS[@]}" >/dev/null 2>&1; fi
      e=$(date +%s.%N); echo -e "$mode\t$i\t$(echo "$e - $s" | bc)" | tee -a "$f"
    done
  done
  cd - >/dev/null
}

# The same, with the compile cache warm but the measured tool's vet results
# absent (with a fully warm cache go vet replays cached results and both
# sides only measure the go command). Two GOCACHEs are warmed, one by each
# tool; each timed run works on a fresh copy of the *other* tool's cache.
timing_cold() {
  cd "$REAL" || return 1
  local P=("${TIMING_PKGS[@]}") f=$OUT/timing-cold.tsv
  rm -rf "$CMP/gcA" "$CMP/gcB"; : > "$f"
  ( GOCACHE=$CMP/gcA $NICE go vet "${P[@]}" >/dev/null 2>&1 ) &
  ( GOCACHE=$CMP/gcB $NICE go vet -vettool="$BIN/drill-vet" "${P[@]}" >/dev/null 2>&1 ) &
  wait
  for i in 1 2 3; do
    for mode in govet drillvet; do
      rm -rf "$CMP/gcT"
      if [ $mode = govet ]; then cp -a "$CMP/gcB" "$CMP/gcT"; else cp -a "$CMP/gcA" "$CMP/gcT"; fi
      s=$(date +%s.%N)
      if [ $mode = govet ]; then GOCACHE=$CMP/gcT $NICE go vet "${P[@]}" >/dev/null 2>&1
      else GOCACHE=$CMP/gcT $NICE go vet -vettool="$BIN/drill-vet" "${P[@]}" >/dev/null 2>&1; fi
      e=$(date +%s.%N); echo -e "$mode\t$i\t$(echo "$e - $s" | bc)" | tee -a "$f"
    done
  done
  rm -rf "$CMP/gcT"
  cd - >/dev/null
}

# The normaliser and the scorer, written to $CMP at run time (kept in this
# one file so the comparison is a single script).
write_py() {
  cat > "$CMP/normalize.py" <<'PYEOF'
# normalize.py OUTDIR RUNDIR: every tool's raw output -> tool, check, file, line, message
import json, os, re, sys
o, rundir = sys.argv[1], sys.argv[2]
GOROOT = os.popen('go env GOROOT').read().strip()
LINE = re.compile(r'^(\S.*?\.go):(\d+)(?::\d+)?:\s*(.*)$')
rows = []
def absf(f):
    if not os.path.isabs(f):
        f = os.path.normpath(os.path.join(rundir, f))
    return os.path.realpath(f) if os.path.exists(f) else f
def add(tool, check, f, line, msg):
    rows.append((tool, check, absf(f), int(line), ' '.join(str(msg).split())))
def text(tool, check=None):
    for ext in ('raw', 'err'):
        p = os.path.join(o, tool + '.' + ext)
        if not os.path.exists(p):
            continue
        for l in open(p, errors='replace'):
            m = LINE.match(l.rstrip('\n'))
            if m:
                add(tool, check or tool, m.group(1), m.group(2), m.group(3))
def drill(tool, ext='raw'):
    # analysis -json output: one object per run (standalone) or per package
    # (go vet -vettool, with "# pkg" header lines in between).
    p = os.path.join(o, tool + '.' + ext)
    if not os.path.exists(p):
        return
    dec = json.JSONDecoder()
    s = ''.join(l for l in open(p, errors='replace') if not l.startswith('#'))
    i = 0
    while True:
        while i < len(s) and s[i].isspace():
            i += 1
        if i >= len(s):
            break
        try:
            obj, i = dec.raw_decode(s, i)
        except ValueError:
            break
        for pkg, byan in obj.items():
            for an, diags in byan.items():
                if isinstance(diags, dict):  # {"error": ...}
                    continue
                for d in diags:
                    f, line = d['posn'].rsplit(':', 2)[:2]
                    add(tool, an, f, line, d['message'])
for t in ('drill', 'drill-all'):
    drill(t)
text('govet')
p = os.path.join(o, 'staticcheck.raw')
if os.path.exists(p):
    for l in open(p):
        try:
            d = json.loads(l)
        except ValueError:
            continue
        add('staticcheck', d['code'], d['location']['file'], d['location']['line'], d['message'])
for t in ('bodyclose', 'sqlclosecheck', 'rowserrcheck'):
    text(t)
drill('noctx', 'err')  # go vet -vettool=noctx prints analysis JSON
p = os.path.join(o, 'errcheck.raw')
if os.path.exists(p):
    for l in open(p, errors='replace'):
        m = re.match(r'^(\S.*?\.go):(\d+):\d+:\s*(.*)$', l.rstrip('\n'))
        if m:
            add('errcheck', 'errcheck', m.group(1), m.group(2), m.group(3))
p = os.path.join(o, 'gosec.raw')
if os.path.exists(p) and os.path.getsize(p):
    try:
        d = json.load(open(p))
        for i in d.get('Issues') or []:
            add('gosec', i['rule_id'], i['file'], str(i['line']).split('-')[0], i['details'])
    except ValueError:
        pass
seen = set()
for r in rows:
    if r in seen:
        continue
    seen.add(r)
    print('\t'.join(map(str, r)))
PYEOF
  cat > "$CMP/score.py" <<'PYEOF'
# score.py OUT CORPUS REPO: markdown tables from the normalised findings.
import collections, os, re, sys
OUT, CORPUS, REPO = sys.argv[1:4]
TOOLS = ['drill', 'drill-all', 'govet', 'staticcheck', 'gosec', 'errcheck', 'bodyclose', 'sqlclosecheck', 'rowserrcheck', 'noctx']
CORPUS = os.path.realpath(CORPUS)

def load(name):
    p = os.path.join(OUT, name, 'findings.tsv')
    rows = []
    if os.path.exists(p):
        for l in open(p):
            t, c, f, line, msg = l.rstrip('\n').split('\t', 4)
            rows.append((t, c, f, int(line), msg))
    return rows

def ran(name):
    return [t for t in TOOLS if os.path.exists(os.path.join(OUT, name, t + '.rc'))]

# What counts as a finding "about" a bug kind, per tool. drill/drill-all: the
# analyzer of that name. Peers: the checks that target that kind of bug.
PEER = {
    'sqlleak':     {'sqlclosecheck': r'.'},
    'bodyleak':    {'bodyclose': r'.'},
    'txerror':     {'errcheck': r'.', 'gosec': r'^G104$', 'staticcheck': r'^SA4006$'},
    'decodecheck': {'errcheck': r'.', 'gosec': r'^G104$', 'staticcheck': r'^SA4006$'},
    'lostupdate':  {},
    'lockorder':   {'staticcheck': r'^SA2001$', 'govet': r'lock'},
    'sqlinject':   {'gosec': r'^G20[12]$|^G701$'},
    'reqctx':      {'noctx': r'.', 'staticcheck': r'^SA1012$', 'govet': r'lostcancel|context'},
    'lockleak':    {'staticcheck': r'^SA200[13]$', 'govet': r'lock'},
    'sharedwrite': {'staticcheck': r'^SA2000$', 'govet': r'race|loop variable'},
    'chanleak':    {'govet': r'goroutine|leak'},
    'nplusone':    {},
}
def relevant(t, c, kind):
    if t.startswith('drill'):
        return c == kind or kind not in PEER
    rules = PEER.get(kind)
    if rules is None:          # a kind no tool targets: any finding counts
        return True
    r = rules.get(t)
    return bool(r and re.search(r, c))

# ---------------------------------------------------------------- testdata
funcs = collections.defaultdict(list)
for l in open(os.path.join(OUT, 'corpus-funcs.tsv')):
    f, n, a, b = l.rstrip('\n').split('\t')
    funcs[os.path.realpath(os.path.join(CORPUS, f) if not f.startswith('/') else f)].append((n, int(a), int(b)))
def unit(f, line):
    for n, a, b in funcs.get(f, []):
        if a <= line <= b:
            return (f, n)
    return (f, '(top level)')

WANT = re.compile(r'//\s*want\s+(.*)$')
TOK = re.compile(r'(\w+:)?("(?:[^"\\]|\\.)*"|`[^`]*`)')
pos_lines = collections.defaultdict(set)   # unit -> want lines
units = {}                                  # unit -> family
for root, _, files in os.walk(os.path.join(CORPUS, 'td')):
    if '/golang.org/' in root:
        continue                            # errgroup stub, not test input
    for fn in files:
        if not fn.endswith('.go'):
            continue
        f = os.path.join(root, fn)
        fam = os.path.relpath(f, os.path.join(CORPUS, 'td')).split('/')[0]
        for n, a, b in funcs.get(f, []):
            units[(f, n)] = fam
        for i, l in enumerate(open(f), 1):
            m = WANT.search(l)
            if m and any(not g[0] for g in TOK.findall(m.group(1))):
                u = unit(f, i)
                units[u] = fam
                pos_lines[u].add(i)

fam_of = {}
corpus = load('corpus')
tools = ran('corpus')
hits = collections.defaultdict(lambda: collections.defaultdict(list))  # tool -> unit -> [(c,line,msg)]
for t, c, f, line, msg in corpus:
    if f.startswith(os.path.join(CORPUS, 'td') + '/'):
        u = unit(f, line)
        if u in units:
            hits[t][u].append((c, line, msg))
fams = sorted(set(units.values()))
print('## Recall on testdata positives (unit: a function holding >=1 diagnostic `// want`)\n')
print('A tool detects a positive function when it reports, inside that function, a finding of a check that targets that bug family (see PEER in score.py; for drill, the analyzer of that name). Cells: detected/positives. "any" in parentheses: any finding at all inside the function.\n')
print('| family | positives | ' + ' | '.join(tools) + ' |')
print('|---|---|' + '---|' * len(tools))
tot = collections.Counter(); totany = collections.Counter(); P = 0
for fam in fams:
    pos = [u for u in units if units[u] == fam and u in pos_lines]
    P += len(pos)
    cells = []
    for t in tools:
        d = sum(1 for u in pos if any(relevant(t, c, fam) for c, _, _ in hits[t][u]))
        a = sum(1 for u in pos if hits[t][u])
        tot[t] += d; totany[t] += a
        cells.append(f'{d}/{len(pos)}' + (f' ({a})' if a != d else ''))
    print(f'| {fam} | {len(pos)} | ' + ' | '.join(cells) + ' |')
print(f'| **all** | {P} | ' + ' | '.join(f'**{tot[t]}/{P}**' + (f' ({totany[t]})' if totany[t] != tot[t] else '') for t in tools) + ' |')

# drill per marked line (exact line)
print('\nPer marked line (exact line match, drill only): ', end='')
for t in ('drill', 'drill-all'):
    if t not in tools: continue
    allw = sum(len(v) for v in pos_lines.values())
    got = sum(1 for u, ls in pos_lines.items() for l in ls if any(hl == l and c == units[u] for c, hl, _ in hits[t][u]))
    print(f'{t} {got}/{allw}; ', end='')
print('\n')

print('## False alarms on testdata negatives (unit: a function with no diagnostic `// want`)\n')
print('Cells: functions flagged by a check targeting that family / functions flagged by anything the tool reports. For drill, any drill analyzer counts in both.\n')
print('| family | negatives | ' + ' | '.join(tools) + ' |')
print('|---|---|' + '---|' * len(tools))
tot = collections.Counter(); totany = collections.Counter(); N = 0
neg_detail = collections.defaultdict(list)
for fam in fams:
    neg = [u for u in units if units[u] == fam and u not in pos_lines]
    N += len(neg)
    cells = []
    for t in tools:
        if t.startswith('drill'):
            d = a = sum(1 for u in neg if hits[t][u])
        else:
            d = sum(1 for u in neg if any(relevant(t, c, fam) for c, _, _ in hits[t][u]))
            a = sum(1 for u in neg if hits[t][u])
        for u in neg:
            for c, l, m in hits[t][u]:
                neg_detail[t].append((os.path.relpath(u[0], CORPUS), l, u[1], c, m))
        tot[t] += d; totany[t] += a
        cells.append(f'{d} / {a}')
    print(f'| {fam} | {len(neg)} | ' + ' | '.join(cells) + ' |')
print(f'| **all** | {N} | ' + ' | '.join(f'**{tot[t]} / {totany[t]}**' for t in tools) + ' |')
print()
for t in ('drill', 'drill-all'):
    for r in neg_detail[t]:
        print(f'- {t} on negative: {r[0]}:{r[1]} ({r[2]}) [{r[3]}] {r[4]}')
print()

# ---------------------------------------------------------------- exercises
KIND = {
    'conn-not-closed': 'sqlleak', 'rows-not-closed': 'sqlleak', 'tx-no-rollback-on-early-return': 'sqlleak',
    'http-body-not-closed': 'bodyleak',
    'commit-error-ignored': 'txerror', 'db-used-inside-tx': 'txerror', 'tx-error-swallowed-commit': 'txerror', 'transfer-credit-unchecked': 'txerror',
    'context-not-propagated': 'reqctx', 'fire-and-forget-request-ctx': 'reqctx',
    'first-result-goroutine-leak': 'chanleak', 'subscription-poller-leak': 'chanleak',
    'mutex-unlock-missed-early-return': 'lockleak',
    'n-plus-one-dashboard': 'nplusone', 'n-plus-one-helper': 'nplusone', 'n-plus-one-loop-query': 'nplusone', 'n-plus-one-nested-rows': 'nplusone',
    'counter-lost-increment': 'sharedwrite', 'request-state-in-shared-struct': 'sharedwrite', 'shared-map-no-lock': 'sharedwrite', 'rate-limiter-get-or-create-race': 'sharedwrite',
    'sql-injection-order-by': 'sqlinject', 'sql-injection-search': 'sqlinject',
    'request-decode-unchecked': 'decodecheck', 'response-status-unchecked': 'decodecheck',
    'check-then-act-oversell': 'lostupdate', 'lock-ordering-deadlock': 'lockorder',
}
# the same exercises under the neutral ids of 4d55908
for old, new in [('cache-stampede', 'product-cache'), ('check-then-act-oversell', 'stock-reservation'),
        ('commit-error-ignored', 'payment-capture'), ('conn-not-closed', 'retention-report'),
        ('context-not-propagated', 'top-customers'), ('counter-lost-increment', 'invoice-reminders'),
        ('db-used-inside-tx', 'checkout-cart'), ('fire-and-forget-request-ctx', 'welcome-mail'),
        ('first-result-goroutine-leak', 'hedged-price'), ('http-body-not-closed', 'exchange-rates'),
        ('idempotency-key-race', 'idempotent-payments'), ('lock-ordering-deadlock', 'wallet-payments'),
        ('mutex-unlock-missed-early-return', 'seat-holds'), ('n-plus-one-dashboard', 'support-dashboard'),
        ('n-plus-one-helper', 'cart-quote'), ('n-plus-one-loop-query', 'blog-feed'),
        ('n-plus-one-nested-rows', 'pick-list'), ('rate-limiter-get-or-create-race', 'api-quota'),
        ('request-decode-unchecked', 'signup-endpoint'), ('request-state-in-shared-struct', 'account-summary'),
        ('response-status-unchecked', 'price-sync'), ('rows-not-closed', 'admin-lookup'),
        ('shared-map-no-lock', 'click-counter'), ('sql-injection-order-by', 'product-listing'),
        ('sql-injection-search', 'customer-search'), ('subscription-poller-leak', 'activity-feed'),
        ('transfer-credit-unchecked', 'money-transfer'), ('tx-error-swallowed-commit', 'order-placement'),
        ('tx-no-rollback-on-early-return', 'wallet-transfer'), ('webhook-double-apply', 'payment-webhook')]:
    if old in KIND:
        KIND[new] = KIND[old]
exdir = os.path.join(CORPUS, 'ex')
ex = sorted(os.listdir(exdir))
exh = collections.defaultdict(lambda: collections.defaultdict(list))  # tool -> (id, side) -> findings
EXFILE = {}
for t, c, f, line, msg in corpus:
    if f.startswith(exdir + '/'):
        id_, side = os.path.relpath(f, exdir).split('/')[:2]
        exh[t][(id_, side)].append((c, line, msg))
        EXFILE[(t, id_, side, line, c)] = f
def exsrc(f, l):
    with open(f, errors='replace') as fh:
        for i, t in enumerate(fh, 1):
            if i == l:
                return ' '.join(t.split())
    return ''
print('## Curriculum exercises: bug (code/) vs reference fix (solution/ applied)\n')
print('Cell: B = a finding targeting the bug kind on the buggy code whose source line is not flagged the same way on the fixed code (so `defer tx.Rollback()` flagged on both does not count); F = a targeting finding still on the fixed code (a false alarm unless the fix is incomplete); "." = neither. Kinds no peer targets (other) count any finding.\n')
print('| exercise | kind | ' + ' | '.join(tools) + ' |')
print('|---|---|' + '---|' * len(tools))
exB = collections.Counter(); exF = collections.Counter(); exBany = collections.Counter(); exFany = collections.Counter()
for id_ in ex:
    k = KIND.get(id_, 'other')
    cells = []
    for t in tools:
        def key(side, c, l):
            f = EXFILE[(t, id_, side, l, c)]
            return (c, os.path.basename(f), exsrc(f, l))
        fixkeys = {key('fix', c, l) for c, l, _ in exh[t][(id_, 'fix')]}
        b = any(relevant(t, c, k) and key('bug', c, l) not in fixkeys for c, l, _ in exh[t][(id_, 'bug')])
        fx = any(relevant(t, c, k) if not t.startswith('drill') else True for c, _, _ in exh[t][(id_, 'fix')])
        exB[t] += b; exF[t] += fx
        exBany[t] += bool(exh[t][(id_, 'bug')]); exFany[t] += bool(exh[t][(id_, 'fix')])
        cells.append((('B' if b else '') + ('F' if fx else '')) or '.')
    print(f'| {id_} | {k} | ' + ' | '.join(cells) + ' |')
print(f'| **bugs caught / 30** | | ' + ' | '.join(f'**{exB[t]}**' for t in tools) + ' |')
print(f'| **fixes still flagged / 30** | | ' + ' | '.join(f'**{exF[t]}**' for t in tools) + ' |')
print(f'| any finding on bug / on fix | | ' + ' | '.join(f'{exBany[t]} / {exFany[t]}' for t in tools) + ' |')
print()
for t in tools:
    for (id_, side), fs in sorted(exh[t].items()):
        for c, l, m in fs:
            print(f'- ex {t} {id_}/{side}:{l} [{c}] {m[:160]}')
print()

# ---------------------------------------------------------------- idiom noise
IDIOM = re.compile(r'^\s*defer\s+(\w+)\.(Close|Rollback)\(\)\s*$')
def srcline(f, l):
    try:
        with open(f, errors='replace') as fh:
            for i, s in enumerate(fh, 1):
                if i == l:
                    return s
    except OSError:
        pass
    return ''
def idioms(rows, tools):
    c = collections.Counter()
    for t, ch, f, l, m in rows:
        if t in tools and IDIOM.match(srcline(f, l)):
            c[(t, ch)] += 1
    return c
realrows = load('real')
print('## Noise on correct idioms (`defer x.Close()` / `defer tx.Rollback()` lines flagged)\n')
print('| tool/check | corpus | real code |')
print('|---|---|---|')
ci, ri = idioms(corpus, TOOLS), idioms(realrows, TOOLS)
for k in sorted(set(ci) | set(ri)):
    print(f'| {k[0]} {k[1]} | {ci[k]} | {ri[k]} |')
print()

# ---------------------------------------------------------------- real code
print('## Real code: findings per tool and check\n')
rt = ran('real')
byt = collections.Counter(r[0] for r in realrows)
print('| tool | findings | by check (top) |')
print('|---|---|---|')
for t in rt:
    cc = collections.Counter(r[1] for r in realrows if r[0] == t)
    print(f'| {t} | {byt[t]} | ' + ', '.join(f'{c} {n}' for c, n in cc.most_common(8)) + ' |')
print()
for t in ('drill', 'drill-all'):
    for r in sorted(x for x in realrows if x[0] == t):
        print(f'- real {t} {r[2]}:{r[3]} [{r[1]}] {r[4][:200]}')
for t in rt:
    p = os.path.join(OUT, 'real', t + '.rc')
    print(f'- exit {t}: {open(p).read().strip()}')
tm = os.path.join(OUT, 'real', 'times.tsv')
if os.path.exists(tm):
    print('\nStandalone wall times on real code (s): ' + ', '.join(l.strip().replace('\t', ' ') for l in open(tm)))
tm = os.path.join(OUT, 'timing.tsv')
if os.path.exists(tm):
    print('\ngo vet vs go vet -vettool=drill-vet (s): ' + ', '.join(l.strip().replace('\t', ' ') for l in open(tm)))
tm = os.path.join(OUT, 'timing-cold.tsv')
if os.path.exists(tm):
    print('\ngo vet vs go vet -vettool=drill-vet, vet results cold (s): ' + ', '.join(l.strip().replace('\t', ' ') for l in open(tm)))
PYEOF
}

case "${1:-all}" in
  install) install ;;
  build) build ;;
  corpus) corpus ;;
  corpus-run) corpus_run ;;
  real) real ;;
  real-run) real_run ;;
  score) score ;;
  timing) timing ;;
  timing-cold) timing_cold ;;
  all) install; build; corpus; corpus_run; real; real_run; timing; timing_cold; score ;;
  *) echo "usage: $0 [all|install|build|corpus|corpus-run|real|real-run|timing|timing-cold|score]" >&2; exit 2 ;;
esac
