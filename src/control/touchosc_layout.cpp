#include "afterglow/control/touchosc_layout.h"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

#include "afterglow/core/error.h"

namespace afterglow::control {
namespace {

// ---------------------------------------------------------------------------------------------
// The document model: just enough of TouchOSC's node tree to write it.

struct Color {
  double r = 1.0, g = 1.0, b = 1.0, a = 1.0;
};

struct Rect {
  int x = 0, y = 0, w = 0, h = 0;
};

struct Property {
  char type = 's';  // b bool, i int, f float, s string, c colour, r rectangle
  std::string key;
  std::string value;  // the inner XML of <value>
};

struct Value {
  std::string key;
  std::string default_value;
};

struct Partial {
  std::string type;        // CONSTANT or VALUE
  std::string conversion;  // FLOAT, INTEGER, STRING
  std::string value;       // the constant, or the key of the control value
  double scale_min = 0.0;
  double scale_max = 1.0;
};

struct Trigger {
  std::string var;
  std::string condition;  // ANY, RISE, FALL
};

struct OscMessage {
  bool send = true;
  bool receive = true;
  std::vector<Trigger> triggers;
  std::string path;
  std::vector<Partial> arguments;
};

struct Node {
  std::string type;
  std::string id_key;  // unique in the document; the node's ID is derived from it
  std::vector<Property> properties;
  std::vector<Value> values;
  std::vector<OscMessage> messages;
  std::vector<Node> children;
};

std::string cdata(std::string_view text) {
  // "]]>" cannot appear inside a CDATA section: split it across two sections.
  std::string out = "<![CDATA[";
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "]]>") == 0) {
      out += "]]]]><![CDATA[>";
      i += 2;
    } else {
      out += text[i];
    }
  }
  out += "]]>";
  return out;
}

std::string number(double v) {
  return fmt::format("{}", v);
}

// A stable UUID-shaped ID from the node's key (FNV-1a, two seeds): the same layout, the same bytes.
std::string node_id(std::string_view key) {
  auto fnv = [&](std::uint64_t h) {
    for (unsigned char c : key) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    return h;
  };
  const std::uint64_t a = fnv(0xcbf29ce484222325ULL);
  const std::uint64_t b = fnv(0x84222325cbf29ce4ULL);
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xFFFF, a & 0xFFFF, b >> 48,
                     b & 0xFFFFFFFFFFFFULL);
}

Property prop_b(std::string key, bool v) {
  return {'b', std::move(key), v ? "1" : "0"};
}
Property prop_i(std::string key, int v) {
  return {'i', std::move(key), std::to_string(v)};
}
Property prop_f(std::string key, double v) {
  return {'f', std::move(key), number(v)};
}
Property prop_s(std::string key, std::string_view v) {
  return {'s', std::move(key), cdata(v)};
}
Property prop_c(std::string key, Color c) {
  return {'c', std::move(key),
          fmt::format("<r>{}</r><g>{}</g><b>{}</b><a>{}</a>", number(c.r), number(c.g), number(c.b),
                      number(c.a))};
}
Property prop_r(Rect r) {
  return {'r', "frame", fmt::format("<x>{}</x><y>{}</y><w>{}</w><h>{}</h>", r.x, r.y, r.w, r.h)};
}

