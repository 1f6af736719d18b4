// Argo Events' built-in webhook eventsource, its HTTP side only, as a standalone server: the oracle
// the webhook bridge's parity tests compare with (WebhookArgoParityTest). The request handling is
// copied from argoproj/argo-events (Apache License 2.0) at commit
// 6478ece495f951dde9f183ae58fde134c52f41a5:
//   - pkg/eventsources/common/webhook/webhook.go: startServer (one gorilla/mux router per port,
//     one named route per endpoint, the bearer check and Authorization masking, /health),
//     DispatchEvent
//   - pkg/eventsources/sources/webhook/start.go: HandleRoute, GetBody, getRequestBody
//   - pkg/shared/util/util.go: SendSuccessResponse, SendErrorResponse, SendInternalErrorResponse,
//     SendResponse
//   - pkg/eventsources/events/event-data.go: WebhookEventData
//
// What differs, and only this: logging and metrics are left out; the event bus is this process's
// stdout (a dispatch always succeeds, as with a healthy bus); the auth token is given in the config
// instead of read from a mounted Secret; a route's Active flag is set from the config.
//
// Built in GOPATH mode against Debian's golang-github-gorilla-mux-dev (1.8.0). Argo pins 1.8.1,
// whose only change to matching (route.go, Route.Match) concerns routes with Methods(), which Argo
// does not use.
//
// Usage: argowebhook -check reads one endpoint template a line and prints, for each, "ok" or
// "error <message>": whether Argo's router can route to it (each on a router of its own).
//
// Usage: argowebhook CONFIG.json. Prints "LISTENING <port>", then per route "ROUTE <i> ok" or
// "ROUTE <i> error <message>", then "READY"; then one "EVENT <i> <payload>" per dispatched event.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/gorilla/mux"
)

type routeConfig struct {
	Endpoint       string            `json:"endpoint"`
	Method         string            `json:"method"`
	Port           string            `json:"port"`
	AuthToken      *string           `json:"authToken"`
	MaxPayloadSize *int64            `json:"maxPayloadSize"`
	Metadata       map[string]string `json:"metadata"`
	Active         bool              `json:"active"`
}

// GetMaxPayloadSize as v1alpha1.WebhookContext's
func (wc *routeConfig) GetMaxPayloadSize() int64 {
	maxPayloadSize := int64(1048576)
	if wc != nil && wc.MaxPayloadSize != nil {
		maxPayloadSize = *wc.MaxPayloadSize
	}
	return maxPayloadSize
}

type Route struct {
	Index   int
	Context *routeConfig
	Active  bool
}

// WebhookEventData as in pkg/eventsources/events/event-data.go
type WebhookEventData struct {
	Header   http.Header       `json:"header"`
	Body     *json.RawMessage  `json:"body"`
	Metadata map[string]string `json:"metadata,omitempty"`
}

var out = bufio.NewWriter(os.Stdout)
var outLock sync.Mutex

func emit(line string) {
	outLock.Lock()
	defer outLock.Unlock()
	out.WriteString(line + "\n")
	out.Flush()
}

