#include "storage/rocksdb_stderr_logger.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace transpo {
namespace {

const char* LevelName(rocksdb::InfoLogLevel level) {
  switch (level) {
    case rocksdb::InfoLogLevel::DEBUG_LEVEL:
      return "DEBUG";
    case rocksdb::InfoLogLevel::INFO_LEVEL:
      return "INFO";
    case rocksdb::InfoLogLevel::WARN_LEVEL:
      return "WARN";
    case rocksdb::InfoLogLevel::ERROR_LEVEL:
      return "ERROR";
    case rocksdb::InfoLogLevel::FATAL_LEVEL:
      return "FATAL";
    case rocksdb::InfoLogLevel::HEADER_LEVEL:
    case rocksdb::InfoLogLevel::NUM_INFO_LOG_LEVELS:
      break;
  }
  return "HEADER";
}

}  // namespace

RocksDbStderrLogger::RocksDbStderrLogger()
    : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}

void RocksDbStderrLogger::Logv(const char* format, va_list ap) {}

void RocksDbStderrLogger::Logv(rocksdb::InfoLogLevel level, const char* format,
                               va_list ap) {
  // HEADER_LEVEL ranks above FATAL but only describes the options at open.
  if (level < GetInfoLogLevel() ||
      level >= rocksdb::InfoLogLevel::HEADER_LEVEL) {
    return;
  }
  std::string line = std::string("rocksdb [") + LevelName(level) + "] ";
  const size_t prefix = line.size();
  va_list copy;
  va_copy(copy, ap);
  const int size = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  if (size < 0) return;
  line.resize(prefix + static_cast<size_t>(size) + 1);
  std::vsnprintf(line.data() + prefix, static_cast<size_t>(size) + 1, format,
                 ap);
  line.back() = '\n';
  // Best effort: there is nowhere to report a failed write to stderr.
  if (::write(STDERR_FILENO, line.data(), line.size()) < 0) return;
}

}  // namespace transpo
