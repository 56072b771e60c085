// Json: serialisation.
#include "jobs/json.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace nexus::jobs {
namespace {

void escape(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

Json& Json::operator[](const std::string& key) {
  if (std::holds_alternative<std::nullptr_t>(v_)) v_ = Object{};
  auto* obj = std::get_if<Object>(&v_);
  if (!obj) throw std::logic_error("Json: not an object");
  for (auto& [k, val] : *obj)
    if (k == key) return val;
  obj->emplace_back(key, Json());
  return obj->back().second;
}

const Json* Json::member(const std::string& key) const {
  if (const auto* obj = std::get_if<Object>(&v_))
    for (const auto& [k, val] : *obj)
      if (k == key) return &val;
  return nullptr;
}

double Json::number_or(const std::string& key, double fallback) const {
  const Json* m = member(key);
  if (!m) return fallback;
  if (const auto* i = std::get_if<std::int64_t>(&m->v_)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&m->v_)) return *d;
  if (const auto* b = std::get_if<bool>(&m->v_)) return *b ? 1.0 : 0.0;
  return fallback;
}

std::size_t Json::array_size(const std::string& key) const {
  const Json* m = member(key);
  const auto* arr = m ? std::get_if<Array>(&m->v_) : nullptr;
  return arr ? arr->size() : 0;
}

void Json::push_back(Json value) {
  if (std::holds_alternative<std::nullptr_t>(v_)) v_ = Array{};
  auto* arr = std::get_if<Array>(&v_);
  if (!arr) throw std::logic_error("Json: not an array");
  arr->push_back(std::move(value));
}

std::string Json::dump(int indent) const {
  std::string out;
  dump_to(out, indent, 0);
  return out;
}

void Json::dump_to(std::string& out, int indent, int depth) const {
  const std::string pad = indent > 0 ? "\n" + std::string((depth + 1) * indent, ' ') : "";
  const std::string end_pad = indent > 0 ? "\n" + std::string(depth * indent, ' ') : "";
  if (std::holds_alternative<std::nullptr_t>(v_)) {
    out += "null";
  } else if (auto* b = std::get_if<bool>(&v_)) {
    out += *b ? "true" : "false";
  } else if (auto* i = std::get_if<std::int64_t>(&v_)) {
    out += std::to_string(*i);
  } else if (auto* d = std::get_if<double>(&v_)) {
    if (!std::isfinite(*d)) {
      out += "null";
    } else {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", *d);
      out += buf;
    }
  } else if (auto* s = std::get_if<std::string>(&v_)) {
    escape(out, *s);
  } else if (auto* a = std::get_if<Array>(&v_)) {
    out += '[';
    for (std::size_t k = 0; k < a->size(); ++k) {
      out += (k ? "," : "") + pad;
      (*a)[k].dump_to(out, indent, depth + 1);
    }
    out += (a->empty() ? "" : end_pad) + "]";
  } else if (auto* o = std::get_if<Object>(&v_)) {
    out += '{';
    for (std::size_t k = 0; k < o->size(); ++k) {
      out += (k ? "," : "") + pad;
      escape(out, (*o)[k].first);
      out += indent > 0 ? ": " : ":";
      (*o)[k].second.dump_to(out, indent, depth + 1);
    }
    out += (o->empty() ? "" : end_pad) + "}";
  } else if (auto* r = std::get_if<Raw>(&v_)) {
    out += r->text;
  }
}

}  // namespace nexus::jobs