void write_node(const Node& node, std::string& out) {
  out += fmt::format("<node ID='{}' type='{}'>", node_id(node.id_key), node.type);
  std::vector<const Property*> properties;
  for (const Property& p : node.properties) properties.push_back(&p);
  std::stable_sort(properties.begin(), properties.end(),
                   [](const Property* a, const Property* b) { return a->key < b->key; });
  out += "<properties>";
  for (const Property* p : properties) {
    out += fmt::format("<property type='{}'><key>{}</key><value>{}</value></property>", p->type,
                       cdata(p->key), p->value);
  }
  out += "</properties><values>";
  for (const Value& v : node.values) {
    out += fmt::format(
        "<value><key>{}</key><locked>0</locked><lockedDefaultCurrent>0</lockedDefaultCurrent>"
        "<default>{}</default><defaultPull>0</defaultPull></value>",
        cdata(v.key), cdata(v.default_value));
  }
  out += "</values>";
  if (!node.messages.empty()) {
    out += "<messages>";
    for (const OscMessage& m : node.messages) {
      out += fmt::format(
          "<osc><enabled>1</enabled><send>{}</send><receive>{}</receive><feedback>0</feedback>"
          "<connections>00001</connections><triggers>",
          m.send ? 1 : 0, m.receive ? 1 : 0);
      for (const Trigger& t : m.triggers) {
        out += fmt::format("<trigger><var>{}</var><condition>{}</condition></trigger>", cdata(t.var),
                           t.condition);
      }
      out += fmt::format(
          "</triggers><path><partial><type>CONSTANT</type><conversion>STRING</conversion><value>{}</value>"
          "<scaleMin>0</scaleMin><scaleMax>1</scaleMax></partial></path><arguments>",
          cdata(m.path));
      for (const Partial& a : m.arguments) {
        out += fmt::format(
            "<partial><type>{}</type><conversion>{}</conversion><value>{}</value><scaleMin>{}</scaleMin>"
            "<scaleMax>{}</scaleMax></partial>",
            a.type, a.conversion, cdata(a.value), number(a.scale_min), number(a.scale_max));
      }
      out += "</arguments></osc>";
    }
    out += "</messages>";
  }
  if (!node.children.empty()) {
    out += "<children>";
    for (const Node& child : node.children) write_node(child, out);
    out += "</children>";
  }
  out += "</node>";
}

// ---------------------------------------------------------------------------------------------
// Controls.

constexpr int kWidth = 1024;
constexpr int kHeight = 768;
constexpr int kTabbar = 48;
constexpr int kPageHeight = kHeight - kTabbar;
constexpr int kMargin = 12;
constexpr int kCell = 100;  // a fader cell's width
constexpr int kLabelHeight = 20;

const Color kBlack{0.0, 0.0, 0.0, 1.0};
const Color kWhite{1.0, 1.0, 1.0, 1.0};
const Color kGrey{0.6, 0.6, 0.6, 1.0};
const Color kDrone{1.0, 0.62, 0.2, 1.0};
const Color kCloud{0.25, 0.78, 0.88, 1.0};
const Color kHiss{0.78, 0.58, 1.0, 1.0};
const Color kScenes{0.45, 0.86, 0.5, 1.0};
const Color kRecord{0.95, 0.25, 0.25, 1.0};

std::vector<Property> common(std::string_view name, Rect frame, Color color, bool interactive) {
  return {prop_b("background", true),
          prop_c("color", color),
          prop_f("cornerRadius", 1.0),
          prop_r(frame),
          prop_b("grabFocus", interactive),
          prop_b("interactive", interactive),
          prop_b("locked", false),
          prop_s("name", name),
          prop_i("orientation", 0),
          prop_b("outline", true),
          prop_i("outlineStyle", 0),
          prop_i("pointerPriority", 0),
          prop_i("shape", 1),
          prop_b("visible", true)};
}

Value touch_value() {
  return {"touch", "false"};
}

Node label(std::string id_key, std::string_view name, Rect frame, std::string_view text, Color text_color,
           int text_size = 14) {
  Node n{"LABEL", std::move(id_key), common(name, frame, kBlack, false), {}, {}, {}};
  n.properties[0] = prop_b("background", false);
  n.properties[9] = prop_b("outline", false);
  n.properties.push_back(prop_i("font", 0));
  n.properties.push_back(prop_i("textAlignH", 2));
  n.properties.push_back(prop_i("textAlignV", 2));
  n.properties.push_back(prop_b("textClip", true));
  n.properties.push_back(prop_c("textColor", text_color));
  n.properties.push_back(prop_i("textSize", text_size));
  n.properties.push_back(prop_b("textWrap", true));
  n.values = {{"text", std::string(text)}, touch_value()};
  return n;
}

