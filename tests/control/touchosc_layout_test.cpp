// The TouchOSC layout: the `.tosc` bytes inflate (zlib) to a well-formed `lexml` document; every OSC
// message a control sends or receives is a registry address, its `/value` echo, or a non-parameter
// address docs/osc.md documents; every playable parameter has a control that sends and receives its
// address 0–1; the pages hold what docs/touchosc/README.md says; the same registry gives the same bytes.
#include "afterglow/control/touchosc_layout.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "afterglow/control/osc_router.h"
#include "afterglow/engine/cloud_layer.h"
#include "afterglow/engine/drone_layer.h"
#include "afterglow/engine/hiss_layer.h"
#include "support/temp_dir.h"

namespace afterglow::control {
namespace {

// ---------------------------------------------------------------------------------------------
// A minimal XML reader: elements, attributes, text, CDATA and the <?xml?> declaration — all a .tosc
// document uses. Anything malformed (a mismatched or unclosed tag, a stray '<', text after the root)
// throws, so a passing parse means the document is well formed.

struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::vector<std::unique_ptr<Element>> children;
  std::string text;  // character data and CDATA, concatenated

  const Element* child(const std::string& n) const {
    for (const auto& c : children)
      if (c->name == n) return c.get();
    return nullptr;
  }
  std::vector<const Element*> all(const std::string& n) const {
    std::vector<const Element*> out;
    for (const auto& c : children)
      if (c->name == n) out.push_back(c.get());
    return out;
  }
  std::string child_text(const std::string& n) const {
    const Element* c = child(n);
    return c == nullptr ? std::string() : c->text;
  }
};

class XmlReader {
 public:
  explicit XmlReader(const std::string& text) : s_(text) {}

  std::unique_ptr<Element> document() {
    skip_space();
    if (s_.compare(i_, 5, "<?xml") == 0) {
      const auto end = s_.find("?>", i_);
      if (end == std::string::npos) fail("unterminated declaration");
      i_ = end + 2;
    }
    skip_space();
    auto root = element();
    skip_space();
    if (i_ != s_.size()) fail("content after the root element");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(what + " at offset " + std::to_string(i_));
  }
  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  static bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':' || c == '.';
  }
  std::string name() {
    const std::size_t start = i_;
    while (i_ < s_.size() && name_char(s_[i_])) ++i_;
    if (i_ == start) fail("expected a name");
    return s_.substr(start, i_ - start);
  }
  std::string entities(const std::string& raw) const {
    std::string out;
    for (std::size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '<') throw std::runtime_error("'<' in character data");
      if (raw[k] != '&') {
        out += raw[k];
        continue;
      }
      const auto semi = raw.find(';', k);
      if (semi == std::string::npos) throw std::runtime_error("unterminated entity");
      const std::string e = raw.substr(k + 1, semi - k - 1);
      if (e == "lt")
        out += '<';
      else if (e == "gt")
        out += '>';
      else if (e == "amp")
        out += '&';
      else if (e == "apos")
        out += '\'';
      else if (e == "quot")
        out += '"';
      else
        throw std::runtime_error("unknown entity &" + e + ";");
      k = semi;
    }
    return out;
  }

  std::unique_ptr<Element> element() {
    if (i_ >= s_.size() || s_[i_] != '<') fail("expected '<'");
    ++i_;
    auto e = std::make_unique<Element>();
    e->name = name();
    for (;;) {
      skip_space();
      if (i_ >= s_.size()) fail("unterminated start tag");
      if (s_.compare(i_, 2, "/>") == 0) {
        i_ += 2;
        return e;
      }
      if (s_[i_] == '>') {
        ++i_;
        break;
      }
      const std::string key = name();
      skip_space();
      if (i_ >= s_.size() || s_[i_] != '=') fail("expected '='");
      ++i_;
      skip_space();
      const char quote = i_ < s_.size() ? s_[i_] : '\0';
      if (quote != '\'' && quote != '"') fail("expected a quoted attribute value");
      const auto end = s_.find(quote, i_ + 1);
      if (end == std::string::npos) fail("unterminated attribute value");
      if (!e->attributes.emplace(key, entities(s_.substr(i_ + 1, end - i_ - 1))).second)
        fail("duplicate attribute");
      i_ = end + 1;
    }
    for (;;) {
      if (i_ >= s_.size()) fail("unclosed <" + e->name + ">");
      if (s_.compare(i_, 9, "<![CDATA[") == 0) {
        const auto end = s_.find("]]>", i_ + 9);
        if (end == std::string::npos) fail("unterminated CDATA");
        e->text += s_.substr(i_ + 9, end - i_ - 9);
        i_ = end + 3;
      } else if (s_.compare(i_, 2, "</") == 0) {
        i_ += 2;
        if (name() != e->name) fail("mismatched end tag for <" + e->name + ">");
        skip_space();
        if (i_ >= s_.size() || s_[i_] != '>') fail("expected '>'");
        ++i_;
        return e;
      } else if (s_[i_] == '<') {
        e->children.push_back(element());
      } else {
        const auto next = s_.find('<', i_);
        if (next == std::string::npos) fail("unclosed <" + e->name + ">");
        e->text += entities(s_.substr(i_, next - i_));
        i_ = next;
      }
    }
  }

  const std::string& s_;
  std::size_t i_ = 0;
};

