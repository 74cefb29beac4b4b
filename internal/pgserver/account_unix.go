//go:build unix

package pgserver

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// account is who the server runs as: nil means this process's own user.
type account struct {
	name     string
	uid, gid uint32
}

// serverAccount picks the unprivileged account to run PostgreSQL as when
// drill runs as root, which PostgreSQL refuses.
func serverAccount() (*account, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 == nil && err2 == nil && uid != 0 {
			return &account{name: name, uid: uint32(uid), gid: uint32(gid)}, nil
		}
	}
	return nil, fmt.Errorf("PostgreSQL refuses to run as root and this machine has neither a postgres nor a nobody account to run it as: run drill as another user, or set DRILL_POSTGRES_URL")
}

// own hands dir and everything below it to the account.
func (a *account) own(dir string) error {
	if a == nil {
		return nil
	}
	return filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, int(a.uid), int(a.gid))
	})
}

// run runs a PostgreSQL program as the account, in its own process group
// so a Ctrl-C at the terminal reaches drill, which then stops the server in
// order, rather than the server directly.
func (a *account) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = a.tempBase() // the account may not be allowed into drill's working folder
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if a != nil {
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: a.uid, Gid: a.gid}
		cmd.Env = append(os.Environ(), "HOME="+a.tempBase(), "USER="+a.name)
	}
	return runCombined(cmd)
}

// tempBase is where server folders go. The server account must reach its
// folder and socket, and TMPDIR may be private to drill's user (a test's
// temporary folder is 0700), so another account's servers live in /tmp.
func (a *account) tempBase() string {
	if a == nil {
		return os.TempDir()
	}
	return "/tmp"
}