Partial value_arg(std::string key, double lo = 0.0, double hi = 1.0, std::string conversion = "FLOAT") {
  return {"VALUE", std::move(conversion), std::move(key), lo, hi};
}
Partial constant_arg(std::string value, std::string conversion) {
  return {"CONSTANT", std::move(conversion), std::move(value), 0.0, 1.0};
}

Node fader(std::string id_key, std::string_view name, Rect frame, Color color, double default_x) {
  Node n{"FADER", std::move(id_key), common(name, frame, color, true), {}, {}, {}};
  n.properties.push_back(prop_b("bar", true));
  n.properties.push_back(prop_i("barDisplay", 0));
  n.properties.push_back(prop_b("cursor", true));
  n.properties.push_back(prop_i("cursorDisplay", 0));
  n.properties.push_back(prop_b("grid", false));
  n.properties.push_back(prop_i("gridSteps", 10));
  n.properties.push_back(prop_i("response", 0));
  n.properties.push_back(prop_i("responseFactor", 100));
  n.values = {{"x", number(default_x)}, touch_value()};
  return n;
}

// buttonType 0 momentary (1 while pressed), 1 toggle (flips on release).
Node button(std::string id_key, std::string_view name, Rect frame, Color color, int button_type,
            double default_x = 0.0) {
  Node n{"BUTTON", std::move(id_key), common(name, frame, color, true), {}, {}, {}};
  n.properties.push_back(prop_i("buttonType", button_type));
  n.properties.push_back(prop_b("press", true));
  n.properties.push_back(prop_b("release", true));
  n.properties.push_back(prop_b("valuePosition", false));
  n.values = {{"x", number(default_x)}, touch_value()};
  return n;
}

Node xy_pad(std::string id_key, std::string_view name, Rect frame, Color color, double x, double y) {
  Node n{"XY", std::move(id_key), common(name, frame, color, true), {}, {}, {}};
  n.properties.push_back(prop_b("cursor", true));
  n.properties.push_back(prop_i("cursorDisplay", 0));
  n.properties.push_back(prop_b("grid", false));
  n.properties.push_back(prop_b("gridX", false));
  n.properties.push_back(prop_b("gridY", false));
  n.properties.push_back(prop_b("lines", true));
  n.properties.push_back(prop_i("linesDisplay", 0));
  n.properties.push_back(prop_b("lockX", false));
  n.properties.push_back(prop_b("lockY", false));
  n.properties.push_back(prop_i("response", 0));
  n.properties.push_back(prop_i("responseFactor", 100));
  n.values = {{"x", number(x)}, {"y", number(y)}, touch_value()};
  return n;
}

// A parameter's message: the control's value `key` (0–1) on the parameter's address, sent on every
// change and set by the engine's echo.
OscMessage param_message(const engine::ParamSpec& p, std::string key = "x") {
  return {true, true, {{key, "ANY"}}, p.address, {value_arg(key)}};
}

// An event message with no arguments, sent when the button goes down.
OscMessage press_message(std::string path, std::vector<Partial> arguments = {},
                         std::string condition = "RISE") {
  return {true, false, {{"x", std::move(condition)}}, std::move(path), std::move(arguments)};
}

std::string param_name(const engine::ParamSpec& p) {
  const std::size_t slash = p.address.rfind('/');
  return p.address.substr(slash + 1);
}