std::string inflate_all(const std::vector<std::uint8_t>& bytes) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) throw std::runtime_error("inflateInit");
  z.next_in = const_cast<Bytef*>(bytes.data());
  z.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buffer[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof(buffer);
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof(buffer) - z.avail_out);
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("not a complete zlib stream");
  return out;
}

// ---------------------------------------------------------------------------------------------
// The parsed layout: every node, and every OSC message with the node that carries it.

struct Message {
  const Element* node = nullptr;
  std::string path;
  bool send = false;
  bool receive = false;
  std::vector<std::pair<std::string, std::string>> triggers;  // var, condition
  std::vector<const Element*> arguments;
};

std::string property(const Element& node, const std::string& key) {
  for (const Element* p : node.child("properties")->all("property")) {
    if (p->child_text("key") == key) return p->child_text("value");
  }
  return {};
}

std::string value_default(const Element& node, const std::string& key) {
  for (const Element* v : node.child("values")->all("value")) {
    if (v->child_text("key") == key) return v->child_text("default");
  }
  return "<none>";
}

struct Layout {
  std::unique_ptr<Element> root;
  std::vector<const Element*> nodes;
  std::vector<Message> messages;

  void collect(const Element& node) {
    nodes.push_back(&node);
    if (const Element* ms = node.child("messages")) {
      for (const Element* osc : ms->all("osc")) {
        Message m;
        m.node = &node;
        const std::vector<const Element*> path = osc->child("path")->all("partial");
        for (const Element* partial : path) m.path += partial->child_text("value");
        m.send = osc->child_text("send") == "1";
        m.receive = osc->child_text("receive") == "1";
        for (const Element* t : osc->child("triggers")->all("trigger"))
          m.triggers.emplace_back(t->child_text("var"), t->child_text("condition"));
        m.arguments = osc->child("arguments")->all("partial");
        messages.push_back(std::move(m));
      }
    }
    if (const Element* children = node.child("children")) {
      for (const Element* c : children->all("node")) collect(*c);
    }
  }

  const Element* named(const std::string& name) const {
    for (const Element* n : nodes)
      if (property(*n, "name") == name) return n;
    return nullptr;
  }
  std::vector<const Message*> on(const std::string& path) const {
    std::vector<const Message*> out;
    for (const Message& m : messages)
      if (m.path == path) out.push_back(&m);
    return out;
  }
};

Layout parse(const std::vector<std::uint8_t>& bytes) {
  const std::string text = inflate_all(bytes);
  Layout layout;
  layout.root = XmlReader(text).document();
  EXPECT_EQ(layout.root->name, "lexml");
  EXPECT_EQ(layout.root->attributes["version"], "3");
  const std::vector<const Element*> top = layout.root->all("node");
  EXPECT_EQ(top.size(), 1u);
  if (!top.empty()) layout.collect(*top.front());
  return layout;
}

