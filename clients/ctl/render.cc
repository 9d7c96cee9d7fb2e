#include "clients/ctl/render.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "clients/enum_names.h"

namespace transpo::ctl {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// YAML: JSON names and values (a document -o json would also give);
// kDescribe: field names, short enums, local times, for reading.
enum class Style { kYaml, kDescribe };

// A double-quoted scalar as JSON and YAML both read it: '"', '\\' and
// control characters escaped, other bytes (UTF-8) as they are.
std::string Quote(absl::string_view text) {
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      quoted.push_back('\\');
      quoted.push_back(c);
    } else if (c == '\n') {
      quoted += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      absl::StrAppendFormat(&quoted, "\\u%04x", static_cast<unsigned char>(c));
    } else {
      quoted.push_back(c);
    }
  }
  quoted.push_back('"');
  return quoted;
}

bool IsWellKnownScalar(const Descriptor* type) {
  const std::string& name = type->full_name();
  return name == "google.protobuf.Timestamp" ||
         name == "google.protobuf.Duration" ||
         name == "google.protobuf.FieldMask";
}

std::string WellKnownScalar(const Message& message, Style style) {
  const std::string& name = message.GetDescriptor()->full_name();
  if (style == Style::kDescribe && name == "google.protobuf.Timestamp") {
    google::protobuf::Timestamp time;
    time.CopyFrom(message);
    return FormatTime(time);
  }
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json);
  // A JSON string is a YAML double-quoted scalar; describe shows it bare.
  if (style == Style::kYaml) return json;
  return json.size() >= 2 ? json.substr(1, json.size() - 2) : json;
}

std::string Scalar(const Message& message, const FieldDescriptor* field,
                   int index, Style style) {
  const Reflection* r = message.GetReflection();
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(repeated ? r->GetRepeatedInt32(message, field, index)
                                   : r->GetInt32(message, field));
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(repeated ? r->GetRepeatedInt64(message, field, index)
                                   : r->GetInt64(message, field));
    case FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat(repeated ? r->GetRepeatedUInt32(message, field, index)
                                   : r->GetUInt32(message, field));
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(repeated ? r->GetRepeatedUInt64(message, field, index)
                                   : r->GetUInt64(message, field));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return absl::StrCat(repeated ? r->GetRepeatedDouble(message, field, index)
                                   : r->GetDouble(message, field));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return absl::StrCat(repeated ? r->GetRepeatedFloat(message, field, index)
                                   : r->GetFloat(message, field));
    case FieldDescriptor::CPPTYPE_BOOL:
      return (repeated ? r->GetRepeatedBool(message, field, index)
                       : r->GetBool(message, field))
                 ? "true"
                 : "false";
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* value = repeated ? r->GetRepeatedEnum(message, field, index)
                                   : r->GetEnum(message, field);
      if (style == Style::kYaml) return value->name();
      return clients::ShortEnumName(field->enum_type(), value->number());
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      const std::string value =
          repeated ? r->GetRepeatedString(message, field, index)
                   : r->GetString(message, field);
      if (field->type() == FieldDescriptor::TYPE_BYTES) {
        if (style == Style::kYaml) return Quote(absl::Base64Escape(value));
        return value.size() <= 32 ? absl::BytesToHexString(value)
                                  : absl::StrCat("<", value.size(), " bytes>");
      }
      if (style == Style::kYaml) return Quote(value);
      return value.find('\n') == std::string::npos ? value : Quote(value);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return "";
}

void Walk(const Message& message, Style style, int indent, bool in_list,
          std::string& out);