std::string caption(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pages.

// What goes into a page's cells: a parameter, or a one-shot button.
struct Item {
  const engine::ParamSpec* param = nullptr;
  std::string event;  // the last address component of a one-shot ("trigger", "flicker", "all_off")
  std::string event_caption;
};

struct Slot {
  int x = 0, y = 0, h = 0;  // h: the control's height (a fader's length)
};

struct PagePlan {
  std::vector<std::pair<std::string, std::string>> xy;  // parameter names for x and y
  std::vector<std::string> order;                       // headline parameter names, in order
  std::vector<Item> events;                             // placed after `events_after` headline items
  std::size_t events_after = 0;
  bool keyboard = false;
};

PagePlan plan_for(std::string_view type) {
  PagePlan plan;
  if (type == "drone") {
    plan.xy = {{"tone", "stretch"}};
    plan.order = {"level", "width", "attack", "release", "fine_tune", "pan", "mute", "reverse"};
    plan.events = {{nullptr, "all_off", "all off"}};
    plan.events_after = plan.order.size();
    plan.keyboard = true;
  } else if (type == "cloud") {
    plan.xy = {{"target_brightness", "target_stability"}};
    plan.order = {"density",       "size_ms",      "position", "spray", "pitch",
                  "stereo_spread", "window_shape", "freeze",   "mute",  "level"};
    plan.events = {{nullptr, "trigger", "burst"}};
    plan.events_after = plan.order.size();
  } else if (type == "hiss") {
    plan.order = {"low_hz", "high_hz", "tremolo_rate_hz", "tremolo_depth", "flicker_rate", "level", "mute"};
    plan.events = {{nullptr, "flicker", "flicker"}};
    plan.events_after = 4;
  }
  return plan;
}

// Cells of a page: a row of `count` cells from (x0, y) with controls `h` high.
void add_row(std::vector<Slot>& slots, int x0, int y, int count, int h) {
  for (int i = 0; i < count; ++i) slots.push_back({x0 + i * kCell, y, h});
}

// Two rows of ten tall cells: a page with no XY pad, and every overflow page.
std::vector<Slot> full_page_slots() {
  std::vector<Slot> slots;
  add_row(slots, kMargin, kMargin, 10, 290);
  add_row(slots, kMargin, kMargin + 290 + 2 * kLabelHeight + 20, 10, 290);
  return slots;
}

Node page_group(std::string id_key, std::string_view name, std::string_view tab, Color color) {
  Node n{"GROUP", std::move(id_key), common(name, {0, kTabbar, kWidth, kPageHeight}, kBlack, false), {}, {},
         {}};
  n.properties[9] = prop_b("outline", false);
  n.properties.push_back(prop_s("tabLabel", tab));
  n.properties.push_back(prop_c("tabColorOff", {color.r * 0.35, color.g * 0.35, color.b * 0.35, 1.0}));
  n.properties.push_back(prop_c("tabColorOn", color));
  n.properties.push_back(prop_c("textColorOff", kWhite));
  n.properties.push_back(prop_c("textColorOn", kBlack));
  n.values = {touch_value()};
  return n;
}

class Builder {
 public:
  Builder(const engine::ParamRegistry& registry, const TouchOscOptions& options)
      : registry_(registry), options_(options) {}

  Node document() {
    Node root{"GROUP", "root", common("afterglow", {0, 0, kWidth, kHeight}, kBlack, false), {}, {}, {}};
    root.properties.push_back(prop_s("script", root_script()));
    root.values = {touch_value()};
    Node pager{"PAGER", "pager", common("pages", {0, 0, kWidth, kHeight}, {0.15, 0.15, 0.15, 1.0}, true),
               {},      {},      {}};
    pager.properties.push_back(prop_b("tabLabels", true));
    pager.properties.push_back(prop_b("tabbar", true));
    pager.properties.push_back(prop_b("tabbarDoubleTap", false));
    pager.properties.push_back(prop_i("tabbarSize", kTabbar));
    pager.properties.push_back(prop_i("textSizeOff", 16));
    pager.properties.push_back(prop_i("textSizeOn", 16));
    pager.values = {{"page", "0"}, touch_value()};
    for (std::uint32_t l = 0; l < registry_.layers().size(); ++l) add_layer_pages(l, pager.children);
    pager.children.push_back(scenes_page());
    root.children.push_back(std::move(pager));
    return root;
  }

 private:
  const engine::ParamSpec* find(std::string_view layer, std::string_view name) const {
    return registry_.find(engine::param_address(layer, name));
  }

  // A parameter's cell: its fader (or toggle), its name and its value in natural units.
  void add_param_cell(Node& page, const std::string& key, const engine::ParamSpec& p, Slot s, Color color) {
    const std::string name = param_name(p);
    const double x = p.to_normalised(p.default_value);
    Node control =
        p.kind == engine::ParamKind::kBool
            ? button(key + "/" + name, name, {s.x + 4, s.y, kCell - 8, std::min(s.h, 92)}, color, 1, x)
            : fader(key + "/" + name, name, {s.x + 4, s.y, kCell - 8, s.h}, color, x);
    control.messages.push_back(param_message(p));
    page.children.push_back(std::move(control));
    const int below = s.y + (p.kind == engine::ParamKind::kBool ? std::min(s.h, 92) : s.h) + 2;
    page.children.push_back(label(key + "/" + name + "/caption", name + "_caption",
                                  {s.x, below, kCell, kLabelHeight}, caption(name), kWhite, 13));
    if (p.kind == engine::ParamKind::kBool) return;
    // The engine echoes natural units on <address>/value: the label shows them.
    Node value = label(key + "/" + name + "/value", name + "_value",
                       {s.x, below + kLabelHeight, kCell, kLabelHeight}, "", kGrey, 12);
    value.messages.push_back(
        {false, true, {}, p.address + "/value", {value_arg("text", 0.0, 1.0, "STRING")}});
    page.children.push_back(std::move(value));
  }

  void add_event_cell(Node& page, const std::string& key, const std::string& layer, const Item& item, Slot s,
                      Color color) {
    Node b =
        button(key + "/" + item.event, item.event, {s.x + 4, s.y, kCell - 8, std::min(s.h, 92)}, color, 0);
    b.messages.push_back(press_message(engine::param_address(layer, item.event)));
    page.children.push_back(std::move(b));
    page.children.push_back(label(key + "/" + item.event + "/caption", item.event + "_caption",
                                  {s.x, s.y + std::min(s.h, 92) + 2, kCell, kLabelHeight}, item.event_caption,
                                  kWhite, 13));
  }

  void add_keyboard(Node& page, const std::string& key, const std::string& layer, Rect area, Color color) {
    constexpr int kFirst = 48;  // C3
    constexpr int kKeys = 24;
    const int step = area.w / kKeys;
    static constexpr std::array<bool, 12> kBlackKey{false, true,  false, true,  false, false,
                                                    true,  false, true,  false, true,  false};
    for (int i = 0; i < kKeys; ++i) {
      const int note = kFirst + i;
      const bool black = kBlackKey[static_cast<std::size_t>(note % 12)];
      const Color c = black ? Color{color.r * 0.45, color.g * 0.45, color.b * 0.45, 1.0} : color;
      const std::string name = fmt::format("note_{}", note);
      Node b = button(key + "/" + name, name, {area.x + i * step, area.y, step - 2, area.h}, c, 0);
      // Velocity 100 while held, 0 (a note-off) on release.
      b.messages.push_back(
          {true,
           false,
           {{"x", "ANY"}},
           engine::param_address(layer, "note"),
           {constant_arg(std::to_string(note), "INTEGER"), value_arg("x", 0.0, 100.0, "INTEGER")}});
      page.children.push_back(std::move(b));
      if (note % 12 == 0) {
        page.children.push_back(
            label(key + "/" + name + "/caption", name + "_caption",
                  {area.x + i * step, area.y + area.h - kLabelHeight - 4, step - 2, kLabelHeight},
                  fmt::format("C{}", note / 12 - 1), kBlack, 12));
      }
    }
  }

  void add_layer_pages(std::uint32_t layer_index, std::vector<Node>& pages) {
    const engine::RegistryLayer& layer = registry_.layers()[layer_index];
    const std::string type(layer.type != nullptr ? layer.type->name : "");
    const PagePlan plan = plan_for(type);
    const Color color = type == "drone" ? kDrone : type == "cloud" ? kCloud : type == "hiss" ? kHiss : kGrey;

    // The layer's playable parameters, headline ones first, then the rest in registry order.
    std::vector<const engine::ParamSpec*> params;
    for (const engine::ParamSpec& p : registry_.params()) {
      if (p.layer == layer.name && !touchosc_exclusion(p)) params.push_back(&p);
    }
    std::set<const engine::ParamSpec*> placed;
    Node page = page_group("page/" + layer.name, layer.name, fmt::format("{} {}", layer.name, type), color);
    const std::string key = "page/" + layer.name;

    std::vector<Slot> slots;
    int below_cells = kPageHeight;
    if (!plan.xy.empty()) {
      const auto& [xname, yname] = plan.xy.front();
      const engine::ParamSpec* px = find(layer.name, xname);
      const engine::ParamSpec* py = find(layer.name, yname);
      if (px != nullptr && py != nullptr) {
        const Rect frame{kMargin, kMargin, 372, 372};
        Node xy = xy_pad(key + "/xy", "xy", frame, color, px->to_normalised(px->default_value),
                         py->to_normalised(py->default_value));
        xy.messages.push_back(param_message(*px, "x"));
        xy.messages.push_back(param_message(*py, "y"));
        page.children.push_back(std::move(xy));
        page.children.push_back(
            label(key + "/xy/caption", "xy_caption", {kMargin, kMargin + 372 + 2, 372, kLabelHeight},
                  fmt::format("x: {}   y: {}", caption(xname), caption(yname)), kWhite, 13));
        placed.insert(px);
        placed.insert(py);
      }
      add_row(slots, 396, kMargin, 6, 330);
      if (plan.keyboard) {
        add_row(slots, kMargin, 420, 10, 70);
        below_cells = 420 + 70 + kLabelHeight + 16;
      } else {
        add_row(slots, kMargin, 420, 10, 250);
      }
    } else {
      slots = full_page_slots();
    }

    // Headline parameters in the plan's order, the one-shot buttons after the first `events_after` of
    // them, then every other playable parameter of the layer in registry order.
    std::vector<Item> items;
    for (std::size_t i = 0; i < plan.order.size(); ++i) {
      if (i == plan.events_after) items.insert(items.end(), plan.events.begin(), plan.events.end());
      const engine::ParamSpec* p = find(layer.name, plan.order[i]);
      if (p == nullptr || placed.count(p) != 0 || touchosc_exclusion(*p)) continue;
      items.push_back({p, {}, {}});
      placed.insert(p);
    }
    if (plan.events_after >= plan.order.size())
      items.insert(items.end(), plan.events.begin(), plan.events.end());
    for (const engine::ParamSpec* p : params) {
      if (placed.count(p) == 0) items.push_back({p, {}, {}});
    }

    std::size_t next = 0;
    int overflow = 0;
    Node* current = &page;
    std::string current_key = key;
    std::vector<Node> extra;
    for (const Item& item : items) {
      if (next == slots.size()) {
        ++overflow;
        const std::string name =
            overflow == 1 ? layer.name + "_more" : fmt::format("{}_more{}", layer.name, overflow);
        extra.push_back(page_group(
            "page/" + name, name,
            overflow == 1 ? layer.name + " +" : fmt::format("{} +{}", layer.name, overflow), color));
        current = &extra.back();
        current_key = "page/" + name;
        slots = full_page_slots();
        next = 0;
      }
      const Slot s = slots[next++];
      if (item.param != nullptr) {
        add_param_cell(*current, current_key, *item.param, s, color);
      } else {
        add_event_cell(*current, current_key, layer.name, item, s, color);
      }
    }
    if (plan.keyboard) {
      page.children.push_back(label(key + "/keys/caption", "keys_caption",
                                    {kMargin, below_cells, 400, kLabelHeight},
                                    "notes (velocity 100, release = note off)", kWhite, 13));
      add_keyboard(page, key, layer.name,
                   {kMargin, below_cells + kLabelHeight + 4, 984,
                    kPageHeight - below_cells - kLabelHeight - 4 - kMargin},
                   color);
    }
    pages.push_back(std::move(page));
    for (Node& n : extra) pages.push_back(std::move(n));
  }

  Node scenes_page() {
    const std::string key = "page/scenes";
    Node page = page_group(key, "scenes", "scenes / rec", kScenes);

    // Scene recall buttons: five columns.
    page.children.push_back(
        label(key + "/scenes/caption", "scenes_caption", {kMargin, kMargin, 760, kLabelHeight},
              options_.scenes.empty() ? "scenes (generate with --scene to get recall buttons)"
                                      : "recall a scene (glides for the morph time)",
              kWhite, 13));
    const std::size_t count = std::min(options_.scenes.size(), kTouchOscMaxSceneButtons);
    for (std::size_t i = 0; i < count; ++i) {
      const std::string& scene = options_.scenes[i];
      const int col = static_cast<int>(i % 5);
      const int row = static_cast<int>(i / 5);
      const Rect frame{kMargin + col * 152, kMargin + kLabelHeight + 8 + row * 72, 144, 64};
      const std::string name = fmt::format("scene_{}", i + 1);
      Node b = button(key + "/" + name, name, frame, kScenes, 0);
      b.messages.push_back(press_message("/afterglow/scene/recall", {constant_arg(scene, "STRING")}));
      page.children.push_back(std::move(b));
      page.children.push_back(
          label(key + "/" + name + "/caption", name + "_caption", frame, scene, kBlack, 14));
    }

    // Morph glide and master level.
    const Slot morph{796, kMargin, 330};
    Node glide = fader(key + "/morph", "morph", {morph.x + 4, morph.y, kCell - 8, morph.h}, kScenes, 0.0);
    glide.messages.push_back({true,
                              false,
                              {{"x", "ANY"}},
                              "/afterglow/scene/morph",
                              {value_arg("x", 0.0, options_.morph_max_seconds)}});
    page.children.push_back(std::move(glide));
    page.children.push_back(label(
        key + "/morph/caption", "morph_caption", {morph.x, morph.y + morph.h + 2, kCell, 2 * kLabelHeight},
        fmt::format("morph 0-{} s", number(options_.morph_max_seconds)), kWhite, 13));
    if (const engine::ParamSpec* master =
            registry_.find(engine::param_address(engine::kMasterName, "level"))) {
      add_param_cell(page, key + "/master", *master, {896, kMargin, 330}, kGrey);
    }

    // Record, connect, status.
    const int y = 470;
    Node rec = button(key + "/record", "record", {kMargin, y, 144, 90}, kRecord, 1);
    rec.messages.push_back(press_message("/afterglow/record/start", {}, "RISE"));
    rec.messages.push_back(press_message("/afterglow/record/stop", {}, "FALL"));
    page.children.push_back(std::move(rec));
    page.children.push_back(label(key + "/record/caption", "record_caption",
                                  {kMargin, y + 92, 144, kLabelHeight}, "record (on: start, off: stop)",
                                  kWhite, 13));
    Node connect = button(key + "/connect", "connect", {kMargin + 156, y, 144, 90}, kScenes, 0);
    connect.messages.push_back(press_message(
        "/afterglow/subscribe", {constant_arg(std::to_string(options_.feedback_port), "INTEGER")}));
    page.children.push_back(std::move(connect));
    page.children.push_back(
        label(key + "/connect/caption", "connect_caption", {kMargin + 156, y + 92, 144, 2 * kLabelHeight},
              fmt::format("connect (feedback to port {})", options_.feedback_port), kWhite, 13));

    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kStatus{{
        {"status_load", "DSP load"},
        {"status_misses", "deadline misses"},
        {"status_xruns", "xruns"},
        {"status_voices", "voices"},
        {"status_peak", "peak"},
        {"status_rec", "recording"},
    }};
    for (std::size_t i = 0; i < kStatus.size(); ++i) {
      const int col = static_cast<int>(i % 3);
      const int row = static_cast<int>(i / 3);
      const Rect frame{336 + col * 228, y + row * 56, 220, 48};
      Node l = label(key + "/" + std::string(kStatus[i].first), kStatus[i].first, frame,
                     fmt::format("{}: -", kStatus[i].second), kWhite, 15);
      l.properties[9] = prop_b("outline", true);
      page.children.push_back(std::move(l));
    }
    page.children.push_back(
        label(key + "/status/caption", "status_caption", {336, y + 116, 676, kLabelHeight},
              "status from /afterglow/status, about ten times a second while connected", kGrey, 12));
    return page;
  }

  // The document's script: subscribe when the layout starts, and write the status labels.
  std::string root_script() const {
    return fmt::format(
        R"(-- Afterglow Live: subscribe for feedback when the layout starts; show /afterglow/status.
local FEEDBACK_PORT = {}

function init()
  sendOSC('/afterglow/subscribe', FEEDBACK_PORT)
end

local function show(name, text)
  local label = self:findByName(name, true)
  if label then label.values.text = text end
end

function onReceiveOSC(message, connections)
  if message[1] ~= '/afterglow/status' then return end
  local a = message[2]
  if #a < 7 then return end
  show('status_load', string.format('DSP load: %d%% (p99 %d%%)', math.floor(a[1].value * 100 + 0.5),
                                    math.floor(a[2].value * 100 + 0.5)))
  show('status_misses', string.format('deadline misses: %d', a[3].value))
  show('status_xruns', string.format('xruns: %d', a[4].value))
  show('status_voices', string.format('voices: %d', a[5].value))
  show('status_peak', string.format('peak: %.1f dBFS', a[6].value))
  show('status_rec', a[7].value ~= 0 and 'recording: ON' or 'recording: off')
end
)",
        options_.feedback_port);
  }

 private:
  const engine::ParamRegistry& registry_;
  const TouchOscOptions& options_;
};

}  // namespace

