#!/usr/bin/env bash
# Dependencies point down (DESIGN.md): clients -> proto; server -> domain,
# storage, proto; storage -> RocksDB; domain -> abseil, std. Library headers
# all live in /usr/include, so CMake cannot stop a stray include: this does.
# Usage: layering_test.sh SOURCE_DIR
set -u
cd "${1:?usage: layering_test.sh SOURCE_DIR}"
failed=0

# forbid DIR REGEX WHY: no file under DIR may include a header matching REGEX.
forbid() {
  local dir=$1 regex=$2 why=$3
  [ -d "$dir" ] || return 0
  local hits
  hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($regex)" "$dir" \
           --include='*.h' --include='*.cc' || true)
  if [ -n "$hits" ]; then
    echo "FAIL: $dir must not include $why:"
    echo "$hits" | sed 's/^/  /'
    failed=1
  fi
}

forbid server/domain 'grpc|grpcpp/|rocksdb/|prometheus/|storage/|transpo/v1/|server/[a-z_]+\.h' \
  "gRPC, RocksDB, Prometheus, storage, protos or server wiring (the domain is pure C++)"
forbid storage 'grpc|grpcpp/|prometheus/|server/|clients/|transpo/v1/' \
  "gRPC, Prometheus, protos, server or clients (storage knows bytes)"
forbid clients 'rocksdb/|prometheus/|server/|storage/' \
  "server, storage, RocksDB or Prometheus (clients use the proto only)"
forbid proto 'server/|storage/|clients/' "code of other layers"

if [ $failed -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $failed
