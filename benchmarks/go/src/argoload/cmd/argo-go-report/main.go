// Command argo-go-report turns the raw lines of benchmarks/argo-go-latency.sh (key=value pairs, one
// measurement a line) into the Markdown section of docs/performance.md that shows them, on stdout,
// a chart as SVG, and a plain summary on stderr.
//
//	argo-go-report -raw results/argo-go.txt -props results/argo-go.properties -svg docs/argo-go.svg
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

type line map[string]string

func (l line) num(key string) float64 {
	v, err := strconv.ParseFloat(l[key], 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

var pair = regexp.MustCompile(`([A-Za-z0-9_.]+)=("(?:[^"\\]|\\.)*"|\S*)`)

func readLines(path string) ([]line, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []line
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		l := line{}
		for _, m := range pair.FindAllStringSubmatch(sc.Text(), -1) {
			l[m[1]] = m[2]
		}
		if l["scenario"] != "" {
			out = append(out, l)
		}
	}
	return out, sc.Err()
}

func readProps(path string) map[string]string {
	props := map[string]string{}
	b, err := os.ReadFile(path)
	if err != nil {
		return props
	}
	for _, s := range strings.Split(string(b), "\n") {
		if i := strings.IndexByte(s, '='); i > 0 {
			props[s[:i]] = s[i+1:]
		}
	}
	return props
}

func median(vs []float64) float64 {
	var ok []float64
	for _, v := range vs {
		if !math.IsNaN(v) {
			ok = append(ok, v)
		}
	}
	if len(ok) == 0 {
		return math.NaN()
	}
	sort.Float64s(ok)
	n := len(ok)
	if n%2 == 1 {
		return ok[n/2]
	}
	return (ok[n/2-1] + ok[n/2]) / 2
}

// workCPU is the server's CPU seconds in the window without its JIT compiler threads.
// The two are read from different counters (clock ticks, nanoseconds), so an idle window can come
// out a little below zero: that is shown as zero.
func workCPU(l line) float64 {
	return math.Max(0, l.num("server_cpu_s")-l.num("server_jit_s"))
}

func ms(us float64) string {
	if math.IsNaN(us) {
		return "-"
	}
	return fmt.Sprintf("%.2f", us/1000)
}

func f1(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	return fmt.Sprintf("%.1f", v)
}

func ratio(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

var kinds = []string{"sdk", "baseline"}

var kindName = map[string]string{"sdk": "SDK", "baseline": "grpc-java baseline"}

type latencyRow struct {
	rate                      int
	kind                      string
	p50, p99, p999, max, cpuE float64
	rounds, lost, failed      int
	targetUs                  float64
}

func main() {
	raw := flag.String("raw", "", "raw lines (required)")
	propsPath := flag.String("props", "", "run properties")
	svgPath := flag.String("svg", "", "chart to write")
	flag.Parse()
	if *raw == "" {
		fmt.Fprintln(os.Stderr, "argo-go-report: -raw is required")
		os.Exit(2)
	}
	lines, err := readLines(*raw)
	if err != nil {
		fmt.Fprintln(os.Stderr, "argo-go-report:", err)
		os.Exit(1)
	}
	props := readProps(*propsPath)
	for _, l := range lines { // a variant server (the script's VARIANT_JAR) after the two compared
		known := false
		for _, k := range kinds {
			known = known || k == l["kind"]
		}
		if !known {
			kinds = append(kinds, l["kind"])
			kindName[l["kind"]] = l["kind"]
		}
	}
	out := os.Stdout
	summary := os.Stderr

	var lat []latencyRow
	for _, rate := range []int{1000, 50000} {
		target := 1000.0
		if rate == 50000 {
			target = 5000
		}
		for _, k := range kinds {
			var p50, p99, p999, mx, cpuE []float64
			r := latencyRow{rate: rate, kind: k, targetUs: target}
			for _, l := range lines {
				if l["kind"] != k || l["scenario"] != fmt.Sprintf("go-latency-%d", rate) {
					continue
				}
				r.rounds++
				p50 = append(p50, l.num("p50_us"))
				p99 = append(p99, l.num("p99_us"))
				p999 = append(p999, l.num("p999_us"))
				mx = append(mx, l.num("max_us"))
				cpuE = append(cpuE, workCPU(l)/l.num("events")*1e6)
				r.lost += int(l.num("lost"))
				r.failed += int(l.num("failed_streams") + l.num("broken_streams"))
			}
			if r.rounds == 0 {
				continue
			}
			r.p50, r.p99, r.p999, r.max, r.cpuE = median(p50), median(p99), median(p999), median(mx), median(cpuE)
			lat = append(lat, r)
		}
	}

	fmt.Fprintf(out, "Machine: %s, %s cores, %s, %s; %s; Go client built with %s and grpc-go %s (Debian). "+
		"Latency measured %s; streams measured %s. Server heap -Xmx%s.\n\n",
		props["cpu"], props["cores"], props["memory"], props["kernel"], props["java"], props["go"], props["grpc_go"],
		props["measured.latency"], props["measured.streams"], props["server_heap"])

	fmt.Fprintf(out, "### Latency, one stream of 100 B events (targets: p99 <= 1 ms at 1,000/s, <= 5 ms at 50,000/s)\n\n")
	if v := props["variant"]; v != "" && len(kinds) > 2 {
		fmt.Fprintf(out, "Variant measured alongside (an experiment, not a shipped build): %s.\n\n", v)
	}
	fmt.Fprintf(out, "Medians of %s rounds of %s s (after %s s unmeasured); latency in ms from the emit time in the payload to "+
		"the Go client's Recv; CPU is the server's, JIT compiler threads left out, per event.\n\n",
		props["latency_rounds"], props["latency_seconds"], props["warmup_seconds"])
	fmt.Fprintln(out, "| events/s | server | p50 | p99 | p99.9 | max | p99 target | server CPU / event (us) | lost | broken streams |")
	fmt.Fprintln(out, "|---:|---|---:|---:|---:|---:|---|---:|---:|---:|")
	for _, r := range lat {
		met := "met"
		if r.p99 > r.targetUs {
			met = "**missed**"
		}
		if r.kind != "sdk" {
			met = "(" + met + ")"
		}
		fmt.Fprintf(out, "| %d | %s | %s | %s | %s | %s | <= %s ms: %s | %s | %d | %d |\n", r.rate, kindName[r.kind],
			ms(r.p50), ms(r.p99), ms(r.p999), ms(r.max), ms(r.targetUs), met, f1(r.cpuE), r.lost, r.failed)
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, "Every round (the SDK and the baseline ran one after the other in each, the order alternating):")
	fmt.Fprintln(out)
	fmt.Fprintln(out, "| round | events/s | server | p50 | p99 | p99.9 | max | server CPU / event (us) | load (1 min) |")
	fmt.Fprintln(out, "|---:|---:|---|---:|---:|---:|---:|---:|---:|")
	for _, l := range lines {
		if !strings.HasPrefix(l["scenario"], "go-latency-") {
			continue
		}
		fmt.Fprintf(out, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", l["round"], strings.TrimPrefix(l["scenario"], "go-latency-"),
			kindName[l["kind"]], ms(l.num("p50_us")), ms(l.num("p99_us")), ms(l.num("p999_us")), ms(l.num("max_us")),
			f1(workCPU(l)/l.num("events")*1e6), l["load"])
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, "![p50, p99 and p99.9 latency and heap per stream, SDK and baseline, Go client](argo-go.svg)")
	fmt.Fprintln(out)

	fmt.Fprintf(out, "### Many streams, one connection each, from one Go process\n\n")
	fmt.Fprintf(out, "%s s measured after %s s; CPU is the server's in that window (JIT left out) per stream and second; "+
		"heap is in use after a full GC, read with the streams open, minus the same server's with no stream; RSS and threads likewise.\n\n",
		props["streams_seconds"], props["warmup_seconds"])
	fmt.Fprintln(out, "| streams | server | opened in (s) | CPU / stream (us/s) | CPU / event (us) | heap / stream (KiB) | RSS / stream (KiB) | heap, RSS in all (MiB) | threads (none -> all) | p99 (ms) | lost | failed |")
	fmt.Fprintln(out, "|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
	type streamRow struct {
		scenario, kind                   string
		cpuStream, heapStream, rssStream float64
	}
	var srows []streamRow
	var bars []heapBar
	for _, l := range lines {
		sc := l["scenario"]
		if !strings.HasPrefix(sc, "go-idle-") && !strings.HasPrefix(sc, "go-streams-") {
			continue
		}
		n := l.num("streams")
		cpuStream := workCPU(l) / l.num("seconds") / n * 1e6
		heapStream := (l.num("heap_kib") - l.num("0heap_kib")) / n
		rssStream := (l.num("rss_kib") - l.num("0rss_kib")) / n
		perEvent := "-"
		if l.num("events") > 0 {
			perEvent = f1(workCPU(l) / l.num("events") * 1e6)
		}
		what := fmt.Sprintf("%s idle", l["streams"])
		p99 := "-"
		if strings.HasPrefix(sc, "go-streams-") {
			what = fmt.Sprintf("%s x %s/s", l["streams"], strings.TrimPrefix(sc[strings.LastIndex(sc, "-")+1:], "rate"))
			p99 = ms(l.num("p99_us"))
		}
		fmt.Fprintf(out, "| %s | %s | %s | %s | %s | %s | %s | %s, %s | %s -> %s | %s | %s | %d |\n", what, kindName[l["kind"]],
			f1(l.num("setup_s")), f1(cpuStream), perEvent, f1(heapStream), f1(rssStream),
			f1(l.num("heap_kib")/1024), f1(l.num("rss_kib")/1024), l["0threads"], l["threads"], p99, l["lost"],
			int(l.num("failed_streams")+l.num("broken_streams")))
		srows = append(srows, streamRow{sc, l["kind"], cpuStream, heapStream, rssStream})
		bars = append(bars, heapBar{what, l["kind"], heapStream})
	}
	fmt.Fprintln(out)
	var ratios []string
	for _, a := range srows {
		for _, b := range srows {
			if a.kind != "baseline" && b.kind == "baseline" && a.scenario == b.scenario {
				ratios = append(ratios, fmt.Sprintf("%s %s: heap %s, RSS %s, CPU %s", kindName[a.kind], strings.TrimPrefix(a.scenario, "go-"),
					ratio(a.heapStream, b.heapStream), ratio(a.rssStream, b.rssStream), ratio(a.cpuStream, b.cpuStream)))
			}
		}
	}
	if len(ratios) > 0 {
		fmt.Fprintf(out, "Per stream, against the baseline: %s.\n\n", strings.Join(ratios, "; "))
	}

	fmt.Fprintln(summary, "Go client: latency (median of rounds), p50 / p99 / p99.9 ms, server CPU us/event")
	for _, r := range lat {
		fmt.Fprintf(summary, "  %6d/s %-18s %s / %s / %s  cpu %s  (p99 target %s ms)\n", r.rate, kindName[r.kind],
			ms(r.p50), ms(r.p99), ms(r.p999), f1(r.cpuE), ms(r.targetUs))
	}
	fmt.Fprintln(summary, "Go client: many streams, per stream: heap KiB, RSS KiB, CPU us/s")
	for _, s := range srows {
		fmt.Fprintf(summary, "  %-24s %-18s heap %s  rss %s  cpu %s\n", strings.TrimPrefix(s.scenario, "go-"), kindName[s.kind],
			f1(s.heapStream), f1(s.rssStream), f1(s.cpuStream))
	}
	fmt.Fprintln(summary, "Per stream, against the baseline:", strings.Join(ratios, "; "))

	if *svgPath != "" {
		f, err := os.Create(*svgPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "argo-go-report:", err)
			os.Exit(1)
		}
		chart(f, lat, bars)
		if err := f.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "argo-go-report:", err)
			os.Exit(1)
		}
	}
}