// One field (set, or non-empty when repeated) under `message`.
void WalkField(const Message& message, const FieldDescriptor* field,
               Style style, int indent, bool first_in_list, std::string& out) {
  const Reflection* r = message.GetReflection();
  const std::string pad(indent, ' ');
  const std::string key =
      style == Style::kYaml ? field->json_name() : field->name();
  // The first field of a list item follows its "- " on the same line.
  const std::string lead = first_in_list ? "" : pad;
  const bool message_type =
      field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
  const bool scalar_message =
      message_type && IsWellKnownScalar(field->message_type());
  if (!field->is_repeated()) {
    if (message_type && !scalar_message) {
      absl::StrAppend(&out, lead, key, ":\n");
      Walk(r->GetMessage(message, field), style, indent + 2, false, out);
    } else if (scalar_message) {
      absl::StrAppend(&out, lead, key, ": ",
                      WellKnownScalar(r->GetMessage(message, field), style),
                      "\n");
    } else {
      absl::StrAppend(&out, lead, key, ": ", Scalar(message, field, -1, style),
                      "\n");
    }
    return;
  }
  absl::StrAppend(&out, lead, key, ":\n");
  const int size = r->FieldSize(message, field);
  for (int i = 0; i < size; ++i) {
    absl::StrAppend(&out, pad, "- ");
    if (message_type && !scalar_message) {
      Walk(r->GetRepeatedMessage(message, field, i), style, indent + 2, true,
           out);
    } else if (scalar_message) {
      absl::StrAppend(
          &out,
          WellKnownScalar(r->GetRepeatedMessage(message, field, i), style),
          "\n");
    } else {
      absl::StrAppend(&out, Scalar(message, field, i, style), "\n");
    }
  }
}

void Walk(const Message& message, Style style, int indent, bool in_list,
          std::string& out) {
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  if (fields.empty()) {
    absl::StrAppend(&out, in_list ? "" : std::string(indent, ' '), "{}\n");
    return;
  }
  bool first = in_list;
  for (const FieldDescriptor* field : fields) {
    WalkField(message, field, style, indent, first, out);
    first = false;
  }
}

}  // namespace

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json);
  return json;
}

std::string ToYaml(const google::protobuf::Message& message) {
  std::string out;
  Walk(message, Style::kYaml, 0, false, out);
  return out;
}

std::string Describe(const google::protobuf::Message& message) {
  std::string out;
  Walk(message, Style::kDescribe, 0, false, out);
  return out;
}

const absl::TimeZone& BrusselsTimeZone() {
  static const absl::TimeZone* const zone = [] {
    auto* z = new absl::TimeZone;
    if (!absl::LoadTimeZone("Europe/Brussels", z)) *z = absl::UTCTimeZone();
    return z;
  }();
  return *zone;
}

std::string FormatTime(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return absl::FormatTime(
      "%Y-%m-%d %H:%M",
      absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos()),
      BrusselsTimeZone());
}

namespace {

// Columns a cell takes on a terminal: its UTF-8 characters.
size_t Width(const std::string& text) {
  return std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
}

}  // namespace

Table::Table(std::vector<std::string> header) : header_(std::move(header)) {}

void Table::AddRow(std::vector<std::string> cells,
                   std::vector<Colour> colours) {
  cells.resize(header_.size());
  colours.resize(header_.size(), Colour::kNone);
  rows_.push_back({std::move(cells), std::move(colours)});
}

std::string Table::Render(bool colour) const {
  std::vector<size_t> widths;
  widths.reserve(header_.size());
  for (const std::string& h : header_) widths.push_back(Width(h));
  for (const Row& row : rows_) {
    for (size_t i = 0; i < row.cells.size(); ++i) {
      widths[i] = std::max(widths[i], Width(row.cells[i]));
    }
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& cells,
                  const std::vector<Colour>* colours) {
    std::string text;
    for (size_t i = 0; i < cells.size(); ++i) {
      const bool last = i + 1 == cells.size();
      std::string cell = cells[i];
      if (!last) cell.append(widths[i] - Width(cell), ' ');
      const Colour c = colours != nullptr ? (*colours)[i] : Colour::kNone;
      if (colour && c != Colour::kNone) {
        cell = absl::StrCat(c == Colour::kRed ? "\033[31m" : "\033[33m", cell,
                            "\033[0m");
      }
      absl::StrAppend(&text, cell, last ? "" : "  ");
    }
    absl::StrAppend(&out, absl::StripTrailingAsciiWhitespace(text), "\n");
  };
  line(header_, nullptr);
  for (const Row& row : rows_) line(row.cells, &row.colours);
  return out;
}

}  // namespace transpo::ctl
