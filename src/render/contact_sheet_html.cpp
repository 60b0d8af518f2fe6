#include "contact_sheet_html.h"

#include <fmt/format.h>

#include <cmath>

#include "afterglow/render/html_text.h"

namespace afterglow::render {
namespace {

// Dark, low-glare, and dense enough to scan a 400-sample kit: a card grid per group, the picture first,
// the facts a musician filters by (grade, brightness, key, length) on one line under the name.
constexpr const char* kStyle = R"css(
:root{color-scheme:dark}
*{box-sizing:border-box}
body{margin:0;background:#111214;color:#ddd;font:14px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif}
header{position:sticky;top:0;z-index:2;background:#18191ccc;backdrop-filter:blur(6px);padding:12px 20px;border-bottom:1px solid #2a2b30}
h1{margin:0 0 4px;font-size:18px;font-weight:600;color:#f3e6d8}
.summary{color:#999;font-size:12px}
nav{margin-top:8px;display:flex;flex-wrap:wrap;gap:6px}
nav a{color:#f6b26b;text-decoration:none;background:#222329;border:1px solid #33343a;border-radius:12px;padding:2px 10px;font-size:12px}
nav a:hover{background:#2d2e35}
main{padding:8px 20px 40px}
h2{font-size:15px;font-weight:600;color:#f3e6d8;margin:22px 0 10px;border-bottom:1px solid #2a2b30;padding-bottom:4px}
h2 small{color:#888;font-weight:400;margin-left:8px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(%WIDTH%px,1fr));gap:12px}
.card{background:#1a1b1f;border:1px solid #2a2b30;border-radius:8px;padding:8px;overflow:hidden}
.card img{display:block;width:100%;max-width:%WIDTH%px;image-rendering:auto;border-radius:4px;background:#000}
.card img.wave{background:#15161a;margin-top:2px}
.name{margin:6px 0 2px;font-weight:600;word-break:break-all;color:#eee;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
.meta{display:flex;flex-wrap:wrap;gap:6px;align-items:center;color:#aaa;font-size:12px;margin-bottom:6px}
.chip{background:#24252b;border-radius:10px;padding:1px 8px}
.grade{font-weight:700;border-radius:4px;padding:0 6px;color:#111}
.grade-A{background:#7bd88f}.grade-B{background:#f6d365}.grade-F{background:#ff6b6b}.grade-none{background:#555;color:#ddd}
.bright-bright{color:#ffe08a}.bright-mid{color:#d9c7a8}.bright-dark{color:#9fb3ff}
.fmt{color:#777}
audio{width:100%;height:32px}
.card.bad{border-color:#6b2b2b;background:#1f1516}
.error{color:#ff9b9b;font-size:12px;word-break:break-word}
)css";

std::string plural(std::size_t n, const char* noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

std::string duration_text(double seconds) {
  if (seconds >= 60.0) {
    const int minutes = static_cast<int>(seconds / 60.0);
    return fmt::format("{}:{:04.1f}", minutes, seconds - 60.0 * minutes);
  }
  return fmt::format("{:.2f} s", seconds);
}

void append_entry(std::string& out, const SheetEntry& e, const SheetPage& page) {
  if (!e.error.empty()) {
    out += fmt::format(
        "<div class=\"card bad\"><div class=\"name\">{}</div><div class=\"error\">unreadable: {}</div>"
        "</div>\n",
        html_escape(e.name), html_escape(e.error));
    return;
  }
  out += "<div class=\"card\">";
  out += fmt::format("<img class=\"spec\" src=\"{}\" width=\"{}\" height=\"{}\" alt=\"spectrogram of {}\">",
                     html_escape(e.spectrogram_url), page.thumb_width, page.spectrogram_height,
                     html_escape(e.name));
  out +=
      fmt::format("<img class=\"wave\" src=\"{}\" width=\"{}\" height=\"{}\" alt=\"waveform of {}\">",
                  html_escape(e.waveform_url), page.thumb_width, page.waveform_height, html_escape(e.name));
  out += fmt::format("<div class=\"name\" title=\"{0}\">{0}</div><div class=\"meta\">", html_escape(e.name));
  const std::string grade = e.grade.empty() ? "none" : e.grade;
  out += fmt::format("<span class=\"grade grade-{}\" title=\"grade\">{}</span>", html_escape(grade),
                     e.grade.empty() ? "–" : html_escape(e.grade));
  out += fmt::format("<span class=\"chip\">{}</span>", duration_text(e.duration_sec));
  if (!e.brightness.empty()) {
    out += fmt::format("<span class=\"chip bright-{0}\" title=\"brightness\">{0}</span>",
                       html_escape(e.brightness));
  }
  if (!e.key.empty()) out += fmt::format("<span class=\"chip\" title=\"key\">{}</span>", html_escape(e.key));
  out += fmt::format("<span class=\"fmt\">{}</span></div>", html_escape(e.format));
  out +=
      fmt::format("<audio controls preload=\"none\" src=\"{}\"></audio></div>\n", html_escape(e.audio_url));
}

}  // namespace

std::string contact_sheet_html(const SheetPage& page) {
  std::size_t samples = 0;
  std::size_t bad = 0;
  for (const SheetGroup& g : page.groups) {
    samples += g.entries.size();
    for (const SheetEntry& e : g.entries) bad += e.error.empty() ? 0 : 1;
  }
  std::string style = kStyle;
  const std::string width = std::to_string(page.thumb_width);
  for (std::size_t at = style.find("%WIDTH%"); at != std::string::npos; at = style.find("%WIDTH%", at)) {
    style.replace(at, 7, width);
  }
  std::string out;
  out.reserve(4096 + samples * 900);
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  out += "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">";
  out += fmt::format("<title>{} — contact sheet</title><style>{}</style></head><body>\n",
                     html_escape(page.title), style);
  out += fmt::format("<header><h1>{}</h1><div class=\"summary\">{} in {}", html_escape(page.title),
                     plural(samples, "sample"), plural(page.groups.size(), "folder"));
  if (bad > 0) out += fmt::format(" · <span class=\"error\">{} unreadable</span>", bad);
  if (!page.manifest_note.empty()) out += " · " + html_escape(page.manifest_note);
  out += "</div><nav>";
  for (std::size_t g = 0; g < page.groups.size(); ++g) {
    out += fmt::format("<a href=\"#g{}\">{} ({})</a>", g + 1, html_escape(page.groups[g].title),
                       page.groups[g].entries.size());
  }
  out += "</nav></header>\n<main>\n";
  for (std::size_t g = 0; g < page.groups.size(); ++g) {
    const SheetGroup& group = page.groups[g];
    double total = 0.0;
    for (const SheetEntry& e : group.entries) total += e.duration_sec;
    out +=
        fmt::format("<section id=\"g{}\"><h2>{}<small>{} · {}</small></h2><div class=\"grid\">\n", g + 1,
                    html_escape(group.title), plural(group.entries.size(), "sample"), duration_text(total));
    for (const SheetEntry& e : group.entries) append_entry(out, e, page);
    out += "</div></section>\n";
  }
  out += "</main></body></html>\n";
  return out;
}

}  // namespace afterglow::render
