// ParamMap: typed access with conversion from text, and the unknown-key check.
#include "jobs/params.hpp"

#include <charconv>
#include <cmath>

#include "engine/error.hpp"

namespace nexus::jobs {

std::string shortest_text(double x) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

void ParamMap::set(const std::string& key, ParamValue value) {
  if (Entry* e = find(key)) {
    e->value = std::move(value);
    return;
  }
  entries_.push_back({key, std::move(value), false});
}

bool ParamMap::has(const std::string& key) const {
  for (const auto& e : entries_)
    if (e.key == key) return true;
  return false;
}

ParamMap::Entry* ParamMap::find(const std::string& key) {
  for (auto& e : entries_)
    if (e.key == key) return &e;
  return nullptr;
}

void ParamMap::bad(const std::string& key, const std::string& expected) const {
  throw UsageError(context_ + ": '" + key + "' must be " + expected);
}

double ParamMap::get_double(const std::string& key, double fallback) {
  double v = fallback;
  if (Entry* e = find(key)) {
    e->used = true;
    if (auto* d = std::get_if<double>(&e->value))
      v = *d;
    else if (auto* i = std::get_if<std::int64_t>(&e->value))
      v = static_cast<double>(*i);
    else if (auto* s = std::get_if<std::string>(&e->value)) {
      const char* end = s->data() + s->size();
      auto [p, ec] = std::from_chars(s->data(), end, v);
      if (ec != std::errc() || p != end) bad(key, "a number, got '" + *s + "'");
    } else {
      bad(key, "a number");
    }
    if (!std::isfinite(v)) bad(key, "a finite number");
  }
  effective_[key] = v;
  return v;
}

std::int64_t ParamMap::get_int(const std::string& key, std::int64_t fallback) {
  std::int64_t v = fallback;
  if (Entry* e = find(key)) {
    e->used = true;
    if (auto* i = std::get_if<std::int64_t>(&e->value))
      v = *i;
    else if (auto* s = std::get_if<std::string>(&e->value)) {
      const char* end = s->data() + s->size();
      auto [p, ec] = std::from_chars(s->data(), end, v);
      if (ec != std::errc() || p != end) bad(key, "an integer, got '" + *s + "'");
    } else {
      bad(key, "an integer");
    }
  }
  effective_[key] = v;
  return v;
}

bool ParamMap::get_bool(const std::string& key, bool fallback) {
  bool v = fallback;
  if (Entry* e = find(key)) {
    e->used = true;
    if (auto* b = std::get_if<bool>(&e->value))
      v = *b;
    else if (auto* s = std::get_if<std::string>(&e->value)) {
      if (*s == "true" || *s == "1")
        v = true;
      else if (*s == "false" || *s == "0")
        v = false;
      else
        bad(key, "true or false, got '" + *s + "'");
    } else {
      bad(key, "true or false");
    }
  }
  effective_[key] = v;
  return v;
}

std::string ParamMap::get_string(const std::string& key, const std::string& fallback) {
  std::string v = fallback;
  if (Entry* e = find(key)) {
    e->used = true;
    if (auto* s = std::get_if<std::string>(&e->value))
      v = *s;
    else
      bad(key, "a string");
  }
  effective_[key] = v;
  return v;
}

std::vector<std::string> ParamMap::get_list(const std::string& key) {
  std::vector<std::string> v;
  if (Entry* e = find(key)) {
    e->used = true;
    if (auto* l = std::get_if<std::vector<std::string>>(&e->value)) {
      v = *l;
    } else if (auto* s = std::get_if<std::string>(&e->value)) {
      std::size_t start = 0;
      while (start <= s->size()) {
        const std::size_t comma = std::min(s->find(',', start), s->size());
        if (comma > start) v.push_back(s->substr(start, comma - start));
        start = comma + 1;
      }
    } else if (auto* i = std::get_if<std::int64_t>(&e->value)) {
      v.push_back(std::to_string(*i));
    } else {
      bad(key, "a list");
    }
  }
  Json arr = Json::array();
  for (const auto& s : v) arr.push_back(s);
  effective_[key] = arr;
  return v;
}

void ParamMap::check_all_used() const {
  for (const auto& e : entries_)
    if (!e.used) throw UsageError(context_ + ": unknown key '" + e.key + "'");
}

}  // namespace nexus::jobs
