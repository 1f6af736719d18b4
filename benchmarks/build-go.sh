#!/usr/bin/env bash
# Builds benchmarks/go (argo-load, an Argo-like Go client that measures latency and many streams, and
# argo-go-report, which writes its section of docs/performance.md) into
# OUT_DIR (default benchmarks/target/go), offline, from Debian's packaged Go and grpc-go in GOPATH mode (no
# module proxy), with stubs generated from proto/src/main/proto/generic.proto. The same recipe as the shared
# argo-client-go build.sh. Needs root for apt-get the first time. Usage: build-go.sh [OUT_DIR]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=${1:-$HERE/target/go}
pkgs=(golang-go protobuf-compiler golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev
  golang-google-grpc-dev protoc-gen-go protoc-gen-go-grpc)
missing=(); for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
if ((${#missing[@]})); then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; fi
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
cp -r "$HERE/go/src" "$WORK/src"
export GO111MODULE=off GOPATH="/usr/share/gocode:$WORK" GOFLAGS= CGO_ENABLED=0 GOCACHE=${GOCACHE:-$WORK/.cache}
# our generic.proto has no go_package (its options are Java's): M maps it to the package the tool imports
PROTO=$ROOT/proto/src/main/proto
M=Mgeneric.proto=argoload/generic
protoc -I "$PROTO" --go_out="$WORK/src" --go_opt=paths=import,$M --go-grpc_out="$WORK/src" \
  --go-grpc_opt=paths=import,$M "$PROTO/generic.proto"
mkdir -p "$OUT"
for cmd in argo-load argo-go-report; do
  go vet "argoload/cmd/$cmd"
  [[ ${SKIP_GO_TESTS:-} == 1 ]] || go test -count=1 "argoload/cmd/$cmd"
  go build -o "$OUT/$cmd" "argoload/cmd/$cmd"
done
echo "built $OUT/argo-load and $OUT/argo-go-report"
