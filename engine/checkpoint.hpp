// Checkpoints as algorithms see them: a Snapshot (named scalars, short lists and distributed row
// tables of an iteration's state, rows addressed by global index so that any rank count can read
// them back) and the Checkpointer hook (when to save, save, restore). The HDF5 store and the
// policy (every N steps, every T seconds, on a signal) live outside the engine (io/, jobs/).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace nexus::engine {

// Thrown (on every rank alike) after a checkpoint was written because the job was asked to stop.
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ElementType { kFloat32, kFloat64, kInt64, kUint64 };

template <class T>
constexpr ElementType element_type_of() {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double> ||
                    std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint64_t>,
                "rows of float, double, int64 or uint64");
  if constexpr (std::is_same_v<T, float>)
    return ElementType::kFloat32;
  else if constexpr (std::is_same_v<T, double>)
    return ElementType::kFloat64;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return ElementType::kInt64;
  else
    return ElementType::kUint64;
}

class Snapshot {
 public:
  using Value = std::variant<std::int64_t, double, std::string, std::vector<std::int64_t>,
                             std::vector<double>>;
  // This rank's rows [first_row, first_row + bytes / (cols * element size)) of a global table.
  struct Rows {
    ElementType type;
    std::uint64_t first_row;
    std::size_t cols;
    std::vector<unsigned char> bytes;
  };
  // How a restored snapshot reads rows (collective; the store implements it).
  struct RowSource {
    virtual ~RowSource() = default;
    virtual void read(const std::string& name, ElementType type, std::uint64_t first_row,
                      std::uint64_t num_rows, std::size_t cols, void* out) const = 0;
  };

  Snapshot() = default;
  Snapshot(std::map<std::string, Value> values, std::shared_ptr<const RowSource> source)
      : values_(std::move(values)), source_(std::move(source)) {}

  // Scalars and short lists: identical on every rank.
  Snapshot& set(const std::string& name, Value v) {
    values_[name] = std::move(v);
    return *this;
  }
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  template <class V>
  const V& get(const std::string& name) const {
    const auto it = values_.find(name);
    if (it == values_.end() || !std::holds_alternative<V>(it->second))
      throw std::runtime_error("checkpoint: no value '" + name + "' of the expected type");
    return std::get<V>(it->second);
  }
  const std::map<std::string, Value>& values() const { return values_; }

  // Distributed rows: this rank's rows of a table with `cols` columns, row-major; the ranks'
  // ranges must tile [0, total) in rank order.
  template <class T>
  Snapshot& set_rows(const std::string& name, std::uint64_t first_row, std::span<const T> values,
                     std::size_t cols = 1) {
    const auto* p = reinterpret_cast<const unsigned char*>(values.data());
    rows_[name] = Rows{element_type_of<T>(), first_row, cols,
                       std::vector<unsigned char>(p, p + values.size_bytes())};
    return *this;
  }
  const std::map<std::string, Rows>& rows() const { return rows_; }

  // Collective (on a restored snapshot): rows [first_row, first_row + num_rows) of a table, in
  // any tiling of the ranks (the rank count may differ from the one that saved it).
  template <class T>
  std::vector<T> read_rows(const std::string& name, std::uint64_t first_row, std::uint64_t num_rows,
                           std::size_t cols = 1) const {
    if (!source_) throw std::logic_error("checkpoint: read_rows on a snapshot being written");
    std::vector<T> out(num_rows * cols);
    source_->read(name, element_type_of<T>(), first_row, num_rows, cols, out.data());
    return out;
  }

 private:
  std::map<std::string, Value> values_;
  std::map<std::string, Rows> rows_;
  std::shared_ptr<const RowSource> source_;
};

// The hook an iterative algorithm calls at its iteration (or level) boundaries. `step` counts
// completed steps of the task and grows monotonically. Every member is collective.
class Checkpointer {
 public:
  virtual ~Checkpointer() = default;
  // True on every rank alike when a checkpoint should be written after `step`: every N steps,
  // every T seconds (rank 0's clock) or a stop/checkpoint signal on any rank.
  virtual bool due(std::int64_t step) = 0;
  // Writes a complete checkpoint of `s`. Throws Interrupted afterwards when the job must stop.
  virtual void save(std::int64_t step, const Snapshot& s) = 0;
  // The state of the last complete checkpoint of this task, if resuming and one exists.
  virtual std::optional<Snapshot> restore() = 0;
};

// Null-safe forms for algorithms whose checkpointer is optional (a null pointer: never due).
inline bool checkpoint_due(Checkpointer* c, std::int64_t step) {
  return c != nullptr && c->due(step);
}
inline std::optional<Snapshot> restore_checkpoint(Checkpointer* c) {
  return c != nullptr ? c->restore() : std::nullopt;
}

}  // namespace nexus::engine
