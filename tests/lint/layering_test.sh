#!/usr/bin/env bash
# Dependencies point down (DESIGN.md): clients -> proto; server/api -> app,
# domain, proto; server/app -> domain, storage, internal protos; server/report
# -> domain; storage ->
# RocksDB; domain -> abseil, std. Library headers all live in /usr/include, so
# CMake cannot stop a stray include: this does.
# Usage: layering_test.sh SOURCE_DIR
set -u
cd "${1:?usage: layering_test.sh SOURCE_DIR}"
failed=0

# forbid DIR REGEX WHY: no file under DIR may include a header matching REGEX.
forbid() {
  local dir=$1 regex=$2 why=$3
  [ -d "$dir" ] || { echo "FAIL: $dir does not exist"; failed=1; return; }
  local hits
  hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($regex)" "$dir" \
           --include='*.h' --include='*.cc' || true)
  if [ -n "$hits" ]; then
    echo "FAIL: $dir must not include $why:"
    echo "$hits" | sed 's/^/  /'
    failed=1
  fi
}

forbid server/domain 'grpc|grpcpp/|rocksdb/|prometheus/|google/protobuf/|storage/|transpo/|server/(app|api)/|server/[a-z_]+\.h|clients/' \
  "gRPC, RocksDB, Prometheus, protobuf, storage, protos, app, api or wiring (the domain is pure C++)"
forbid server/app 'grpc|grpcpp/|rocksdb/|prometheus/|transpo/v1/|google/rpc/|server/api/|server/[a-z_]+\.h|clients/' \
  "gRPC, RocksDB, Prometheus, API types, the API layer or wiring (app speaks domain and internal protos)"
forbid server/report 'grpc|grpcpp/|rocksdb/|prometheus/|google/protobuf/|storage/|transpo/|server/(app|api)/|server/[a-z_]+\.h|clients/' \
  "gRPC, RocksDB, Prometheus, protobuf, storage, protos, app, api or wiring (rendering reads the domain's note)"
forbid server/api 'rocksdb/|prometheus/|storage/rocksdb|transpo/internal/|server/[a-z_]+\.h|server/app/(event_codec|row_codec|stored_values|projector)|clients/' \
  "RocksDB, Prometheus, stored formats or wiring (handlers translate and delegate)"
forbid storage 'grpc|grpcpp/|prometheus/|server/|clients/|transpo/' \
  "gRPC, Prometheus, protos, server or clients (storage knows bytes)"
forbid clients 'rocksdb/|prometheus/|server/|storage/|transpo/internal/' \
  "server, storage, RocksDB, Prometheus or stored formats (clients use the proto only)"
forbid proto 'server/|storage/|clients/' "code of other layers"

# No service includes another service: shared reads live in server/app.
for f in server/api/*_service.cc server/api/*_service.h; do
  own=$(basename "${f%.*}")
  hits=$(grep -nE '#include "server/api/[a-z_]+_service\.h"' "$f" | grep -v "server/api/$own.h" || true)
  if [ -n "$hits" ]; then
    echo "FAIL: $f includes another service:"
    echo "$hits" | sed 's/^/  /'
    failed=1
  fi
done

if [ $failed -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $failed