engine::ParamRegistry default_registry() {
  return engine::ParamRegistry::default_layers();
}

std::vector<std::uint8_t> generate(const engine::ParamRegistry& registry, TouchOscOptions options = {}) {
  return std::move(TouchOscLayout(registry, std::move(options)).tosc()).value_or_throw();
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---------------------------------------------------------------------------------------------

TEST(TouchOscLayout, BytesInflateToTheWellFormedDocument) {
  const auto registry = default_registry();
  const TouchOscLayout layout(registry, {});
  const auto bytes = std::move(layout.tosc()).value_or_throw();
  ASSERT_GT(bytes.size(), 2u);
  EXPECT_EQ(bytes[0], 0x78) << "a zlib stream starts with 0x78";
  const std::string text = inflate_all(bytes);
  EXPECT_EQ(text, layout.xml());
  EXPECT_EQ(text.rfind("<?xml version='1.0' encoding='UTF-8'?>\n<lexml version='3'>", 0), 0u);

  const Layout parsed = parse(bytes);
  ASSERT_FALSE(parsed.nodes.empty());
  EXPECT_EQ(parsed.nodes.front()->attributes.at("type"), "GROUP");
  std::set<std::string> ids;
  for (const Element* n : parsed.nodes) {
    ASSERT_EQ(n->name, "node");
    EXPECT_TRUE(n->child("properties") != nullptr && n->child("values") != nullptr);
    const std::string& id = n->attributes.at("ID");
    EXPECT_EQ(id.size(), 36u) << id;
    EXPECT_TRUE(ids.insert(id).second) << "duplicate node ID " << id;
    const std::string type = n->attributes.at("type");
    EXPECT_TRUE(type == "GROUP" || type == "PAGER" || type == "FADER" || type == "BUTTON" || type == "XY" ||
                type == "LABEL")
        << type;
  }
}

TEST(TouchOscLayout, TheReaderRejectsMalformedDocuments) {
  // The checker the other tests rely on must be able to fail.
  for (const std::string bad :
       {"<a><b></a>", "<a>", "<a x='1>", "<a></a><b/>", "<a><![CDATA[x</a>", "<a>&nope;</a>"}) {
    EXPECT_THROW(XmlReader(bad).document(), std::runtime_error) << bad;
  }
  EXPECT_THROW(inflate_all({0x78, 0x9c, 0x01, 0x02}), std::runtime_error);
}

TEST(TouchOscLayout, EveryAddressIsARegistryParameterItsEchoOrADocumentedMessage) {
  const auto registry = default_registry();
  const Layout layout = parse(generate(registry, {{"default", "other"}, 9001, 60.0}));
  const std::string osc_md = read_text(std::filesystem::path(AFTERGLOW_SOURCE_DIR) / "docs/osc.md");
  ASSERT_FALSE(osc_md.empty());
  // The non-parameter messages, as docs/osc.md's table names them.
  const std::map<std::string, std::string> documented = {
      {"note", "`/afterglow/<layer>/note`"},
      {"trigger", "`/afterglow/<layer>/trigger`"},
      {"flicker", "`…/flicker`"},
      {"all_off", "`/afterglow/<layer>/all_off`"},
      {"/afterglow/scene/recall", "`/afterglow/scene/recall`"},
      {"/afterglow/scene/morph", "`/afterglow/scene/morph`"},
      {"/afterglow/record/start", "`/afterglow/record/start`"},
      {"/afterglow/record/stop", "`…/stop`"},
      {"/afterglow/subscribe", "`/afterglow/subscribe`"},
  };
  for (const auto& [what, row] : documented) EXPECT_NE(osc_md.find(row), std::string::npos) << row;

  ASSERT_FALSE(layout.messages.empty());
  for (const Message& m : layout.messages) {
    if (registry.find(m.path) != nullptr) continue;
    const std::string suffix = "/value";
    if (m.path.size() > suffix.size() &&
        m.path.compare(m.path.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        registry.find(m.path.substr(0, m.path.size() - suffix.size())) != nullptr) {
      EXPECT_FALSE(m.send) << m.path << ": the natural-unit echo is only displayed";
      continue;
    }
    if (documented.count(m.path) != 0) continue;
    // /afterglow/<layer>/<event> for a layer of the registry.
    const auto slash = m.path.rfind('/');
    const std::string layer_path = m.path.substr(0, slash);
    const std::string event = m.path.substr(slash + 1);
    const std::string prefix = "/afterglow/";
    ASSERT_EQ(layer_path.rfind(prefix, 0), 0u) << m.path;
    EXPECT_TRUE(registry.find_layer(layer_path.substr(prefix.size())).has_value()) << m.path;
    EXPECT_TRUE(documented.count(event) != 0) << m.path << " is neither a parameter nor documented";
  }
}

TEST(TouchOscLayout, EveryPlayableParameterSendsAndReceivesItsAddress) {
  const auto registry = default_registry();
  const Layout layout = parse(generate(registry));
  std::set<std::string> excluded;
  for (const engine::ParamSpec& p : registry.params()) {
    const auto controls = layout.on(p.address);
    if (touchosc_exclusion(p)) {
      excluded.insert(p.address);
      EXPECT_TRUE(controls.empty()) << p.address << " is left out but has a control";
      continue;
    }
    ASSERT_EQ(controls.size(), 1u) << p.address << " has no control (or several)";
    const Message& m = *controls.front();
    EXPECT_TRUE(m.send && m.receive) << p.address;
    const std::string type = m.node->attributes.at("type");
    ASSERT_EQ(m.triggers.size(), 1u) << p.address;
    const std::string key = m.triggers.front().first;
    EXPECT_EQ(m.triggers.front().second, "ANY") << p.address;
    // One float 0–1 from the control's value: what the engine echoes on the same address.
    ASSERT_EQ(m.arguments.size(), 1u) << p.address;
    EXPECT_EQ(m.arguments[0]->child_text("type"), "VALUE");
    EXPECT_EQ(m.arguments[0]->child_text("conversion"), "FLOAT");
    EXPECT_EQ(m.arguments[0]->child_text("value"), key);
    EXPECT_EQ(m.arguments[0]->child_text("scaleMin"), "0");
    EXPECT_EQ(m.arguments[0]->child_text("scaleMax"), "1");
    if (p.kind == engine::ParamKind::kBool) {
      EXPECT_EQ(type, "BUTTON") << p.address;
      EXPECT_EQ(property(*m.node, "buttonType"), "1") << p.address << ": a toggle";
    } else {
      EXPECT_TRUE(type == "FADER" || type == "XY") << p.address << " on a " << type;
    }
    // The control starts where the engine starts.
    EXPECT_NEAR(std::stod(value_default(*m.node, key)), p.to_normalised(p.default_value), 1e-6) << p.address;
  }
  // The deliberate exclusions (docs/touchosc/README.md): material indices and the limiter ceiling.
  EXPECT_EQ(excluded, (std::set<std::string>{"/afterglow/cloud1/source", "/afterglow/hiss1/slice",
                                             "/afterglow/master/ceiling"}));
}

TEST(TouchOscLayout, EverySentMessageIsOneTheServerAccepts) {
  // Each message as TouchOSC would send it (constants as written, control values at both ends of their
  // scale) goes through the server's own router: no address, argument count or type it rejects.
  const auto registry = default_registry();
  const OscRouter router(registry);
  TouchOscOptions options;
  options.scenes = {"default", "default-night"};
  const Layout layout = parse(generate(registry, options));
  std::size_t sent = 0;
  for (const Message& m : layout.messages) {
    if (!m.send) continue;
    ++sent;
    for (const bool top : {false, true}) {
      std::vector<OscArg> args;
      for (const Element* a : m.arguments) {
        const std::string type = a->child_text("type");
        const std::string conversion = a->child_text("conversion");
        const std::string value = a->child_text("value");
        const double scaled = std::stod(a->child_text(top ? "scaleMax" : "scaleMin"));
        if (type == "CONSTANT" && conversion == "STRING") {
          args.emplace_back(value);
        } else if (type == "CONSTANT" && conversion == "INTEGER") {
          args.emplace_back(std::int64_t{std::stoll(value)});
        } else if (type == "VALUE" && conversion == "INTEGER") {
          args.emplace_back(static_cast<std::int64_t>(scaled));
        } else {
          ASSERT_EQ(type, "VALUE") << m.path;
          ASSERT_EQ(conversion, "FLOAT") << m.path;
          args.emplace_back(scaled);
        }
      }
      const OscRoute route = router.route(m.path, args);
      ASSERT_NE(route.kind, OscRoute::Kind::kError) << m.path << ": " << route.error;
      if (const engine::ParamSpec* p = registry.find(m.path)) {
        EXPECT_EQ(route.kind, OscRoute::Kind::kCommand) << m.path;
        EXPECT_EQ(route.command.target, p->index) << m.path;
        EXPECT_FLOAT_EQ(route.command.value, top ? p->max : p->min) << m.path;
      } else if (m.path == "/afterglow/scene/recall") {
        EXPECT_EQ(route.kind, OscRoute::Kind::kSceneRecall);
      } else if (m.path == "/afterglow/scene/morph") {
        EXPECT_EQ(route.kind, OscRoute::Kind::kSceneGlide);
        EXPECT_DOUBLE_EQ(route.glide, top ? 60.0 : 0.0);
      } else if (m.path == "/afterglow/subscribe") {
        EXPECT_EQ(route.kind, OscRoute::Kind::kSubscribe);
        EXPECT_EQ(route.port, kTouchOscDefaultFeedbackPort);
      } else {
        EXPECT_EQ(route.kind, OscRoute::Kind::kCommand) << m.path;
      }
    }
  }
  EXPECT_GT(sent, registry.size());
}

TEST(TouchOscLayout, DronePageHasTheXyPadAndAKeyboardStrip) {
  const Layout layout = parse(generate(default_registry()));
  const auto tone = layout.on("/afterglow/drone1/tone");
  const auto stretch = layout.on("/afterglow/drone1/stretch");
  ASSERT_EQ(tone.size(), 1u);
  ASSERT_EQ(stretch.size(), 1u);
  EXPECT_EQ(tone[0]->node, stretch[0]->node);
  EXPECT_EQ(tone[0]->node->attributes.at("type"), "XY");
  EXPECT_EQ(tone[0]->arguments[0]->child_text("value"), "x");
  EXPECT_EQ(stretch[0]->arguments[0]->child_text("value"), "y");

  const auto notes = layout.on("/afterglow/drone1/note");
  ASSERT_EQ(notes.size(), 24u);
  std::set<int> pitches;
  for (const Message* m : notes) {
    EXPECT_EQ(m->node->attributes.at("type"), "BUTTON");
    EXPECT_EQ(property(*m->node, "buttonType"), "0") << "momentary: press sends, release is a note-off";
    EXPECT_TRUE(m->send);
    EXPECT_FALSE(m->receive);
    ASSERT_EQ(m->arguments.size(), 2u);  // i i: note, velocity
    EXPECT_EQ(m->arguments[0]->child_text("type"), "CONSTANT");
    EXPECT_EQ(m->arguments[0]->child_text("conversion"), "INTEGER");
    pitches.insert(std::stoi(m->arguments[0]->child_text("value")));
    EXPECT_EQ(m->arguments[1]->child_text("type"), "VALUE");
    EXPECT_EQ(m->arguments[1]->child_text("conversion"), "INTEGER");
    EXPECT_EQ(m->arguments[1]->child_text("scaleMax"), "100");
  }
  EXPECT_EQ(pitches.size(), 24u);
  EXPECT_EQ(*pitches.begin(), 48);
  EXPECT_EQ(*pitches.rbegin(), 71);
  ASSERT_EQ(layout.on("/afterglow/drone1/all_off").size(), 1u);
}

TEST(TouchOscLayout, CloudAndHissPagesHaveTheirDescriptorPadAndOneShots) {
  const Layout layout = parse(generate(default_registry()));
  const auto brightness = layout.on("/afterglow/cloud1/target_brightness");
  const auto stability = layout.on("/afterglow/cloud1/target_stability");
  ASSERT_EQ(brightness.size(), 1u);
  ASSERT_EQ(stability.size(), 1u);
  EXPECT_EQ(brightness[0]->node, stability[0]->node);
  EXPECT_EQ(brightness[0]->node->attributes.at("type"), "XY");
  EXPECT_EQ(layout.on("/afterglow/cloud1/freeze").at(0)->node->attributes.at("type"), "BUTTON");
  for (const std::string path : {"/afterglow/cloud1/trigger", "/afterglow/hiss1/flicker"}) {
    const auto m = layout.on(path);
    ASSERT_EQ(m.size(), 1u) << path;
    EXPECT_TRUE(m[0]->send);
    EXPECT_TRUE(m[0]->arguments.empty()) << path << ": default strength";
    ASSERT_EQ(m[0]->triggers.size(), 1u);
    EXPECT_EQ(m[0]->triggers[0].second, "RISE") << path << ": one burst per press";
  }
  // Pages: one per layer, an overflow page for the cloud's many parameters, and the scenes page.
  const Element* pager = layout.nodes.at(1);
  ASSERT_EQ(pager->attributes.at("type"), "PAGER");
  std::vector<std::string> pages;
  for (const Element* page : pager->child("children")->all("node")) pages.push_back(property(*page, "name"));
  EXPECT_EQ(pages, (std::vector<std::string>{"drone1", "cloud1", "cloud1_more", "hiss1", "scenes"}));
}

TEST(TouchOscLayout, ScenesPageRecallsMorphsRecordsConnectsAndShowsStatus) {
  TouchOscOptions options;
  options.scenes = {"default", "default-night", "odd]]>name"};
  options.feedback_port = 9123;
  options.morph_max_seconds = 30.0;
  const auto bytes = generate(default_registry(), options);
  const Layout layout = parse(bytes);

  const auto recalls = layout.on("/afterglow/scene/recall");
  ASSERT_EQ(recalls.size(), 3u);
  std::vector<std::string> names;
  for (const Message* m : recalls) {
    ASSERT_EQ(m->arguments.size(), 1u);
    EXPECT_EQ(m->arguments[0]->child_text("type"), "CONSTANT");
    EXPECT_EQ(m->arguments[0]->child_text("conversion"), "STRING");
    names.push_back(m->arguments[0]->child_text("value"));
    EXPECT_EQ(m->triggers.at(0).second, "RISE");
  }
  EXPECT_EQ(names, options.scenes);

  const auto morph = layout.on("/afterglow/scene/morph");
  ASSERT_EQ(morph.size(), 1u);
  EXPECT_EQ(morph[0]->node->attributes.at("type"), "FADER");
  EXPECT_EQ(morph[0]->arguments.at(0)->child_text("scaleMax"), "30");

  const auto start = layout.on("/afterglow/record/start");
  const auto stop = layout.on("/afterglow/record/stop");
  ASSERT_EQ(start.size(), 1u);
  ASSERT_EQ(stop.size(), 1u);
  EXPECT_EQ(start[0]->node, stop[0]->node);
  EXPECT_EQ(property(*start[0]->node, "buttonType"), "1") << "the record button is a toggle";
  EXPECT_EQ(start[0]->triggers.at(0).second, "RISE");
  EXPECT_EQ(stop[0]->triggers.at(0).second, "FALL");

  const auto subscribe = layout.on("/afterglow/subscribe");
  ASSERT_EQ(subscribe.size(), 1u);
  EXPECT_EQ(property(*subscribe[0]->node, "name"), "connect");
  EXPECT_EQ(subscribe[0]->arguments.at(0)->child_text("conversion"), "INTEGER");
  EXPECT_EQ(subscribe[0]->arguments.at(0)->child_text("value"), "9123");

  // The root script subscribes on start and feeds the status labels.
  const std::string script = property(*layout.nodes.front(), "script");
  EXPECT_NE(script.find("function init()"), std::string::npos);
  EXPECT_NE(script.find("sendOSC('/afterglow/subscribe', FEEDBACK_PORT)"), std::string::npos);
  EXPECT_NE(script.find("local FEEDBACK_PORT = 9123"), std::string::npos);
  EXPECT_NE(script.find("'/afterglow/status'"), std::string::npos);
  for (const std::string name :
       {"status_load", "status_misses", "status_xruns", "status_voices", "status_peak", "status_rec"}) {
    const Element* l = layout.named(name);
    ASSERT_NE(l, nullptr) << name;
    EXPECT_EQ(l->attributes.at("type"), "LABEL");
    EXPECT_NE(script.find("'" + name + "'"), std::string::npos) << name;
  }
  EXPECT_EQ(layout.on("/afterglow/master/level").size(), 1u);
}

TEST(TouchOscLayout, SameRegistrySameBytes) {
  TouchOscOptions options;
  options.scenes = {"a", "b"};
  const auto first = generate(default_registry(), options);
  const auto second = generate(default_registry(), options);
  EXPECT_EQ(first, second);
  options.scenes = {"a", "c"};
  EXPECT_NE(first, generate(default_registry(), options));
}

TEST(TouchOscLayout, EachLayerOfASceneGetsItsOwnPages) {
  const auto registry = std::move(engine::ParamRegistry::build({{"low", &engine::drone_layer_type()},
                                                                {"high", &engine::drone_layer_type()},
                                                                {"dust", &engine::cloud_layer_type()},
                                                                {"air", &engine::hiss_layer_type()}}))
                            .value_or_throw();
  const Layout layout = parse(generate(registry));
  const Element* pager = layout.nodes.at(1);
  std::vector<std::string> pages;
  for (const Element* page : pager->child("children")->all("node")) pages.push_back(property(*page, "name"));
  EXPECT_EQ(pages, (std::vector<std::string>{"low", "high", "dust", "dust_more", "air", "scenes"}));
  EXPECT_EQ(layout.on("/afterglow/low/note").size(), 24u);
  EXPECT_EQ(layout.on("/afterglow/high/note").size(), 24u);
  EXPECT_EQ(layout.on("/afterglow/dust/density").size(), 1u);
  EXPECT_EQ(layout.on("/afterglow/air/flicker").size(), 1u);
  // Every control lies inside its page (1024 x 720 below the tab bar).
  for (const Element* n : layout.nodes) {
    const std::string type = n->attributes.at("type");
    if (type == "GROUP" || type == "PAGER") continue;
    const Element* frame = nullptr;
    for (const Element* p : n->child("properties")->all("property"))
      if (p->child_text("key") == "frame") frame = p->child("value");
    ASSERT_NE(frame, nullptr);
    const int x = std::stoi(frame->child_text("x")), y = std::stoi(frame->child_text("y"));
    const int w = std::stoi(frame->child_text("w")), h = std::stoi(frame->child_text("h"));
    EXPECT_TRUE(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 1024 && y + h <= 720)
        << property(*n, "name") << " at " << x << "," << y << " " << w << "x" << h;
  }
}

TEST(TouchOscLayout, SceneNamesAreTheFolderYamlFilesButLearnedMappings) {
  test::TempDir dir;
  dir.write("b.yaml", "x: 1\n");
  dir.write("a.yaml", "x: 1\n");
  dir.write("a.mappings.yaml", "x: 1\n");
  dir.write("notes.txt", "x\n");
  dir.write("sub/c.yaml", "x: 1\n");
  EXPECT_EQ(touchosc_scene_names(dir.path()), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(touchosc_scene_names(dir.path() / "missing").empty());
}

}  // namespace
}  // namespace afterglow::control
