package workspace

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// ConfigEnv names the environment variable that moves drill's per-user
// configuration folder (tests point it into their own folder).
const ConfigEnv = "DRILL_CONFIG"

const (
	keySize     = 32
	proofDomain = "drill-progress-v1\x00"
)

// Evidence seals and checks solved records with a per-user key. state.json
// lives in the workspace, where anyone (or any learner code a check runs)
// can rewrite it; the key lives outside it, in the user's configuration
// folder, so a record written without the key carries no valid proof and is
// ignored. This stops hand edits and stray writes, not a program that sets
// out to read the user's files: learner code runs with the user's rights.
type Evidence struct {
	key []byte
}

// KeyPath is where the progress key is kept: $DRILL_CONFIG/drill, else the
// user's configuration folder (os.UserConfigDir). getenv is the
// environment as the command sees it, so tests never touch the real one.
func KeyPath(getenv func(string) string) (string, error) {
	dir := getenv(ConfigEnv)
	if dir == "" {
		var err error
		if dir, err = os.UserConfigDir(); err != nil {
			return "", fmt.Errorf("cannot find a folder for drill's progress key (%v): set $%s", err, ConfigEnv)
		}
	}
	return filepath.Join(dir, "drill", "progress.key"), nil
}

// LoadEvidence reads the progress key, creating it on first use. A key that
// cannot be read is an error, never silently replaced: a new key would
// quietly turn every solved exercise back into an unsolved one.
func LoadEvidence(getenv func(string) string) (*Evidence, error) {
	path, err := KeyPath(getenv)
	if err != nil {
		return nil, err
	}
	key, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		key, err = createKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read drill's progress key: %w", err)
	}
	if len(key) != keySize {
		return nil, fmt.Errorf("drill's progress key %s is damaged (%d bytes, want %d): remove it to start a new one (exercises solved so far will show as unsolved)", path, len(key), keySize)
	}
	return &Evidence{key: key}, nil
}

// createKey writes a fresh random key to path. It is written in full to a
// temporary file and then linked into place, which fails if the file
// exists: of two drill processes starting at once, both end up with the
// winner's key, and nobody ever reads half a key.
func createKey(path string) ([]byte, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	key := make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(dir, ".progress.key.tmp-*") // created with mode 0600
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(key); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return os.ReadFile(path)
		}
		return nil, err
	}
	return key, nil
}

// Seal records a passing check of exercise id at time at: files are the
// learner files that passed. Whether the solution had been revealed before
// is part of the proof, so deleting "revealed" afterwards voids it instead
// of turning a revealed exercise into a clean solve.
func (e *Evidence) Seal(id string, p *Progress, files map[string][]byte, at time.Time) {
	if !p.Revealed && e.matches(id, p, true) {
		// The old proof says the solution was shown first and someone
		// deleted "revealed" since: checking again must not clean that up.
		p.Revealed = true
	}
	at = at.UTC()
	p.Solved = true
	p.SolvedAt = &at
	p.Files = FilesDigest(files)
	p.Proof = e.proof(id, p.Files, at, p.Revealed)
}

// Verified reports whether p records a solve of id sealed with this key.
// A nil Evidence verifies nothing.
func (e *Evidence) Verified(id string, p *Progress) bool {
	return p != nil && e.matches(id, p, p.Revealed)
}

// matches reports whether p's proof is this key's for p with revealed as
// the revealed-before-solve flag.
func (e *Evidence) matches(id string, p *Progress, revealed bool) bool {
	if e == nil || !p.Solved || p.SolvedAt == nil || p.Proof == "" {
		return false
	}
	got, err := hex.DecodeString(p.Proof)
	if err != nil {
		return false
	}
	want, _ := hex.DecodeString(e.proof(id, p.Files, *p.SolvedAt, revealed))
	return hmac.Equal(got, want)
}

func (e *Evidence) proof(id, files string, at time.Time, revealed bool) string {
	flag := "0"
	if revealed {
		flag = "1"
	}
	mac := hmac.New(sha256.New, e.key)
	mac.Write([]byte(proofDomain + id + "\x00" + files + "\x00" + at.UTC().Format(time.RFC3339Nano) + "\x00" + flag))
	return hex.EncodeToString(mac.Sum(nil))
}

// FilesDigest is the hex SHA-256 of files: each name, in sorted order, with
// its length and contents, so that no two different sets of files (a byte
// moved from one file to the next, a file renamed) share a digest.
func FilesDigest(files map[string][]byte) string {
	h := sha256.New()
	for _, name := range sortedKeys(files) {
		h.Write([]byte(name + "\x00" + strconv.Itoa(len(files[name])) + "\x00"))
		h.Write(files[name])
	}
	return hex.EncodeToString(h.Sum(nil))
}

const spotDomain = "drill-spot-v1\x00"

// SealSpot appends s to p's spot attempts with a proof that covers the
// attempt, its index and the proof before it: an attempt edited, deleted or
// reordered by hand (the wrong first guess removed) voids every proof from
// it on.
func (e *Evidence) SealSpot(id string, p *Progress, s Spot) {
	prev := ""
	if n := len(p.Spots); n > 0 {
		prev = p.Spots[n-1].Proof
	}
	s.Proof = e.spotProof(id, len(p.Spots), prev, s)
	p.Spots = append(p.Spots, s)
}

// Spots returns p's spot attempts up to the first one whose proof does
// not verify: the record drill can vouch for.
func (e *Evidence) Spots(id string, p *Progress) []Spot {
	if e == nil || p == nil {
		return nil
	}
	prev := ""
	for i, s := range p.Spots {
		got, err1 := hex.DecodeString(s.Proof)
		want, _ := hex.DecodeString(e.spotProof(id, i, prev, s))
		if err1 != nil || !hmac.Equal(got, want) {
			return p.Spots[:i]
		}
		prev = s.Proof
	}
	return p.Spots
}

// Spotted reports whether a proven spot attempt of id was right.
func (e *Evidence) Spotted(id string, p *Progress) bool {
	return slices.ContainsFunc(e.Spots(id, p), func(s Spot) bool { return s.Verdict == SpotRight })
}

// SpottedFirstTry reports whether the first spot attempt of id was right,
// made unaided, and proven.
func (e *Evidence) SpottedFirstTry(id string, p *Progress) bool {
	spots := e.Spots(id, p)
	return len(spots) > 0 && spots[0].Verdict == SpotRight && spots[0].Unaided
}

func (e *Evidence) spotProof(id string, index int, prev string, s Spot) string {
	mac := hmac.New(sha256.New, e.key)
	fmt.Fprintf(mac, "%s%s\x00%d\x00%s\x00%s\x00%s\x00%d\x00%d\x00%s\x00%s\x00%t\x00%t",
		spotDomain, id, index, prev, s.At.UTC().Format(time.RFC3339Nano), s.File, s.Start, s.End, s.Verdict, s.Family, s.FamilyRight, s.Unaided)
	return hex.EncodeToString(mac.Sum(nil))
}
