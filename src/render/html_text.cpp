#include "afterglow/render/html_text.h"

namespace afterglow::render {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string url_path(const std::filesystem::path& relative) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const auto& part : relative) {
    const std::string name = part.string();
    if (name.empty() || name == "/") continue;
    if (!out.empty()) out += '/';
    for (const char ch : name) {
      const auto c = static_cast<unsigned char>(ch);
      const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                              c == '-' || c == '.' || c == '_' || c == '~';
      if (unreserved) {
        out += ch;
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 0x0F];
      }
    }
  }
  return out;
}

}  // namespace afterglow::render
