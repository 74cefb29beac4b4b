package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// classReport is a learner's report as drill report --json prints it.
func classReport(learner string, fams ...Family) *Report {
	return &Report{Version: Version, Kind: Kind, Learner: learner, GeneratedAt: "2026-03-01T09:00:00Z", Pack: "p", Families: fams}
}

func fam(name string, exercises, solved, spotted int) Family {
	return Family{Family: name, Exercises: exercises, Started: max(solved, spotted), Solved: solved, SpottedFirstTry: spotted}
}

func TestDecodeRefusesWhatIsNotAReport(t *testing.T) {
	good, _ := json.Marshal(classReport("ann", fam("race", 2, 1, 0)))
	if r, err := Decode("a.json", good); err != nil || r.Learner != "ann" || len(r.Families) != 1 {
		t.Fatalf("Decode(good) = %+v, %v", r, err)
	}
	// A newer drill may add fields within the same version.
	if _, err := Decode("a.json", []byte(`{"version":1,"kind":"drill-report","learner":"x","families":[],"extra":true}`)); err != nil {
		t.Errorf("unknown field refused: %v", err)
	}
	for _, tc := range []struct{ data, want string }{
		{`not json`, "b.json is not a drill report"},
		{`{"version":1,"exercises":[]}`, `b.json is not a drill report (kind ""`},
		{`{"version":2,"kind":"drill-report","learner":"x"}`, "version 2, this drill reads 1"},
		{`{"version":1,"kind":"drill-report","learner":" "}`, "names no learner"},
		{`{"version":1,"kind":"drill-report","learner":"x","families":[{"family":"race","exercises":1,"started":1,"solved":2}]}`, "family race counts more"},
		{`{"version":1,"kind":"drill-report","learner":"x","families":[{"family":"race","exercises":1,"hints":-1}]}`, "negative"},
		{`{"version":1,"kind":"drill-report","learner":"x","families":[{"family":"race"},{"family":"race"}]}`, "twice"},
	} {
		if _, err := Decode("b.json", []byte(tc.data)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Decode(%s) = %v, want an error with %q", tc.data, err, tc.want)
		}
	}
}

func TestMergeRefusesTheSameLearnerTwice(t *testing.T) {
	_, err := Merge([]string{"a.json", "b.json", "c.json"}, []*Report{classReport("ann"), classReport("bob"), classReport("ann")})
	if err == nil || !strings.Contains(err.Error(), `a.json and c.json are both reports of learner "ann"`) {
		t.Errorf("err = %v", err)
	}
}

func TestMergeFamiliesAndCSV(t *testing.T) {
	med := int64(90)
	ann := classReport("ann", fam("race", 2, 2, 1), fam("locking", 1, 0, 0))
	ann.Families[0].MedianSeconds, ann.Families[0].Hints = &med, 3
	evil := classReport("=HYPERLINK(\"http://x\")", fam("locking", 1, 1, 1), fam("zz-new", 1, 0, 0))
	evil.Pack = "other"
	c, err := Merge([]string{"a", "b"}, []*Report{ann, evil})
	if err != nil {
		t.Fatal(err)
	}
	// Families() order, then a family unknown to this drill.
	if got := strings.Join(c.Families, " "); got != "race locking zz-new" {
		t.Errorf("families = %s", got)
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, c); err != nil {
		t.Fatal(err)
	}
	want := `learner,family,exercises,started,solved,spotted_first_try,hints,median_seconds
ann,race,2,2,2,1,3,90
ann,locking,1,0,0,0,0,
"'=HYPERLINK(""http://x"")",locking,1,1,1,1,0,
"'=HYPERLINK(""http://x"")",zz-new,1,0,0,0,0,
`
	if b.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	if err := WriteTable(&b, c); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"learner                 race       locking    zz-new\n",
		"ann                     2/2 (1)    0/1 (0)    -\n",
		`=HYPERLINK("http://x")  -          1/1 (1)    0/1 (0)` + "\n",
		"different packs (p, other)",
	} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("table has no line %q:\n%s", line, b.String())
		}
	}
}

func TestHTMLEscapesAndIsSelfContained(t *testing.T) {
	c, err := Merge([]string{"a"}, []*Report{classReport(`<script>alert("x")</script>`, fam("race", 3, 2, 1))})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteHTML(&b, c, t0); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	if strings.Contains(html, "<script") {
		t.Errorf("a learner's name injected a script:\n%s", html)
	}
	if !strings.Contains(html, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Errorf("the name is not shown escaped:\n%s", html)
	}
	// Self-contained: the only URL is the SVG namespace, which is a name,
	// never fetched.
	if n := strings.Count(html, "http"); n != 1 || !strings.Contains(html, `xmlns="http://www.w3.org/2000/svg"`) {
		t.Errorf("%d URLs in the page, want only the SVG namespace", n)
	}
	for _, want := range []string{`width="200" height="14" fill="` + SolvedColour, `width="100" height="14" fill="` + SpottedColour, "2/3 solved", "1/3 spotted", "race <span>· 3 exercises"} {
		if !strings.Contains(html, want) {
			t.Errorf("page has no %q", want)
		}
	}
}
