package workspace

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// configEnv is an environment whose $DRILL_CONFIG is dir and nothing else,
// so no test reads or writes the real user's key.
func configEnv(dir string) func(string) string {
	return func(k string) string {
		if k == ConfigEnv {
			return dir
		}
		return ""
	}
}

func loadEvidence(t *testing.T, dir string) *Evidence {
	t.Helper()
	ev, err := LoadEvidence(configEnv(dir))
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

var solvedFiles = map[string][]byte{"totals.go": []byte("package totals\n")}

// A sealed record verifies after a trip through state.json, and every
// field the proof covers voids it when changed.
func TestSealVerifiesAndTamperingFails(t *testing.T) {
	ev := loadEvidence(t, t.TempDir())
	ws, _, err := Init(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 12, 30, 0, 123456789, time.FixedZone("CET", 3600))
	if err := ws.Update(func(s *State) error { ev.Seal("totals", s.Get("totals"), solvedFiles, at); return nil }); err != nil {
		t.Fatal(err)
	}
	st, err := ws.LoadState()
	if err != nil {
		t.Fatal(err)
	}
	p := st.Exercises["totals"]
	if !p.Solved || p.Proof == "" || p.Files != FilesDigest(solvedFiles) || !p.SolvedAt.Equal(at) {
		t.Fatalf("sealed record = %+v", p)
	}
	if !ev.Verified("totals", p) {
		t.Fatal("a sealed record does not verify after saving and loading")
	}
	later := at.Add(time.Nanosecond)
	for name, tamper := range map[string]func(p *Progress) (id string){
		"id": func(p *Progress) string { return "greeting" },
		"files": func(p *Progress) string {
			p.Files = FilesDigest(map[string][]byte{"totals.go": []byte("x")})
			return "totals"
		},
		"solved_at": func(p *Progress) string { p.SolvedAt = &later; return "totals" },
		"revealed":  func(p *Progress) string { p.Revealed = true; return "totals" },
		"no solved": func(p *Progress) string { p.Solved = false; return "totals" },
		"no time":   func(p *Progress) string { p.SolvedAt = nil; return "totals" },
		"no proof":  func(p *Progress) string { p.Proof = ""; return "totals" },
		"not hex":   func(p *Progress) string { p.Proof = "zz" + p.Proof[2:]; return "totals" },
		"flipped":   func(p *Progress) string { p.Proof = strings.Repeat("0", len(p.Proof)); return "totals" },
	} {
		q := *p
		if id := tamper(&q); ev.Verified(id, &q) {
			t.Errorf("tampered %s: still verifies", name)
		}
	}
	if ev.Verified("totals", nil) || (*Evidence)(nil).Verified("totals", p) {
		t.Error("a missing record or missing evidence verifies")
	}
}

// Deleting "revealed" from a revealed-then-solved record must not make a
// clean solve: not as it stands, and not by checking again.
func TestRevealedBeforeSolveIsBound(t *testing.T) {
	ev := loadEvidence(t, t.TempDir())
	p := &Progress{Revealed: true}
	ev.Seal("totals", p, solvedFiles, time.Now())
	if !ev.Verified("totals", p) {
		t.Fatal("a revealed-then-solved record does not verify")
	}
	p.Revealed = false
	if ev.Verified("totals", p) {
		t.Fatal("deleting revealed kept the proof valid")
	}
	ev.Seal("totals", p, solvedFiles, time.Now())
	if !p.Revealed || !ev.Verified("totals", p) {
		t.Fatalf("resealing after deleting revealed gave revealed=%v: a clean solve", p.Revealed)
	}
	// The look-alike: a record never revealed stays clean when resealed.
	clean := &Progress{}
	ev.Seal("totals", clean, solvedFiles, time.Now())
	ev.Seal("totals", clean, solvedFiles, time.Now())
	if clean.Revealed {
		t.Fatal("resealing a clean solve marked it revealed")
	}
}

// The key persists with private permissions; losing it voids old proofs
// rather than failing.
func TestKeyFileIsPrivateAndReplacedOnlyWhenMissing(t *testing.T) {
	dir := t.TempDir()
	ev := loadEvidence(t, dir)
	path, err := KeyPath(configEnv(dir))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "drill", "progress.key"); path != want {
		t.Fatalf("key path = %s, want %s", path, want)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	folder, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		if info.Mode().Perm() != 0o600 || folder.Mode().Perm() != 0o700 {
			t.Fatalf("key mode %v, folder mode %v; want 0600 and 0700", info.Mode().Perm(), folder.Mode().Perm())
		}
	}
	if info.Size() != keySize {
		t.Fatalf("key is %d bytes, want %d", info.Size(), keySize)
	}
	p := &Progress{}
	ev.Seal("totals", p, solvedFiles, time.Now())
	if !loadEvidence(t, dir).Verified("totals", p) {
		t.Fatal("the key read back from disk does not verify its own proof")
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	fresh := loadEvidence(t, dir)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no new key written: %v", err)
	}
	if fresh.Verified("totals", p) {
		t.Fatal("a proof made with the lost key verifies with the new one")
	}
	if loadEvidence(t, t.TempDir()).Verified("totals", p) {
		t.Fatal("another user's key verifies this user's proof")
	}
}

