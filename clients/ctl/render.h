// How transpoctl prints: the proto3 JSON mapping (-o json), the same as YAML
// (-o yaml), and for people (-o table) aligned tables for lists and a
// "field: value" description for one resource, with dates as YYYY-MM-DD and
// enum values in lower case without their prefix ("drafting").
//
// Thread-safety: pure functions; Table is a plain value.

#ifndef TRANSPO_CLIENTS_CTL_RENDER_H_
#define TRANSPO_CLIENTS_CTL_RENDER_H_

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace transpo::ctl {

// One line of JSON (proto3 mapping, fields with default values left out).
std::string ToJson(const google::protobuf::Message& message);
// Block YAML of the same value, ending with a newline.
std::string ToYaml(const google::protobuf::Message& message);
// The set fields of `message`, one per line ("status: drafting"), nested
// messages and lists indented below their field.
std::string Describe(const google::protobuf::Message& message);

// Europe/Brussels (UTC if the time zone data is missing).
const absl::TimeZone& BrusselsTimeZone();
// "2026-11-25 14:03" in Europe/Brussels; "" for an unset timestamp.
std::string FormatTime(const google::protobuf::Timestamp& time);

enum class Colour { kNone, kRed, kYellow };

// Columns aligned on the widest cell; a cell may be coloured, which only
// shows when the table is printed with colour.
class Table {
 public:
  explicit Table(std::vector<std::string> header);
  void AddRow(std::vector<std::string> cells, std::vector<Colour> colours = {});
  std::string Render(bool colour) const;
  bool empty() const { return rows_.empty(); }

 private:
  struct Row {
    std::vector<std::string> cells;
    std::vector<Colour> colours;
  };
  std::vector<std::string> header_;
  std::vector<Row> rows_;
};

}  // namespace transpo::ctl

#endif  // TRANSPO_CLIENTS_CTL_RENDER_H_
