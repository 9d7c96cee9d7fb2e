#include "server/report/markdown.h"

#include <cstdlib>
#include <memory>

#include "absl/base/call_once.h"
#include "cmark-gfm-core-extensions.h"
#include "cmark-gfm-extension_api.h"
#include "cmark-gfm.h"

namespace transpo::report {
namespace {

struct ParserDeleter {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct CharDeleter {
  void operator()(char* text) const { std::free(text); }
};

}  // namespace

std::string EscapeMarkdown(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '&':
      case '~':
        out.push_back('\\');
        out.push_back(c);
        break;
      case '\n':
      case '\r':
        out.push_back(' ');
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string MarkdownToHtml(absl::string_view markdown) {
  // Registering is not thread-safe; finding an extension after it is.
  static absl::once_flag registered;
  absl::call_once(registered, cmark_gfm_core_extensions_ensure_registered);
  const int options = CMARK_OPT_UNSAFE;
  std::unique_ptr<cmark_parser, ParserDeleter> parser(
      cmark_parser_new(options));
  // Only the table extension: it has no inline hooks, so parsers on several
  // threads share no writable state (strikethrough or autolink would).
  cmark_syntax_extension* table = cmark_find_syntax_extension("table");
  cmark_parser_attach_syntax_extension(parser.get(), table);
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeDeleter> document(
      cmark_parser_finish(parser.get()));
  std::unique_ptr<char, CharDeleter> html(
      cmark_render_html(document.get(), options,
                        cmark_parser_get_syntax_extensions(parser.get())));
  return std::string(html.get());
}

}  // namespace transpo::report
