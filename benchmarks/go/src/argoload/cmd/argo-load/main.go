// Command argo-load reads firehose streams the way Argo Events' generic eventsource client reads
// them (grpc-go, one stream per connection, a synchronous Recv, then the event wrapped as JSON,
// then dispatched, before the next Recv; see /work/shared/ARGO-CLIENT.md) and measures what the
// issue asks of a server under such clients: the latency from the emit time the firehose payload
// carries to the moment Recv returned it, and many streams in one process, one connection each.
//
//	argo-load -url 127.0.0.1:8080 -streams 1 -config 'rate: 1000' -warmup 5s -duration 15s -server-pid P
//
// The payload is the firehose's (benchmarks' Payloads): bytes 0-7 the emit time in microseconds
// since the epoch, bytes 8-15 the event's sequence number in its stream, both big-endian. Server
// and client share the machine's wall clock, so receipt minus emit is the event's whole way:
// the server's emit path, gRPC on both sides, the socket, and the Go client's Recv.
//
// Run: every stream is opened (at most -dial-parallel at a time) and counts as open when its first
// event arrived (a paced firehose emits its first event at once, an idle one included); then
// -warmup passes unmeasured, then -duration is measured, then the summary is printed and the
// streams are held open for -hold more ("measuring" and "measured" lines on stderr mark these
// moments, so that a script can read the server's footprint with the streams still open). The last
// line on stdout is the summary, key=value pairs. Exit 1 when a stream could not be opened or
// broke, or events were lost; exit 2 on bad flags.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"google.golang.org/grpc"

	pb "argoload/generic"
)

// wrappedEvent has the shape of Argo's GenericEventData: the body is base64 of the payload (the
// firehose payload is not JSON, so jsonBody is off).
type wrappedEvent struct {
	Body     interface{}       `json:"body"`
	Metadata map[string]string `json:"metadata,omitempty"`
}

const (
	phaseSetup = iota
	phaseMeasure
	phaseDone
)

type options struct {
	url          string
	name         string
	config       string
	streams      int
	dialParallel int
	warmup       time.Duration
	duration     time.Duration
	setupTimeout time.Duration
	hold         time.Duration
	serverPid    int
}

// run is what all streams share.
type run struct {
	opt      options
	phase    int32 // phaseSetup, phaseMeasure, phaseDone; read by every stream per event
	shards   []*shard
	lost     int64
	opened   int64
	failed   int64 // streams that could not be opened
	broken   int64 // streams that ended after they were opened
	mu       sync.Mutex
	lastErr  string
	dispatch io.Writer
}

// shard is a histogram and an event count that a share of the streams record into: one per stream
// would cost 35 KiB a stream, and 10,000 streams contending on one lock would measure the lock.
type shard struct {
	mu     sync.Mutex
	hist   histogram
	events int64
	bytes  int64
}

func (r *run) recordError(err error) {
	r.mu.Lock()
	r.lastErr = err.Error()
	r.mu.Unlock()
}

func main() {
	fs := flag.NewFlagSet("argo-load", flag.ExitOnError)
	var o options
	fs.StringVar(&o.url, "url", "", "server address host:port (required)")
	fs.StringVar(&o.name, "name", "example", "event name, sent as EventSource.name")
	fs.StringVar(&o.config, "config", "", "firehose config, sent as EventSource.config ('\\n' is a line break), e.g. 'payloadSize: 100\\nrate: 1000'")
	fs.IntVar(&o.streams, "streams", 1, "streams to open, each on its own connection as Argo does")
	fs.IntVar(&o.dialParallel, "dial-parallel", 100, "streams being opened at the same time at most")
	fs.DurationVar(&o.warmup, "warmup", 5*time.Second, "time after all streams are open that is not measured")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "time measured after the warm-up")
	fs.DurationVar(&o.setupTimeout, "setup-timeout", 120*time.Second, "the most time opening all streams may take")
	fs.DurationVar(&o.hold, "hold", 0, "time the streams stay open after the summary is printed (for a footprint read meanwhile)")
	fs.IntVar(&o.serverPid, "server-pid", 0, "the server's PID, for its CPU time in the measured window (Linux)")
	_ = fs.Parse(os.Args[1:])
	switch {
	case fs.NArg() > 0:
		usageExit("unexpected arguments: %v", fs.Args())
	case o.url == "":
		usageExit("-url is required")
	case o.streams < 1:
		usageExit("-streams must be at least 1, got %d", o.streams)
	case o.dialParallel < 1:
		usageExit("-dial-parallel must be at least 1, got %d", o.dialParallel)
	case o.warmup < 0 || o.hold < 0 || o.duration <= 0 || o.setupTimeout <= 0:
		usageExit("-warmup and -hold must not be negative, -duration and -setup-timeout must be positive")
	}
	o.config = strings.ReplaceAll(o.config, `\n`, "\n")
	if o.serverPid > 0 {
		if _, err := readCPU(o.serverPid); err != nil {
			usageExit("-server-pid: %v", err)
		}
	}
	os.Exit(measure(o, os.Stdout))
}