// A damaged key is reported and kept: replacing it silently would unsolve
// every exercise without a word.
func TestDamagedKeyIsAnError(t *testing.T) {
	dir := t.TempDir()
	path, _ := KeyPath(configEnv(dir))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadEvidence(configEnv(dir)); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("LoadEvidence with a 5-byte key = %v, want a damaged-key error", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "short" {
		t.Fatalf("the damaged key was rewritten: %q", data)
	}
}

// Drill processes creating the key at once all end up with the same one,
// or proofs sealed by all but one of them would never verify.
func TestConcurrentKeyCreationAgrees(t *testing.T) {
	dir := t.TempDir()
	keys := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() {
			ev, err := LoadEvidence(configEnv(dir))
			if err != nil {
				t.Error(err)
				return
			}
			keys[i] = ev.key
		})
	}
	wg.Wait()
	for i, k := range keys {
		if len(k) != keySize || !bytes.Equal(k, keys[0]) {
			t.Fatalf("process %d got key %x, process 0 got %x", i, k, keys[0])
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "drill", ".progress.key.tmp-*"))
	if len(leftovers) > 0 {
		t.Fatalf("temporary files left behind: %v", leftovers)
	}
}

func TestFilesDigestSeparatesFiles(t *testing.T) {
	base := map[string][]byte{"a.go": []byte("ab"), "b.go": []byte("c")}
	same := map[string][]byte{"b.go": []byte("c"), "a.go": []byte("ab")}
	if FilesDigest(base) != FilesDigest(same) {
		t.Fatal("the digest depends on map order")
	}
	for name, other := range map[string]map[string][]byte{
		"byte moved":   {"a.go": []byte("a"), "b.go": []byte("bc")},
		"renamed":      {"a.go": []byte("ab"), "c.go": []byte("c")},
		"file dropped": {"a.go": []byte("ab")},
		// What name+NUL+contents without lengths could not tell apart.
		"name in data": {"a.go": []byte("abb.go\x00c")},
	} {
		if FilesDigest(other) == FilesDigest(base) {
			t.Errorf("%s: same digest as the original files", name)
		}
	}
}

// Status and Unproven count a solve only when it verifies; what a record
// says against the learner (revealed) stands without proof.
func TestStatusCountsOnlyProvenSolves(t *testing.T) {
	ev := loadEvidence(t, t.TempDir())
	st := &State{Current: "forged", Exercises: map[string]*Progress{}}
	ev.Seal("real", st.Get("real"), solvedFiles, time.Now())
	st.Get("forged").Solved = true
	st.Get("copied").Solved = true
	*st.Exercises["copied"] = *st.Exercises["real"] // another exercise's proof
	st.Get("peeked").Revealed = true
	st.Get("peeked").Solved = true
	want := map[string]string{"real": Solved, "forged": Current, "copied": Pending, "peeked": Revealed, "untouched": Pending}
	for id, status := range want {
		if got := st.Status(ev, id); got != status {
			t.Errorf("Status(%s) = %s, want %s", id, got, status)
		}
	}
	if got := strings.Join(st.Unproven(ev), " "); got != "copied forged peeked" {
		t.Errorf("Unproven = %q, want copied forged peeked", got)
	}
	if got := st.Status(nil, "real"); got != Pending {
		t.Errorf("Status without evidence = %s, want pending", got)
	}
}
