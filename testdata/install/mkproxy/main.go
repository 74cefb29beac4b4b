// Command mkproxy writes a file:// module proxy holding drill's module at
// one pseudo-version, as a module proxy would serve it, so local-proxy.sh
// can test `go install github.com/drillhq/drill/cmd/...@version` without
// publishing anything. It prints the version.
//
//	go run ./testdata/install/mkproxy -out DIR [-worktree] [REPO]
//
// By default the module is the repository's HEAD commit; -worktree takes
// the working tree instead (tracked and untracked files git does not
// ignore), to try uncommitted changes.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

const modulePath = "github.com/drillhq/drill"

func main() {
	out := flag.String("out", "", "proxy `DIR` to write (required)")
	worktree := flag.Bool("worktree", false, "zip the working tree instead of HEAD")
	flag.Parse()
	repo := "."
	if flag.NArg() > 0 {
		repo = flag.Arg(0)
	}
	if *out == "" || flag.NArg() > 1 {
		fmt.Fprintln(os.Stderr, "usage: mkproxy -out DIR [-worktree] [REPO]")
		os.Exit(2)
	}
	version, err := run(repo, *out, *worktree)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkproxy:", err)
		os.Exit(1)
	}
	fmt.Println(version)
}

func run(repo, out string, worktree bool) (string, error) {
	head, err := git(repo, "log", "-1", "--format=%H %ct")
	if err != nil {
		return "", err
	}
	rev, secs, _ := strings.Cut(strings.TrimSpace(head), " ")
	unix, err := strconv.ParseInt(secs, 10, 64)
	if err != nil {
		return "", fmt.Errorf("git log printed %q", head)
	}
	when := time.Unix(unix, 0).UTC()
	m := module.Version{Path: modulePath, Version: module.PseudoVersion("v0", "", when, rev[:12])}
	dir := filepath.Join(out, filepath.FromSlash(modulePath), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	var zipped bytes.Buffer
	var gomod []byte
	if worktree {
		gomod, err = zipWorktree(&zipped, repo, m)
	} else {
		gomod, err = zipHead(&zipped, repo, m)
	}
	if err != nil {
		return "", err
	}
	info, _ := json.Marshal(struct {
		Version string
		Time    time.Time
	}{m.Version, when})
	files := map[string][]byte{
		"list":              []byte(m.Version + "\n"),
		m.Version + ".info": info,
		m.Version + ".mod":  gomod,
		m.Version + ".zip":  zipped.Bytes(),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return "", err
		}
	}
	return m.Version, nil
}

func zipHead(w io.Writer, repo string, m module.Version) ([]byte, error) {
	gomod, err := git(repo, "show", "HEAD:go.mod")
	if err != nil {
		return nil, err
	}
	return []byte(gomod), zip.CreateFromVCS(w, m, repo, "HEAD", "")
}

// zipWorktree copies the files git would commit into a temporary folder
// (so build outputs and ignored files stay out) and zips that.
func zipWorktree(w io.Writer, repo string, m module.Version) ([]byte, error) {
	list, err := git(repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "mkproxy-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	for name := range strings.SplitSeq(strings.TrimRight(list, "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(repo, name))
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the working tree
		}
		if err != nil {
			return nil, err
		}
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return nil, err
		}
	}
	gomod, err := os.ReadFile(filepath.Join(tmp, "go.mod"))
	if err != nil {
		return nil, err
	}
	return gomod, zip.CreateFromDir(w, m, tmp)
}

// git runs a git command that only reads the repository.
func git(repo string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", repo}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}
