package engines

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CronFires reports whether a 5-field cron expression (as Mage's croniter reads it: numbers,
// *, ranges, steps, lists; day-of-week 0-7 with 0 and 7 Sunday; day-of-month and day-of-week
// OR-ed when both are restricted) fires at t, taken in UTC as Mage evaluates every trigger.
func CronFires(expr string, t time.Time) (bool, error) {
	f := strings.Fields(expr)
	if len(f) != 5 {
		return false, fmt.Errorf("cron %q: want 5 fields", expr)
	}
	t = t.UTC()
	limits := [5][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}}
	values := [5]int{t.Minute(), t.Hour(), t.Day(), int(t.Month()), int(t.Weekday())}
	var match [5]bool
	for i := range f {
		m, err := fieldMatches(f[i], values[i], limits[i][0], limits[i][1], i == 4)
		if err != nil {
			return false, fmt.Errorf("cron %q: %w", expr, err)
		}
		match[i] = m
	}
	if t.Second() != 0 || t.Nanosecond() != 0 {
		return false, nil
	}
	day := match[2] && match[4]
	if f[2] != "*" && f[4] != "*" {
		day = match[2] || match[4]
	}
	return match[0] && match[1] && match[3] && day, nil
}

func fieldMatches(field string, v, lo, hi int, weekday bool) (bool, error) {
	for _, part := range strings.Split(field, ",") {
		rng, step := part, 1
		if i := strings.IndexByte(part, '/'); i >= 0 {
			s, err := strconv.Atoi(part[i+1:])
			if err != nil || s <= 0 {
				return false, fmt.Errorf("bad step in %q", part)
			}
			rng, step = part[:i], s
		}
		from, to := lo, hi
		if rng != "*" {
			a, b, isRange := strings.Cut(rng, "-")
			x, err := strconv.Atoi(a)
			if err != nil {
				return false, fmt.Errorf("bad value %q", part)
			}
			from, to = x, x
			if isRange {
				if to, err = strconv.Atoi(b); err != nil {
					return false, fmt.Errorf("bad range %q", part)
				}
			} else if step > 1 {
				to = hi
			}
		}
		if from < lo || to > hi || from > to {
			return false, fmt.Errorf("%q out of range %d-%d", part, lo, hi)
		}
		for x := from; x <= to; x += step {
			if x == v || (weekday && x == 7 && v == 0) {
				return true, nil
			}
		}
	}
	return false, nil
}
