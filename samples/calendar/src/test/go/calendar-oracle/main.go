// Command calendar-oracle answers, for calendar configs, what Argo Events' built-in calendar
// eventsource would do: it runs the logic of Argo's pkg/eventsources/sources/calendar/start.go
// (resolveSchedule, ParseExclusionDates, getExecutionTime, the catch-up loop) on robfig/cron v3,
// the library and version Argo's go.mod pins, with time.Now() replaced by a given instant.
// CalendarOracleTest builds it (GOPATH mode, offline, from Debian's golang-github-robfig-cron-dev)
// and compares its answers with the calendar server's. Keep it a faithful copy of Argo's code,
// not a second reading of it.
//
// Input: JSON lines on stdin, one case each. Output: one JSON line per case, same order.
//
//	{"id":"c1","kind":"catchup","schedule":"0 9 * * *","timezone":"","exclusionDates":[],
//	 "last":"2026-01-01T09:00:00Z","lastInZone":false,"now":"2026-01-03T10:00:00Z","maxDuration":""}
//	-> {"id":"c1","events":["2026-01-02 09:00:00 +0000 UTC","2026-01-03 09:00:00 +0000 UTC"],
//	    "live":"2026-01-04T09:00:00Z"}
//	{"id":"z1","kind":"zone","timezone":"EST"} -> {"id":"z1"} or {"id":"z1","error":"..."}
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	cronlib "github.com/robfig/cron/v3"
)

type testCase struct {
	ID             string   `json:"id"`
	Kind           string   `json:"kind"`
	Schedule       string   `json:"schedule"`
	Interval       string   `json:"interval"`
	Timezone       string   `json:"timezone"`
	ExclusionDates []string `json:"exclusionDates"`
	Last           string   `json:"last"`       // the last event's instant (RFC 3339); empty: no history
	LastInZone     bool     `json:"lastInZone"` // it was a catch-up event (stamped in timezone), not a timer event (stamped in UTC)
	Now            string   `json:"now"`
	MaxDuration    string   `json:"maxDuration"`
	Limit          int      `json:"limit"`
}

type result struct {
	ID        string   `json:"id"`
	Error     string   `json:"error,omitempty"`
	Events    []string `json:"events"`              // catch-up eventTimes, as Argo's payload holds them
	Live      string   `json:"live,omitempty"`      // the instant Argo's first timer is set for
	LiveText  string   `json:"liveText,omitempty"`  // its eventTime when it fires on time: time.Now().String(), without " m="
	Truncated bool     `json:"truncated,omitempty"` // more than Limit catch-up events (a loop in Argo)
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for in.Scan() {
		var c testCase
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			fmt.Fprintln(os.Stderr, "bad input line:", err)
			os.Exit(2)
		}
		if err := enc.Encode(run(c)); err != nil {
			os.Exit(2)
		}
	}
}

func run(c testCase) (r result) {
	r.ID = c.ID
	r.Events = []string{}
	defer func() {
		if p := recover(); p != nil {
			r.Error = fmt.Sprintf("panic: %v", p)
		}
	}()
	if c.Kind == "zone" {
		if _, err := time.LoadLocation(c.Timezone); err != nil {
			r.Error = err.Error()
		}
		return r
	}
	if err := catchUp(c, &r); err != nil {
		r.Error = err.Error()
	}
	return r
}