func usageExit(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, "argo-load: "+format+"\n", a...)
	os.Exit(2)
}

func logf(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, "argo-load %s "+format+"\n", append([]interface{}{time.Now().Format("15:04:05.000")}, a...)...)
}

func measure(o options, stdout io.Writer) int {
	r := &run{opt: o, dispatch: ioutil.Discard}
	nShards := 64
	if o.streams < nShards {
		nShards = o.streams
	}
	for i := 0; i < nShards; i++ {
		r.shards = append(r.shards, &shard{})
	}

	setupStart := time.Now()
	var setup sync.WaitGroup
	setup.Add(o.streams)
	slots := make(chan struct{}, o.dialParallel)
	for i := 0; i < o.streams; i++ {
		slots <- struct{}{}
		go r.stream(i, &setup, slots)
	}
	setupDone := make(chan struct{})
	go func() { setup.Wait(); close(setupDone) }()
	select {
	case <-setupDone:
	case <-time.After(o.setupTimeout):
		logf("not all streams were open after %v", o.setupTimeout)
	}
	setupSeconds := time.Since(setupStart).Seconds()
	logf("%d of %d streams open in %.3f s (%d failed), holding them", atomic.LoadInt64(&r.opened), o.streams, setupSeconds, atomic.LoadInt64(&r.failed))

	time.Sleep(o.warmup)
	cpu0, cpuErr0 := readCPU(o.serverPid)
	own0 := ownCPU()
	atomic.StoreInt32(&r.phase, phaseMeasure)
	start := time.Now()
	logf("measuring for %v", o.duration)
	time.Sleep(o.duration)
	atomic.StoreInt32(&r.phase, phaseDone)
	seconds := time.Since(start).Seconds()
	cpu1, cpuErr1 := readCPU(o.serverPid)
	own1 := ownCPU()

	var h histogram
	var events, bytes int64
	for _, s := range r.shards {
		s.mu.Lock()
		h.add(&s.hist)
		events += s.events
		bytes += s.bytes
		s.mu.Unlock()
	}
	serverCPU, serverJit := math.NaN(), math.NaN()
	if o.serverPid > 0 && cpuErr0 == nil && cpuErr1 == nil {
		serverCPU = cpu1.total - cpu0.total
		serverJit = cpu1.jitSince(cpu0)
	}
	r.mu.Lock()
	lastErr := r.lastErr
	r.mu.Unlock()
	lost := atomic.LoadInt64(&r.lost)
	failed := int64(o.streams) - atomic.LoadInt64(&r.opened) // refused, or not open within -setup-timeout
	broken := atomic.LoadInt64(&r.broken)
	fmt.Fprintf(stdout, "streams=%d open=%d failed_streams=%d broken_streams=%d setup_s=%.3f seconds=%.3f events=%d events_per_s=%.0f bytes_per_s=%.0f "+
		"p50_us=%d p99_us=%d p999_us=%d max_us=%d lost=%d client_cpu_s=%.3f server_cpu_s=%.3f server_jit_s=%.3f last_error=%s\n",
		o.streams, atomic.LoadInt64(&r.opened), failed, broken, setupSeconds, seconds, events, float64(events)/seconds, float64(bytes)/seconds,
		h.percentile(0.5), h.percentile(0.99), h.percentile(0.999), h.max, lost, own1-own0, serverCPU, serverJit, strconv.Quote(lastErr))
	logf("measured; holding the streams for %v", o.hold)
	time.Sleep(o.hold)
	if failed > 0 || broken > 0 || lost > 0 {
		return 1
	}
	return 0
}

// stream opens one connection and one stream on it, and reads it as Argo does until the run ends.
func (r *run) stream(i int, setup *sync.WaitGroup, slots chan struct{}) {
	opened := false
	release := func() {
		if !opened {
			opened = true
			<-slots
			setup.Done()
		}
	}
	defer release()
	conn, err := grpc.Dial(r.opt.url, grpc.WithInsecure())
	if err != nil {
		atomic.AddInt64(&r.failed, 1)
		r.recordError(err)
		return
	}
	// the connection stays open until the process exits, as Argo's does while its stream lives
	stream, err := pb.NewEventingClient(conn).StartEventSource(context.Background(),
		&pb.EventSource{Name: r.opt.name, Config: []byte(r.opt.config)})
	if err != nil {
		atomic.AddInt64(&r.failed, 1)
		r.recordError(err)
		return
	}
	sh := r.shards[i%len(r.shards)]
	next := int64(0)
	for {
		ev, err := stream.Recv()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = fmt.Errorf("stream ended by the server with OK status")
			}
			if atomic.LoadInt32(&r.phase) != phaseDone {
				if opened {
					atomic.AddInt64(&r.broken, 1)
				} else {
					atomic.AddInt64(&r.failed, 1)
				}
				r.recordError(err)
			}
			return
		}
		received := time.Now()
		// Argo's handling: wrap, then dispatch, before the next Recv
		line, merr := json.Marshal(wrappedEvent{Body: ev.Payload})
		if merr == nil {
			_, _ = r.dispatch.Write(line)
		}
		if !opened {
			atomic.AddInt64(&r.opened, 1)
			release()
		}
		if len(ev.Payload) < 16 {
			r.recordError(fmt.Errorf("payload of %d bytes is not a firehose payload", len(ev.Payload)))
			atomic.AddInt64(&r.broken, 1)
			return
		}
		stamp := int64(be64(ev.Payload[0:8]))
		seq := int64(be64(ev.Payload[8:16]))
		if seq > next {
			atomic.AddInt64(&r.lost, seq-next)
		}
		if seq >= next {
			next = seq + 1
		}
		if atomic.LoadInt32(&r.phase) == phaseMeasure {
			sh.mu.Lock()
			sh.hist.record(received.UnixMicro() - stamp)
			sh.events++
			sh.bytes += int64(len(ev.Payload))
			sh.mu.Unlock()
		}
	}
}

