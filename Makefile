# Thin wrappers over the go command. `make test` is what CI runs.
GO ?= go
BIN := bin

.PHONY: all build install curriculum test unit verify bench lint vet cross clean

all: build

## curriculum: pack exercises/testdata into exercises/curriculum.tar.gz, which drill embeds
## (rewritten only when a file differs; commit it with the exercise)
curriculum:
	$(GO) generate ./exercises/

## build: compile drill and drill-vet into ./bin
build: curriculum
	$(GO) build -o $(BIN)/ ./cmd/...

## install: fetch every module the exercises need (so grading works offline) and install drill, drill-vet
install: curriculum
	$(GO) mod download
	$(GO) install ./cmd/...
	@case ":$$PATH:" in *":$$($(GO) env GOPATH)/bin:"*) ;; *) \
	  echo "note: add $$($(GO) env GOPATH)/bin to PATH to run drill";; esac

## test: lint, unit and CLI tests, then prove every exercise both ways
test: lint unit verify

vet:
	$(GO) vet ./...

unit:
	$(GO) test -timeout 25m ./...

## verify: the shipped bug of every exercise fails grading, every reference fix passes
verify: build
	$(BIN)/drill verify

## bench: drill check's cost relative to a plain go test -race of the same package,
## and drill-vet's relative to the go vet suite run the same way (ratios, one run each)
bench:
	$(GO) test -run '^$$' -bench . -benchtime 5x ./internal/grade/
	$(GO) test -run '^$$' -bench . -benchtime 3x ./analyzers/

# The linters' versions are pinned here rather than in go.mod, so they never
# become modules a learner's workspace or the grading module has to fetch.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
MODERNIZE := golang.org/x/tools/go/analysis/passes/modernize/cmd/modernize@v0.52.0

## lint: gofmt, go vet, staticcheck, modernize, and drill's own analyzers over drill
lint: build
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v /testdata/))" || (gofmt -l $$(git ls-files '*.go' | grep -v /testdata/); exit 1)
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) run $(MODERNIZE) ./...
	$(GO) vet -vettool=$(CURDIR)/$(BIN)/drill-vet ./...

## cross: drill and drill-vet also build for macOS and Windows, without cgo (build only: grading runs
## where Go, a C compiler and -race are, and CI checks it on Linux)
cross:
	CGO_ENABLED=0 GOOS=darwin GOARCH=arm64 $(GO) build -o /dev/null ./cmd/...
	CGO_ENABLED=0 GOOS=darwin GOARCH=amd64 $(GO) build -o /dev/null ./cmd/...
	CGO_ENABLED=0 GOOS=windows GOARCH=amd64 $(GO) build -o /dev/null ./cmd/...
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) build -o /dev/null ./cmd/...

clean:
	rm -rf $(BIN)