type heapBar struct {
	label, kind string
	kib         float64
}

var colors = map[string]string{"sdk": "#1f77b4", "baseline": "#ff7f0e"}

func color(kind string) string {
	if c, ok := colors[kind]; ok {
		return c
	}
	return "#2ca02c"
}

// chart draws two panels: latency percentiles on a log scale with each rate's p99 target, and
// heap per stream.
func chart(w io.Writer, lat []latencyRow, heap []heapBar) {
	const width, height = 860, 360
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`+"\n", width, height)
	fmt.Fprintf(w, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	// panel 1: latency, log scale 10 us .. 100 ms
	x0, y0, pw, ph := 60.0, 40.0, 480.0, 260.0
	fmt.Fprintf(w, `<text x="%g" y="20" font-size="14">Latency, emit to Go client receipt (log scale): p50, p99, p99.9</text>`+"\n", x0)
	lo, hi := 1.0, 5.0 // log10 of microseconds
	y := func(us float64) float64 {
		v := math.Log10(math.Max(us, 10))
		return y0 + ph - (v-lo)/(hi-lo)*ph
	}
	for _, t := range []struct {
		us    float64
		label string
	}{{10, "0.01 ms"}, {100, "0.1 ms"}, {1000, "1 ms"}, {10000, "10 ms"}, {100000, "100 ms"}} {
		fmt.Fprintf(w, `<line x1="%g" x2="%g" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%g" y="%.1f" text-anchor="end">%s</text>`+"\n",
			x0, x0+pw, y(t.us), y(t.us), x0-4, y(t.us)+4, t.label)
	}
	groupW := pw / 2
	for gi, rate := range []int{1000, 50000} {
		gx := x0 + float64(gi)*groupW
		var rows []latencyRow
		for _, r := range lat {
			if r.rate == rate {
				rows = append(rows, r)
			}
		}
		barW := math.Min(22, ((groupW-30)/float64(len(rows))-8)/3)
		for ki, r := range rows {
			for pi, v := range []float64{r.p50, r.p99, r.p999} {
				bx := gx + 15 + float64(ki)*(3*barW+8) + float64(pi)*barW
				opacity := []float64{0.45, 1, 0.7}[pi]
				fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="%g" height="%.1f" fill="%s" fill-opacity="%g"><title>%s %s p%s %s ms</title></rect>`+"\n",
					bx, y(v), barW-2, y0+ph-y(v), color(r.kind), opacity, kindName[r.kind], fmt.Sprint(rate), []string{"50", "99", "99.9"}[pi], ms(v))
				fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="9">%s</text>`+"\n",
					bx+barW/2-1, y0+ph+12, []string{"50", "99", "99.9"}[pi])
			}
		}
		if len(rows) > 0 {
			target := rows[0].targetUs
			fmt.Fprintf(w, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="red" stroke-dasharray="5,3"/>`+"\n",
				gx+10, gx+groupW-10, y(target), y(target))
		}
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="middle">%d events/s</text>`+"\n", gx+groupW/2, y0+ph+28, rate)
	}
	// legend
	lx := x0
	for _, k := range kinds {
		fmt.Fprintf(w, `<rect x="%g" y="%g" width="12" height="12" fill="%s"/><text x="%g" y="%g">%s</text>`+"\n", lx, height-22.0, color(k), lx+16, height-12.0, kindName[k])
		lx += 40 + 7*float64(len(kindName[k]))
	}
	fmt.Fprintf(w, `<line x1="%g" x2="%g" y1="%g" y2="%g" stroke="red" stroke-dasharray="5,3"/><text x="%g" y="%g" fill="red">p99 target</text>`+"\n",
		lx, lx+24, height-16.0, height-16.0, lx+28, height-12.0)
	// panel 2: heap per stream
	x1, pw2 := 620.0, 200.0
	fmt.Fprintf(w, `<text x="%g" y="20" font-size="14">Heap per stream (KiB)</text>`+"\n", x1)
	maxKib := 1.0
	for _, b := range heap {
		maxKib = math.Max(maxKib, b.kib)
	}
	scale := ph / (maxKib * 1.15)
	var labels []string
	for _, b := range heap {
		if len(labels) == 0 || labels[len(labels)-1] != b.label {
			labels = append(labels, b.label)
		}
	}
	for li, label := range labels {
		gx := x1 + float64(li)*pw2/float64(len(labels))
		ki := 0
		for _, k := range kinds {
			for _, b := range heap {
				if b.label != label || b.kind != k {
					continue
				}
				bh := math.Max(0, b.kib) * scale
				bx := gx + 10 + float64(ki)*34
				fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="30" height="%.1f" fill="%s"/>`+"\n", bx, y0+ph-bh, bh, color(k))
				fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="10">%.1f</text>`+"\n", bx+15, y0+ph-bh-3, b.kib)
				ki++
			}
		}
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", gx+44, y0+ph+28, label)
	}
	fmt.Fprintf(w, `<line x1="%g" x2="%g" y1="%g" y2="%g" stroke="black"/>`+"\n", x1, x1+pw2, y0+ph, y0+ph)
	fmt.Fprintln(w, "</svg>")
}
