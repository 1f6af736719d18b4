package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadsQuotedValuesAndSkipsLinesWithoutAScenario(t *testing.T) {
	path := filepath.Join(t.TempDir(), "raw.txt")
	raw := `kind=sdk round=1 scenario=go-latency-1000 p99_us=900 last_error="rpc error: code = Unavailable desc = \"x\""` + "\n" +
		"not a measurement\n"
	if err := os.WriteFile(path, []byte(raw), 0o644); err != nil {
		t.Fatal(err)
	}
	lines, err := readLines(path)
	if err != nil || len(lines) != 1 {
		t.Fatalf("lines %v, err %v", lines, err)
	}
	if got := lines[0]["last_error"]; got != `"rpc error: code = Unavailable desc = \"x\""` {
		t.Errorf("last_error = %s", got)
	}
	if lines[0].num("p99_us") != 900 {
		t.Errorf("p99_us = %v", lines[0].num("p99_us"))
	}
}

func TestMedianLeavesOutMissingValues(t *testing.T) {
	nan := line{}.num("absent")
	if got := median([]float64{3, nan, 1, 2}); got != 2 {
		t.Errorf("median = %v, want 2", got)
	}
	if got := median([]float64{4, 1}); got != 2.5 {
		t.Errorf("median = %v, want 2.5", got)
	}
}

func TestChartHasEachPercentileAndTheTarget(t *testing.T) {
	var svg bytes.Buffer
	rows := []latencyRow{{rate: 1000, kind: "sdk", p50: 120, p99: 1500, p999: 3000, targetUs: 1000}}
	chart(&svg, rows, []heapBar{{"10000 idle", "sdk", 7.5}})
	s := svg.String()
	for _, want := range []string{"<title>SDK 1000 p99 1.50 ms</title>", "<title>SDK 1000 p99.9 3.00 ms</title>",
		`stroke="red" stroke-dasharray`, ">7.5</text>", "</svg>"} {
		if !strings.Contains(s, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
}