func main() {
	if os.Args[1] == "-check" {
		in := bufio.NewScanner(os.Stdin)
		for in.Scan() {
			route := &Route{Context: &routeConfig{Endpoint: in.Text(), Port: "12000"}}
			if err := register(mux.NewRouter(), route); err != nil {
				emit("error " + oneLine(err.Error()))
			} else {
				emit("ok")
			}
		}
		return
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var config struct {
		Routes []routeConfig `json:"routes"`
	}
	if err := json.Unmarshal(raw, &config); err != nil {
		panic(err)
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	emit(fmt.Sprintf("LISTENING %d", listener.Addr().(*net.TCPAddr).Port))
	handler := mux.NewRouter()
	for i := range config.Routes {
		route := &Route{Index: i, Context: &config.Routes[i], Active: config.Routes[i].Active}
		if err := register(handler, route); err != nil {
			emit(fmt.Sprintf("ROUTE %d error %s", i, oneLine(err.Error())))
		} else {
			emit(fmt.Sprintf("ROUTE %d ok", i))
		}
	}
	emit("READY")
	server := &http.Server{Handler: handler}
	_ = server.Serve(listener)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// register is startServer's route registration. mux records a bad template as the route's error
// (the route then never matches) or, for a capture group, panics: Argo's process dies there.
func register(handler *mux.Router, route *Route) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	routeName := route.Context.Port + route.Context.Endpoint
	r := handler.GetRoute(routeName)
	if r == nil {
		r = handler.NewRoute().Name(routeName)
		r = r.Path(route.Context.Endpoint)
		r.HandlerFunc(func(writer http.ResponseWriter, request *http.Request) {
			if route.Context.AuthToken != nil {
				token := *route.Context.AuthToken // Argo: sharedutil.GetSecretFromVolume(route.Context.AuthSecret)
				authHeader := request.Header.Get("Authorization")
				if !strings.HasPrefix(authHeader, "Bearer ") {
					SendResponse(writer, http.StatusUnauthorized, "Invalid Authorization Header")
					return
				}
				if strings.TrimPrefix(authHeader, "Bearer ") != token {
					SendResponse(writer, http.StatusUnauthorized, "Invalid Auth token")
					return
				}
			}
			if request.Header.Get("Authorization") != "" {
				// Auth secret stops here
				request.Header.Set("Authorization", "*** Masked Auth Secret ***")
			}
			HandleRoute(route, writer, request)
		})
	}
	healthCheckRouteName := route.Context.Port + "/health"
	healthCheckRoute := handler.GetRoute(healthCheckRouteName)
	if healthCheckRoute == nil {
		healthCheckRoute = handler.NewRoute().Name(healthCheckRouteName)
		healthCheckRoute = healthCheckRoute.Path("/health")
		healthCheckRoute.HandlerFunc(func(writer http.ResponseWriter, request *http.Request) {
			SendSuccessResponse(writer, "OK")
		})
	}
	return r.GetError()
}

// HandleRoute as the webhook eventsource's Router.HandleRoute
func HandleRoute(route *Route, writer http.ResponseWriter, request *http.Request) {
	if !route.Active {
		SendErrorResponse(writer, "endpoint is inactive")
		return
	}

	if route.Context.Method != request.Method {
		SendErrorResponse(writer, "http method does not match")
		return
	}

	body, err := GetBody(&writer, request, route)
	if err != nil {
		SendErrorResponse(writer, err.Error())
		return
	}

	payload := &WebhookEventData{
		Header:   request.Header,
		Body:     body,
		Metadata: route.Context.Metadata,
	}

	data, err := json.Marshal(payload)
	if err != nil {
		SendErrorResponse(writer, err.Error())
		return
	}

	DispatchEvent(route, data, writer)
}

// DispatchEvent with an event bus that always takes the event
func DispatchEvent(route *Route, data []byte, writer http.ResponseWriter) {
	emit(fmt.Sprintf("EVENT %d %s", route.Index, data))
	SendSuccessResponse(writer, "success")
}

func GetBody(writer *http.ResponseWriter, request *http.Request, route *Route) (*json.RawMessage, error) {
	switch request.Method {
	case http.MethodGet:
		body, _ := json.Marshal(request.URL.Query())
		ret := json.RawMessage(body)
		return &ret, nil
	case http.MethodPost:
		contentType := ""
		if len(request.Header["Content-Type"]) > 0 {
			contentType = request.Header["Content-Type"][0]
		}

		switch contentType {
		case "application/x-www-form-urlencoded":
			if err := request.ParseForm(); err != nil {
				SendInternalErrorResponse(*writer, err.Error())
				return nil, err
			}
			body, _ := json.Marshal(request.PostForm)
			ret := json.RawMessage(body)
			return &ret, nil
		// default including "application/json" is parsing body as JSON
		default:
			request.Body = http.MaxBytesReader(*writer, request.Body, route.Context.GetMaxPayloadSize())
			body, err := getRequestBody(request)
			if err != nil {
				SendErrorResponse(*writer, err.Error())
				return nil, err
			}
			ret := json.RawMessage(body)
			return &ret, nil
		}
	default:
		return nil, fmt.Errorf("unsupoorted method: %s", request.Method)
	}
}

func getRequestBody(request *http.Request) ([]byte, error) {
	// Read request payload
	body, err := io.ReadAll(request.Body)
	// Reset request.Body ReadCloser to prevent side-effect if re-read
	request.Body = io.NopCloser(bytes.NewBuffer(body))
	if err != nil {
		return nil, fmt.Errorf("failed to parse request body, %w", err)
	}
	return body, nil
}

func SendSuccessResponse(writer http.ResponseWriter, response string) {
	writer.WriteHeader(http.StatusOK)
	_, _ = writer.Write([]byte(response))
}

func SendErrorResponse(writer http.ResponseWriter, response string) {
	writer.WriteHeader(http.StatusBadRequest)
	_, _ = writer.Write([]byte(response))
}

func SendInternalErrorResponse(writer http.ResponseWriter, response string) {
	writer.WriteHeader(http.StatusInternalServerError)
	_, _ = writer.Write([]byte(response))
}

func SendResponse(writer http.ResponseWriter, statusCode int, response string) {
	writer.WriteHeader(statusCode)
	_, _ = writer.Write([]byte(response))
}
