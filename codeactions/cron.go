package codeactions

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones work even without /usr/share/zoneinfo
)

var cronPresets = map[string]string{
	"@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
	"@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
}

// CronResult is a cron expression converted to UTC.
type CronResult struct {
	Cron  string
	Notes []string // review notes (daylight saving, approximations)
	Exact bool     // false when the UTC cron differs from the local one for part of the year or could not be converted
}

// referenceYear fixes the dates used to sample a zone's offsets, so output is deterministic.
const referenceYear = 2024

// CronToUTC converts a 5-field cron evaluated in time zone tz into the UTC cron Mage needs
// (Mage schedules only in UTC). When the zone observes daylight saving, the conversion uses the
// offset of January 1st and a note gives the other one.
func CronToUTC(cron, tz string) CronResult {
	cron = strings.TrimSpace(cron)
	if tz == "" || tz == "UTC" || tz == "Etc/UTC" || tz == "GMT" {
		return CronResult{Cron: cron, Exact: true}
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return CronResult{Cron: cron, Notes: []string{fmt.Sprintf("unknown time zone %q: the cron %q is kept as is and Mage will evaluate it in UTC", tz, cron)}}
	}
	expanded := cron
	if p, ok := cronPresets[cron]; ok {
		expanded = p
	}
	winter := offsetAt(loc, time.January)
	summer := offsetAt(loc, time.July)
	res := shiftCron(expanded, -winter)
	if res.err != "" {
		return CronResult{Cron: cron, Notes: []string{fmt.Sprintf("the cron %q in %s could not be converted to UTC (%s); it is kept as is and Mage will evaluate it in UTC", cron, tz, res.err)}}
	}
	out := CronResult{Cron: res.cron, Exact: res.exact}
	out.Notes = append(out.Notes, res.notes...)
	if winter != summer {
		other := shiftCron(expanded, -summer)
		out.Exact = false
		alt := other.cron
		if other.err != "" {
			alt = "not representable"
		}
		out.Notes = append(out.Notes, fmt.Sprintf(
			"%s observes daylight saving: %q local is %q in UTC from January (UTC%s, used here) and %q in UTC in July (UTC%s); Mage schedules in UTC only, so the run moves by one hour for part of the year",
			tz, cron, out.Cron, fmtOffset(winter), alt, fmtOffset(summer)))
	}
	return out
}

func offsetAt(loc *time.Location, m time.Month) int {
	_, off := time.Date(referenceYear, m, 1, 12, 0, 0, 0, loc).Zone()
	return off
}

func fmtOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	h, m := sec/3600, sec%3600/60
	if m == 0 {
		return fmt.Sprintf("%s%d", sign, h)
	}
	return fmt.Sprintf("%s%d:%02d", sign, h, m)
}

type shifted struct {
	cron  string
	notes []string
	exact bool
	err   string
}

// shiftCron adds delta seconds (a whole number of minutes) to the times a cron describes.
func shiftCron(cron string, delta int) shifted {
	f := strings.Fields(cron)
	if len(f) != 5 {
		return shifted{err: "not a 5-field cron"}
	}
	minute, hour, dom, month, dow := f[0], f[1], f[2], f[3], f[4]
	dMin := delta / 60
	if dMin == 0 {
		return shifted{cron: cron, exact: true}
	}
	mins, okM := parseList(minute, 0, 59)
	hours, okH := parseList(hour, 0, 23)
	if !okM {
		return shifted{err: "minute field " + minute + " is not a list of numbers"}
	}
	res := shifted{exact: true}
	if !okH {
		// Every hour (or a step): only a sub-hour offset moves the minutes.
		if dMin%60 != 0 {
			if hour != "*" {
				return shifted{err: "hour field " + hour + " with a sub-hour offset"}
			}
			var out []int
			for _, m := range mins {
				out = append(out, ((m+dMin)%60+60)%60)
			}
			minute = joinInts(out)
		} else if hour != "*" {
			return shifted{err: "hour field " + hour + " is not a list of numbers"}
		}
		return shifted{cron: strings.Join([]string{minute, hour, dom, month, dow}, " "), exact: true}
	}
	// Fixed hours and minutes: shift each (hour, minute) pair and track the day change.
	type hm struct{ h, m int }
	var pairs []hm
	dayShift := map[int]bool{}
	for _, h := range hours {
		for _, m := range mins {
			t := h*60 + m + dMin
			d := 0
			for t < 0 {
				t += 1440
				d--
			}
			for t >= 1440 {
				t -= 1440
				d++
			}
			dayShift[d] = true
			pairs = append(pairs, hm{t / 60, t % 60})
		}
	}
	newMins, newHours := map[int]bool{}, map[int]bool{}
	for _, p := range pairs {
		newMins[p.m] = true
		newHours[p.h] = true
	}
	// The cross product of the new minute and hour sets must be exactly the shifted pairs.
	if len(newMins)*len(newHours) != len(pairs) {
		return shifted{err: "the shifted times do not form an hour × minute grid"}
	}
	if len(dayShift) > 1 {
		res.exact = false
		res.notes = append(res.notes, "some times cross midnight when converted to UTC and others do not; the day fields are kept as in the local cron")
	} else {
		var d int
		for k := range dayShift {
			d = k
		}
		if d != 0 {
			if dow != "*" {
				days, ok := parseList(dow, 0, 7)
				if !ok {
					return shifted{err: "day-of-week field " + dow + " cannot be shifted across midnight"}
				}
				var out []int
				for _, x := range days {
					out = append(out, ((x%7+d)%7+7)%7)
				}
				dow = joinInts(out)
			}
			if dom != "*" {
				days, ok := parseList(dom, 1, 31)
				if !ok {
					return shifted{err: "day-of-month field " + dom + " cannot be shifted across midnight"}
				}
				var out []int
				for _, x := range days {
					y := x + d
					if y < 1 || y > 28 {
						res.exact = false
						res.notes = append(res.notes, fmt.Sprintf("day of month %d moves across a month boundary in UTC; check the converted schedule", x))
						y = x
					}
					out = append(out, y)
				}
				dom = joinInts(out)
			}
		}
	}
	res.cron = strings.Join([]string{joinSet(newMins), joinSet(newHours), dom, month, dow}, " ")
	return res
}

// parseList parses "5", "1,15" or "9-11" into numbers in [lo, hi].
func parseList(field string, lo, hi int) ([]int, bool) {
	var out []int
	for _, part := range strings.Split(field, ",") {
		if a, b, isRange := strings.Cut(part, "-"); isRange {
			x, err1 := strconv.Atoi(a)
			y, err2 := strconv.Atoi(b)
			if err1 != nil || err2 != nil || x > y || x < lo || y > hi {
				return nil, false
			}
			for i := x; i <= y; i++ {
				out = append(out, i)
			}
			continue
		}
		x, err := strconv.Atoi(part)
		if err != nil || x < lo || x > hi {
			return nil, false
		}
		out = append(out, x)
	}
	return out, len(out) > 0
}

func joinSet(s map[int]bool) string {
	var xs []int
	for x := range s {
		xs = append(xs, x)
	}
	return joinInts(xs)
}

func joinInts(xs []int) string {
	sort.Ints(xs)
	var parts []string
	prev := -1
	for _, x := range xs {
		if x == prev {
			continue
		}
		prev = x
		parts = append(parts, strconv.Itoa(x))
	}
	return strings.Join(parts, ",")
}