func be64(b []byte) uint64 {
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v
}

// histogram of microseconds, the same buckets as benchmarks' LatencyHistogram: exact below 1,024,
// then 64 buckets per power of two (within about 1.6 %).
type histogram struct {
	counts [1024 + 54*64]int64
	total  int64
	max    int64
}

func (h *histogram) record(us int64) {
	if us < 0 {
		us = 0 // one machine's clock: a negative value is rounding
	}
	h.counts[bucket(us)]++
	h.total++
	if us > h.max {
		h.max = us
	}
}

func (h *histogram) add(o *histogram) {
	for i := range h.counts {
		h.counts[i] += o.counts[i]
	}
	h.total += o.total
	if o.max > h.max {
		h.max = o.max
	}
}

// percentile is the lower bound of the bucket holding the value at fraction q, 0 when empty.
func (h *histogram) percentile(q float64) int64 {
	if h.total == 0 {
		return 0
	}
	rank := int64(math.Ceil(q * float64(h.total)))
	if rank < 1 {
		rank = 1
	}
	var seen int64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			if lb := lowerBound(i); lb < h.max {
				return lb
			}
			return h.max
		}
	}
	return h.max
}

func bucket(v int64) int {
	if v < 1024 {
		return int(v)
	}
	exp := 63
	for v>>uint(exp) == 0 {
		exp--
	}
	sub := int(v>>uint(exp-6)) & 63
	return 1024 + (exp-10)*64 + sub
}

func lowerBound(i int) int64 {
	if i < 1024 {
		return int64(i)
	}
	exp := (i-1024)/64 + 10
	sub := (i - 1024) % 64
	return int64(64+sub) << uint(exp-6)
}

// cpuTimes is a process's CPU seconds at one moment, in all and per JIT compiler thread.
type cpuTimes struct {
	total float64
	jit   map[string]float64
}

func (c cpuTimes) jitSince(earlier cpuTimes) float64 {
	sum := 0.0
	for tid, s := range c.jit {
		sum += s - earlier.jit[tid]
	}
	return sum
}

// readCPU reads utime+stime of pid and the run time of its HotSpot compiler threads from /proc.
func readCPU(pid int) (cpuTimes, error) {
	if pid <= 0 {
		return cpuTimes{}, errors.New("no pid")
	}
	dir := filepath.Join("/proc", strconv.Itoa(pid))
	stat, err := ioutil.ReadFile(filepath.Join(dir, "stat"))
	if err != nil {
		return cpuTimes{}, err
	}
	total, err := statSeconds(string(stat))
	if err != nil {
		return cpuTimes{}, err
	}
	c := cpuTimes{total: total, jit: map[string]float64{}}
	tasks, _ := ioutil.ReadDir(filepath.Join(dir, "task"))
	for _, t := range tasks {
		comm, err := ioutil.ReadFile(filepath.Join(dir, "task", t.Name(), "comm"))
		if err != nil {
			continue
		}
		name := strings.TrimSpace(string(comm))
		if !strings.HasPrefix(name, "C1 CompilerThre") && !strings.HasPrefix(name, "C2 CompilerThre") {
			continue
		}
		ss, err := ioutil.ReadFile(filepath.Join(dir, "task", t.Name(), "schedstat"))
		if err != nil {
			continue
		}
		if ns, err := strconv.ParseInt(strings.Fields(string(ss))[0], 10, 64); err == nil {
			c.jit[t.Name()] = float64(ns) / 1e9
		}
	}
	return c, nil
}

// statSeconds is utime+stime (fields 14 and 15) of a /proc stat line, in seconds of USER_HZ=100.
func statSeconds(stat string) (float64, error) {
	fields := strings.Fields(stat[strings.LastIndexByte(stat, ')')+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("unexpected /proc stat line")
	}
	ut, err1 := strconv.ParseInt(fields[11], 10, 64)
	st, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("unexpected /proc stat line")
	}
	return float64(ut+st) / 100, nil
}

func ownCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
