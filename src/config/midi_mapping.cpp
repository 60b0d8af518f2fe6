// Names of the MIDI mapping enums, as the scene spells them.

#include "afterglow/config/live_sections.h"

namespace afterglow::config {

std::string_view to_string(MidiSource source) {
  switch (source) {
    case MidiSource::kCc:
      return "cc";
    case MidiSource::kNote:
      return "note";
    case MidiSource::kNotes:
      return "notes";
    case MidiSource::kBend:
      return "bend";
    case MidiSource::kProgram:
      return "program";
    case MidiSource::kClock:
      return "clock";
  }
  return "cc";
}

std::string_view to_string(MidiCurve curve) {
  switch (curve) {
    case MidiCurve::kParam:
      return "param";
    case MidiCurve::kLinear:
      return "linear";
    case MidiCurve::kLog:
      return "log";
    case MidiCurve::kExp:
      return "exp";
  }
  return "param";
}

std::string_view to_string(VelocityCurve curve) {
  switch (curve) {
    case VelocityCurve::kLinear:
      return "linear";
    case VelocityCurve::kSoft:
      return "soft";
    case VelocityCurve::kHard:
      return "hard";
    case VelocityCurve::kFixed:
      return "fixed";
  }
  return "linear";
}

std::string_view to_string(NoteAction action) {
  switch (action) {
    case NoteAction::kAuto:
      return "auto";
    case NoteAction::kMomentary:
      return "momentary";
    case NoteAction::kToggle:
      return "toggle";
    case NoteAction::kLearn:
      return "learn";
  }
  return "auto";
}

}  // namespace afterglow::config
