//go:build unix

package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The merged HTML report is checked as an instructor sees it: Debian's
// chromium renders it headless, and the test reads the screenshot's pixels
// (bars of the right colours, exactly as long as the fractions say) and
// the DOM the browser built (a table row per learner).
func TestHTMLInHeadlessChromium(t *testing.T) {
	browser := findChromium(t)
	reports := []*Report{
		classReport("alice", fam("race", 3, 3, 3), fam("resource-leak", 3, 3, 2), fam("context", 3, 3, 1), fam("locking", 3, 3, 3)),
		classReport("bob", fam("race", 3, 2, 1), fam("resource-leak", 3, 1, 1), fam("context", 3, 2, 2), fam("locking", 3, 2, 0)),
		classReport("chen", fam("race", 3, 1, 0), fam("resource-leak", 3, 0, 0), fam("context", 3, 1, 0), fam("locking", 3, 1, 1)),
		classReport("dana", fam("race", 3, 0, 0), fam("resource-leak", 3, 0, 0), fam("context", 3, 0, 0), fam("locking", 3, 0, 0)),
	}
	for _, r := range reports {
		r.Pack = "embedded curriculum"
	}
	c, err := Merge([]string{"a", "b", "c", "d"}, reports)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "class-report.html")
	var b bytes.Buffer
	if err := WriteHTML(&b, c, t0); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	shot := filepath.Join(dir, "shot.png")
	runChromium(t, browser, "--screenshot="+shot, "file://"+page)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("chromium wrote no screenshot: %v", err)
	}
	if out := os.Getenv("DRILL_SCREENSHOT_OUT"); out != "" {
		if err := os.WriteFile(out, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if got := img.Bounds().Size(); got.X != 1200 || got.Y != 1400 {
		t.Errorf("screenshot is %v, want 1200x1400", got)
	}
	// Every bar of a colour, measured, against the widths the fractions
	// call for: a learner with everything solved has a full bar, one with
	// nothing none at all.
	for _, colour := range []struct {
		name, hex string
		of        func(Family) int
	}{
		{"solved", SolvedColour, func(f Family) int { return f.Solved }},
		{"spotted", SpottedColour, func(f Family) int { return f.SpottedFirstTry }},
	} {
		var want []int
		for _, r := range c.Learners {
			for _, f := range r.Families {
				if w := barWidth(colour.of(f), f.Exercises); w > 0 {
					want = append(want, w)
				}
			}
		}
		slices.Sort(want)
		var got []int
		for _, box := range boxes(img, parseHex(t, colour.hex)) {
			// The legend's swatches are 14 px squares; every bar in this
			// class is at least a third of the track (100 px).
			if box.Dx() < 30 {
				continue
			}
			if box.Dy() != BarHeight {
				t.Errorf("%s bar %v is %d px high, want %d: the chart is scaled", colour.name, box, box.Dy(), BarHeight)
			}
			got = append(got, box.Dx())
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s bars are %v px wide, want %v", colour.name, got, want)
		}
	}

	dom := runChromium(t, browser, "--dump-dom", "file://"+page)
	if n := strings.Count(dom, "<tr>"); n != 1+len(c.Learners) {
		t.Errorf("the browser's table has %d rows, want a header and %d learners:\n%s", n, len(c.Learners), dom)
	}
	for _, row := range []string{
		"<td>alice</td><td>3/3 solved · 3 spotted</td>",
		"<td>dana</td><td>0/3 solved · 0 spotted</td>",
		"<th>resource-leak</th>",
	} {
		if !strings.Contains(dom, row) {
			t.Errorf("the browser's DOM has no %q", row)
		}
	}
}

func findChromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("DRILL_REQUIRE_CHROMIUM") != "" {
		t.Fatal("no chromium or chromium-browser on PATH, and DRILL_REQUIRE_CHROMIUM is set: apt-get install chromium")
	}
	t.Skip("no chromium on PATH (apt-get install chromium); set DRILL_REQUIRE_CHROMIUM=1 to make this an error")
	return ""
}

// runChromium runs a headless chromium with args in a process group of its
// own and returns its stdout; when it is done, whatever it left running
// (renderer, GPU or crash handler processes) is killed with the group, and
// the test waits until the group is gone.
func runChromium(t *testing.T, browser string, args ...string) string {
	t.Helper()
	cx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(cx, browser, append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--user-data-dir=" + t.TempDir(), "--window-size=1200,1400",
		"--force-device-scale-factor=1", "--force-color-profile=srgb",
		"--no-first-run", "--disable-extensions",
	}, args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// Killing the leader alone on timeout would leave its children.
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer killGroup(t, cmd.Process.Pid)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

func killGroup(t *testing.T, pgid int) {
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if err := syscall.Kill(-pgid, 0); errors.Is(err, syscall.ESRCH) {
			return
		}
	}
	t.Errorf("chromium's processes (group %d) are still running", pgid)
}

// boxes returns the bounding boxes of the areas of img painted in colour
// (4-connected, a channel off by 2 at most).
func boxes(img image.Image, colour [3]uint8) []image.Rectangle {
	bounds := img.Bounds()
	w, h := bounds.Dx(), bounds.Dy()
	match := make([]bool, w*h)
	for y := range h {
		for x := range w {
			r, g, b, _ := img.At(bounds.Min.X+x, bounds.Min.Y+y).RGBA()
			match[y*w+x] = near(r>>8, colour[0]) && near(g>>8, colour[1]) && near(b>>8, colour[2])
		}
	}
	var out []image.Rectangle
	for start := range match {
		if !match[start] {
			continue
		}
		box := image.Rect(start%w, start/w, start%w+1, start/w+1)
		stack := []int{start}
		match[start] = false
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := i%w, i/w
			box = box.Union(image.Rect(x, y, x+1, y+1))
			for _, n := range [][2]int{{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}} {
				if n[0] >= 0 && n[0] < w && n[1] >= 0 && n[1] < h && match[n[1]*w+n[0]] {
					match[n[1]*w+n[0]] = false
					stack = append(stack, n[1]*w+n[0])
				}
			}
		}
		out = append(out, box)
	}
	return out
}

func near(got uint32, want uint8) bool { return max(got, uint32(want))-min(got, uint32(want)) <= 2 }

func parseHex(t *testing.T, s string) [3]uint8 {
	var c [3]uint8
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &c[0], &c[1], &c[2]); err != nil {
		t.Fatalf("colour %q: %v", s, err)
	}
	return c
}
