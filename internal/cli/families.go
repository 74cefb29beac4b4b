package cli

import (
	"flag"

	"github.com/drillhq/drill/internal/exercise"
	"github.com/drillhq/drill/internal/workspace"
)

// ShowFamiliesEnv set to 1 shows every exercise's bug family up front, as
// --families does for one command.
const ShowFamiliesEnv = "DRILL_SHOW_FAMILIES"

// familiesFlag registers --families, which shows bug families before the
// exercise is spotted, solved or revealed.
func familiesFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("families", false, "show every exercise's bug family up front (or $"+ShowFamiliesEnv+"=1); by default a family shows once you have spotted, solved or revealed the exercise")
}

// familyShown reports whether ex's family may be shown. Naming the class
// of bug before the learner has read a line gives the review away, so
// until they spot it, solve it or reveal the solution drill shows only the
// area (database, HTTP, concurrency). all is the learner asking for
// everything.
func (c *inv) familyShown(st *workspace.State, ev *workspace.Evidence, ex *exercise.Exercise, all bool) bool {
	if all || c.Getenv(ShowFamiliesEnv) == "1" {
		return true
	}
	p := st.Exercises[ex.ID]
	return p != nil && (p.Revealed || ev.Spotted(ex.ID, p) || ev.Verified(ex.ID, p))
}

// kind is what drill shows of ex's class: the family when shown, else
// the area, else a dash.
func kind(ex *exercise.Exercise, shown bool) string {
	switch {
	case shown:
		return ex.Family
	case ex.Area != "":
		return ex.Area
	default:
		return "-"
	}
}