std::optional<std::string_view> touchosc_exclusion(const engine::ParamSpec& spec) {
  const std::string name = param_name(spec);
  if (spec.layer == engine::kMasterName) {
    if (name == "ceiling") return "the limiter's safety ceiling: set in the scene, not played";
    return std::nullopt;
  }
  if (spec.target == engine::ParamTarget::kGenerator && (name == "source" || name == "slice") &&
      spec.max > 100.0f) {
    return "an index into the layer's material (0-1023): scenes and MIDI choose it";
  }
  return std::nullopt;
}

std::vector<std::string> touchosc_scene_names(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::filesystem::path& path = it->path();
    if (path.extension() != ".yaml" || !it->is_regular_file(ec)) continue;
    const std::string stem = path.stem().string();
    if (stem.size() >= 9 && stem.compare(stem.size() - 9, 9, ".mappings") == 0) continue;
    names.push_back(stem);
  }
  std::sort(names.begin(), names.end());
  return names;
}

TouchOscLayout::TouchOscLayout(const engine::ParamRegistry& registry, TouchOscOptions options)
    : registry_(registry), options_(std::move(options)) {}

std::string TouchOscLayout::xml() const {
  std::string out = "<?xml version='1.0' encoding='UTF-8'?>\n<lexml version='3'>";
  write_node(Builder(registry_, options_).document(), out);
  out += "</lexml>\n";
  return out;
}

Result<std::vector<std::uint8_t>> TouchOscLayout::tosc() const {
  const std::string text = xml();
  uLongf size = compressBound(static_cast<uLong>(text.size()));
  std::vector<std::uint8_t> out(size);
  const int rc = compress2(out.data(), &size, reinterpret_cast<const Bytef*>(text.data()),
                           static_cast<uLong>(text.size()), Z_BEST_COMPRESSION);
  if (rc != Z_OK) {
    return Error(ErrorKind::kProcessing,
                 fmt::format("could not compress the TouchOSC layout (zlib error {})", rc));
  }
  out.resize(size);
  return out;
}

}  // namespace afterglow::control
