// RocksDbStderrLogger is the info log the event log gives RocksDB: messages of
// level WARN and above go to stderr, one line each, prefixed "rocksdb [LEVEL]";
// the rest is dropped. It never writes to the data directory, so a full disk
// cannot make logging fail (RocksDB's own file logger aborts the process when
// its LOG file cannot be written).
//
// Thread-safety: Logv may be called from any thread; each message is one
// write(2).
//
// Example:
//   rocksdb::Options options;
//   options.info_log = std::make_shared<RocksDbStderrLogger>();

#ifndef TRANSPO_STORAGE_ROCKSDB_STDERR_LOGGER_H_
#define TRANSPO_STORAGE_ROCKSDB_STDERR_LOGGER_H_

#include <cstdarg>

#include "rocksdb/env.h"

namespace transpo {

class RocksDbStderrLogger final : public rocksdb::Logger {
 public:
  RocksDbStderrLogger();

  // RocksDB calls the level-less form for INFO messages: dropped.
  void Logv(const char* format, va_list ap) override;
  void Logv(rocksdb::InfoLogLevel level, const char* format,
            va_list ap) override;
};

}  // namespace transpo

#endif  // TRANSPO_STORAGE_ROCKSDB_STDERR_LOGGER_H_
