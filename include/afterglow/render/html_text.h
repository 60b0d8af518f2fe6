#pragma once
// Text made safe for the contact sheet's HTML: sample names come from users' file systems and may hold
// any byte ("a<b&\"c\".wav" is a legal file name), so every name is escaped for the page and every
// relative link is percent-encoded for the URL.

#include <filesystem>
#include <string>
#include <string_view>

namespace afterglow::render {

// & < > " ' as character references; everything else unchanged.
std::string html_escape(std::string_view text);

// A relative path as a URL path: '/'-separated, each byte outside RFC 3986's unreserved set
// (A-Z a-z 0-9 - . _ ~) percent-encoded per component, so '#', '?', '%', spaces and non-ASCII names
// link to the file they name.
std::string url_path(const std::filesystem::path& relative);

}  // namespace afterglow::render
