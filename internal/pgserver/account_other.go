//go:build !unix

package pgserver

import (
	"context"
	"errors"
)

type account struct{}

func serverAccount() (*account, error) {
	return nil, errors.New("a private PostgreSQL server is supported on Linux and macOS only: set DRILL_POSTGRES_URL to a server you run")
}

func (a *account) own(string) error { return nil }

func (a *account) run(context.Context, string, ...string) ([]byte, error) {
	return nil, errors.New("unsupported")
}

func (a *account) tempBase() string { return "" }