// catchUp is StartListening up to the first timer, with el.eventPersistence enabled and catch-up on.
func catchUp(c testCase, r *result) error {
	fixedNow, err := time.Parse(time.RFC3339Nano, c.Now)
	if err != nil {
		return err
	}
	// "now" with a monotonic reading, as time.Now() has one: t.String() then shows " m=" where Argo's would
	real := time.Now()
	now := real.Add(fixedNow.Sub(real.Round(0)))

	// --- validate.go ---
	if c.Schedule == "" && c.Interval == "" {
		return fmt.Errorf("must have either schedule or interval")
	}
	schedule, err := resolveSchedule(c.Schedule, c.Interval)
	if err != nil {
		return err
	}
	// --- start.go: StartListening ---
	exDates, err := parseExclusionDates(c.ExclusionDates)
	if err != nil {
		return err
	}
	var next func(last time.Time) time.Time
	next = func(last time.Time) time.Time {
		nextT := schedule.Next(last)
		nextYear := nextT.Year()
		nextMonth := nextT.Month()
		nextDay := nextT.Day()
		for _, exDate := range exDates {
			// if exDate == nextEvent, then we need to skip this and get the next
			if exDate.Year() == nextYear && exDate.Month() == nextMonth && exDate.Day() == nextDay {
				return next(nextT)
			}
		}
		return nextT
	}

	// getExecutionTime, with the persisted payload being what Argo's sendEventFunc saved
	lastT := now
	if c.Last != "" {
		last, err := time.Parse(time.RFC3339Nano, c.Last)
		if err != nil {
			return err
		}
		stamped := last.UTC() // a timer event: time.Now() in a pod's Local, UTC
		if c.LastInZone && c.Timezone != "" {
			loc, err := time.LoadLocation(c.Timezone)
			if err != nil {
				return err
			}
			stamped = last.In(loc) // a catch-up event: the slot in lastT's location
		}
		eventTime := strings.Split(stamped.String(), " m=")
		lastT, err = time.Parse("2006-01-02 15:04:05.999999999 -0700 MST", eventTime[0])
		if err != nil {
			return fmt.Errorf("failed to parse the persisted last event timestamp, %w", err)
		}
	}
	if c.MaxDuration != "" {
		duration, err := time.ParseDuration(c.MaxDuration)
		if err != nil {
			return err
		}
		if duration < now.Sub(lastT) {
			lastT = now.Add(-duration)
		}
	}

	var location *time.Location
	if c.Timezone != "" {
		location, err = time.LoadLocation(c.Timezone)
		if err != nil {
			return fmt.Errorf("failed to load location, %w", err)
		}
		lastT = lastT.In(location)
	}

	limit := c.Limit
	if limit <= 0 {
		limit = 1000
	}
	for {
		t := next(lastT)
		if !now.After(t) {
			r.Live = t.UTC().Format(time.RFC3339Nano)
			r.LiveText = t.Round(0).In(time.Local).String()
			return nil
		}
		if len(r.Events) == limit {
			r.Truncated = true
			return nil
		}
		r.Events = append(r.Events, t.String()) // sendEventFunc(t): EventTime: tx.String()
		lastT = t
		if location != nil {
			lastT = lastT.In(location)
		}
	}
}

// resolveSchedule is start.go's, verbatim.
func resolveSchedule(scheduleText, interval string) (cronlib.Schedule, error) {
	if scheduleText != "" {
		// standard cron expression
		specParser := cronlib.NewParser(cronlib.Minute | cronlib.Hour | cronlib.Dom | cronlib.Month | cronlib.Dow)
		schedule, err := specParser.Parse(scheduleText)
		if err != nil {
			return nil, fmt.Errorf("failed to parse schedule %s from calendar event. Cause: %w", scheduleText, err)
		}
		return schedule, nil
	}
	if interval != "" {
		intervalDuration, err := time.ParseDuration(interval)
		if err != nil {
			return nil, fmt.Errorf("failed to parse interval %s from calendar event. Cause: %w", interval, err)
		}
		schedule := cronlib.ConstantDelaySchedule{Delay: intervalDuration}
		return schedule, nil
	}
	return nil, fmt.Errorf("calendar event must contain either a schedule or interval")
}

// parseExclusionDates is pkg/shared/util/recurrence.go's ParseExclusionDates, verbatim.
func parseExclusionDates(vals []string) ([]time.Time, error) {
	exclusionDates := make([]time.Time, 0)
	for _, val := range vals {
		if strings.HasPrefix(val, "EXDATE:") {
			dates, err := parseDateTimes(strings.TrimPrefix(val, "EXDATE:"))
			if err != nil {
				return nil, err
			}
			exclusionDates = append(exclusionDates, dates...)
		}
	}
	return exclusionDates, nil
}

func parseDateTimes(s string) ([]time.Time, error) {
	res := make([]time.Time, 0)
	for _, stringDate := range strings.Split(s, ",") {
		t, err := time.Parse("20060102T150405Z", stringDate)
		if err != nil {
			return nil, err
		}
		res = append(res, t)
	}
	return res, nil
}
