package main

import (
	"bytes"
	"encoding/binary"
	"net"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"

	pb "argoload/generic"
)

func TestBucketsAreExactBelow1024AndWithinTwoPercentAbove(t *testing.T) {
	for v := int64(0); v < 1024; v++ {
		if lowerBound(bucket(v)) != v {
			t.Fatalf("value %d: bucket lower bound %d, want exact", v, lowerBound(bucket(v)))
		}
	}
	for v := int64(1024); v < 1<<40; v = v*17/16 + 1 {
		lb, next := lowerBound(bucket(v)), lowerBound(bucket(v)+1)
		if lb > v || v >= next {
			t.Fatalf("value %d outside its bucket [%d, %d)", v, lb, next)
		}
		if float64(v-lb)/float64(v) > 0.016 {
			t.Fatalf("value %d: bucket lower bound %d is more than 1.6 %% below", v, lb)
		}
	}
}

func TestPercentilesOfAKnownDistribution(t *testing.T) {
	var h histogram
	for v := int64(1); v <= 1000; v++ { // 1..1000 us
		h.record(v)
	}
	h.record(-3) // rounding of one machine's clock: counted as 0
	if got := h.percentile(0.5); got != 500 {
		t.Errorf("p50 = %d, want 500", got)
	}
	if got := h.percentile(0.99); got != 990 {
		t.Errorf("p99 = %d, want 990", got)
	}
	if got := h.percentile(1); got != 1000 || h.max != 1000 {
		t.Errorf("p100 = %d, max = %d, want 1000", got, h.max)
	}
	var merged histogram
	merged.add(&h)
	merged.record(50000)
	if merged.total != 1002 || merged.max != 50000 || merged.percentile(0.5) != 500 {
		t.Errorf("merged: total %d max %d p50 %d", merged.total, merged.max, merged.percentile(0.5))
	}
}

func TestStatSecondsCountsFromTheLastParenthesis(t *testing.T) {
	// the command name may hold spaces and parentheses; utime and stime are fields 14 and 15
	stat := "42 (java (x) y) S 1 2 3 4 5 6 7 8 9 10 150 50 0 0"
	got, err := statSeconds(stat)
	if err != nil || got != 2.0 {
		t.Fatalf("statSeconds = %v, %v; want 2.0", got, err)
	}
	if _, err := statSeconds("42 (java) S 1 2"); err == nil {
		t.Fatal("a short stat line must be refused")
	}
}

// firehose is a grpc-go server of the contract that stamps each event as the benchmarks'
// Payloads does, paced, and skips sequence number skip (0 = none) to count as lost.
type firehose struct {
	pb.UnimplementedEventingServer
	skip int64
}

func (f *firehose) StartEventSource(_ *pb.EventSource, s pb.Eventing_StartEventSourceServer) error {
	for seq := int64(0); ; seq++ {
		if f.skip > 0 && seq == f.skip {
			continue
		}
		p := make([]byte, 100)
		binary.BigEndian.PutUint64(p[0:8], uint64(time.Now().UnixMicro()))
		binary.BigEndian.PutUint64(p[8:16], uint64(seq))
		if err := s.Send(&pb.Event{Name: "x", Payload: p}); err != nil {
			return err
		}
		time.Sleep(time.Millisecond)
	}
}

func serve(t *testing.T, f *firehose) string {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	pb.RegisterEventingServer(srv, f)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return lis.Addr().String()
}

func summary(t *testing.T, out string) map[string]string {
	kv := map[string]string{}
	for _, m := range regexp.MustCompile(`(\w+)=("(?:[^"\\]|\\.)*"|\S+)`).FindAllStringSubmatch(strings.TrimSpace(out), -1) {
		kv[m[1]] = m[2]
	}
	if kv["streams"] == "" {
		t.Fatalf("no summary line in %q", out)
	}
	return kv
}

func num(t *testing.T, kv map[string]string, key string) float64 {
	v, err := strconv.ParseFloat(kv[key], 64)
	if err != nil {
		t.Fatalf("%s=%q: %v", key, kv[key], err)
	}
	return v
}

func TestMeasuresEveryStreamOverItsOwnConnection(t *testing.T) {
	addr := serve(t, &firehose{})
	var out bytes.Buffer
	code := measure(options{url: addr, name: "x", streams: 20, dialParallel: 5, warmup: 100 * time.Millisecond,
		duration: 500 * time.Millisecond, setupTimeout: 30 * time.Second}, &out)
	kv := summary(t, out.String())
	if code != 0 || kv["open"] != "20" || kv["failed_streams"] != "0" || kv["lost"] != "0" {
		t.Fatalf("exit %d, summary %s", code, out.String())
	}
	// 20 streams at up to 1,000/s for 0.5 s: well above one stream's worth, whatever the machine's load
	if events := num(t, kv, "events"); events < 1000 {
		t.Errorf("events = %v, want at least 1000", events)
	}
	// a loopback latency: positive and far below a second
	if p50 := num(t, kv, "p50_us"); p50 < 0 || p50 > 1e6 {
		t.Errorf("p50_us = %v", p50)
	}
}

func TestCountsAGapInTheSequenceAsLost(t *testing.T) {
	addr := serve(t, &firehose{skip: 3})
	var out bytes.Buffer
	code := measure(options{url: addr, streams: 1, dialParallel: 1, warmup: 0,
		duration: 200 * time.Millisecond, setupTimeout: 30 * time.Second}, &out)
	kv := summary(t, out.String())
	if code != 1 || kv["lost"] != "1" {
		t.Fatalf("exit %d, summary %s; want exit 1 and lost=1", code, out.String())
	}
}

func TestAStreamThatCannotOpenIsCountedAndFailsTheRun(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close() // nothing listens there now
	var out bytes.Buffer
	code := measure(options{url: addr, streams: 2, dialParallel: 2, warmup: 0,
		duration: 100 * time.Millisecond, setupTimeout: 5 * time.Second}, &out)
	kv := summary(t, out.String())
	if code != 1 || kv["open"] != "0" || kv["failed_streams"] != "2" {
		t.Fatalf("exit %d, summary %s; want exit 1, 2 failed", code, out.String())
	}
}
