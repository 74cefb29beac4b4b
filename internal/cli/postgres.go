package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/drillhq/drill/internal/grade"
	"github.com/drillhq/drill/internal/pgserver"
)

// PostgresURLEnv names a server the user runs; when set, drill uses it
// instead of starting a private one. The harness reads the same variable.
const PostgresURLEnv = "DRILL_POSTGRES_URL"

// PostgresBinEnv names the folder of the PostgreSQL install to start
// private servers from, when the one found on PATH is not the one wanted.
const PostgresBinEnv = "DRILL_POSTGRES_BIN"

// postgres provides a PostgreSQL server to the checks of one drill
// command: the user's (PostgresURLEnv) or a private one, prepared on first
// need and launched in the background, so it comes up while the test
// binary compiles (the harness waits for it). release stops it. Safe for
// concurrent use by verify's workers.
type postgres struct {
	c        *inv
	once     sync.Once
	server   *pgserver.Server
	url      string
	err      error         // preparing failed: no install, no account
	launched chan struct{} // closed when the launch has finished
	startErr error         // the launch failed; read after launched closes
}

func newPostgres(c *inv) *postgres { return &postgres{c: c} }

// env returns the test environment that points the harness at the server.
func (p *postgres) env(cx context.Context) ([]string, error) {
	p.once.Do(func() {
		if url := p.c.Getenv(PostgresURLEnv); url != "" {
			p.url = url
			return
		}
		p.server, p.err = pgserver.Prepare(cx, pgserver.Options{
			Cache: cacheDir(p.c.Getenv),
			Bin:   p.c.Getenv(PostgresBinEnv),
			Note:  func(msg string) { p.c.err.Printf("%s\n", msg) },
		})
		if p.err != nil {
			return
		}
		p.url = p.server.URL
		p.launched = make(chan struct{})
		go func() {
			defer close(p.launched)
			p.startErr = p.server.Launch(cx)
		}()
	})
	if p.err != nil {
		return nil, p.envError(p.err)
	}
	return []string{PostgresURLEnv + "=" + p.url}, nil
}

// ready waits for the private server's launch and says whether it failed:
// then a verdict built on its tests' connection errors must not count.
func (p *postgres) ready() error {
	if p.launched == nil {
		return nil
	}
	<-p.launched
	if p.startErr != nil {
		return p.envError(p.startErr)
	}
	return nil
}

func (p *postgres) envError(err error) error {
	if nf, ok := errors.AsType[*pgserver.NotFoundError](err); ok {
		return &grade.EnvError{Problem: "this exercise runs on PostgreSQL and " + nf.Error(), Remedy: pgserver.Remedy}
	}
	return &grade.EnvError{Problem: "this exercise runs on PostgreSQL, and drill could not start a private server: " + err.Error(), Remedy: "set " + PostgresURLEnv + " to a server you run; run drill doctor"}
}

// release stops the private server, if one was started, and removes it.
func (p *postgres) release() {
	if p.server == nil {
		return
	}
	if p.launched != nil {
		<-p.launched
	}
	if err := p.server.Stop(); err != nil {
		p.c.err.Printf("warning: %v\n", err)
	}
}

// cacheDir is drill's cache folder: DRILL_CACHE, else the platform's user
// cache folder.
func cacheDir(getenv func(string) string) string {
	if d := getenv("DRILL_CACHE"); d != "" {
		return d
	}
	if d := getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "drill")
	}
	home := getenv("HOME")
	if home == "" {
		return filepath.Join(os.TempDir(), "drill-cache")
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Caches", "drill")
	}
	return filepath.Join(home, ".cache", "drill")
}
