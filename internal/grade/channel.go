package grade

import (
	"bufio"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// verdictEnv switches the harness's verdict channel on (harness.VerdictEnv;
// a test keeps the two equal).
const verdictEnv = "DRILL_VERDICT"

// reports is what reached drill over the verdict channel: the only source
// of a pass. The test binary's printed output is for display; it can make a
// test fail, never pass.
type reports struct {
	tests  map[string]string // top-level test → pass, fail or skip
	exit   int               // m.Run's exit code; -1 until reported
	forged int               // lines whose MAC did not match
}

// channel is drill's end of the verdict channel for one run.
type channel struct {
	secret []byte
	// child holds the descriptors the test binary inherits as fd 3 (the
	// write end of the result pipe) and fd 4 (the secret).
	child   []*os.File
	results *os.File
	done    chan *reports
}

func openChannel() (*channel, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	resultR, resultW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	secretR, secretW, err := os.Pipe()
	if err != nil {
		resultR.Close()
		resultW.Close()
		return nil, err
	}
	// 32 bytes fit in any pipe's buffer: the write cannot block.
	_, err = secretW.Write(secret)
	secretW.Close()
	if err != nil {
		resultR.Close()
		resultW.Close()
		secretR.Close()
		return nil, err
	}
	c := &channel{secret: secret, child: []*os.File{resultW, secretR}, results: resultR, done: make(chan *reports, 1)}
	go func() { c.done <- readReports(resultR, secret) }()
	return c, nil
}

// started closes drill's copies of the child's descriptors, so the result
// pipe ends when the last process holding its write end exits.
func (c *channel) started() {
	for _, f := range c.child {
		f.Close()
	}
}

// wait returns the reports once the pipe is closed.
func (c *channel) wait() *reports {
	r := <-c.done
	c.results.Close()
	return r
}

// readReports parses result lines "kind name value mac". Lines are bounded
// in length and number, so code that floods the pipe cannot exhaust drill.
func readReports(r io.Reader, secret []byte) *reports {
	rep := &reports{tests: map[string]string{}, exit: -1}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 4096)
	for range 100000 {
		if !sc.Scan() {
			if sc.Err() == nil {
				break
			}
			// An over-long line: skip the rest of the stream's framing
			// by continuing on a fresh scanner.
			rep.forged++
			sc = bufio.NewScanner(r)
			sc.Buffer(make([]byte, 4096), 4096)
			continue
		}
		f := strings.Fields(sc.Text())
		if len(f) != 4 || !hmac.Equal([]byte(f[3]), []byte(sign(secret, f[0], f[1], f[2]))) {
			rep.forged++
			continue
		}
		switch f[0] {
		case "test":
			// The harness reports each test once: a second report, even
			// a signed one, means the secret is not the harness's alone.
			if _, dup := rep.tests[f[1]]; dup {
				rep.forged++
				rep.tests[f[1]] = "fail"
				continue
			}
			rep.tests[f[1]] = f[2]
		case "exit":
			if code, err := strconv.Atoi(f[2]); err == nil {
				rep.exit = code
			}
		}
	}
	io.Copy(io.Discard, r)
	return rep
}

// sign is harness.Sign: the MAC of one result line's fields.
func sign(secret []byte, kind, name, value string) string {
	m := hmac.New(sha256.New, secret)
	fmt.Fprintf(m, "%s\x00%s\x00%s", kind, name, value)
	return hex.EncodeToString(m.Sum(nil))
}
