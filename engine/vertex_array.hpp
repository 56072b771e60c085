// VertexArray<T>: one value per local vertex (owned first, then ghosts). VertexMatrix<T>: one
// row of `cols` values per local vertex, row-major (embeddings). Both index by LocalVertex and,
// when large, live in huge pages (engine/large_blocks.hpp; random neighbour reads are their hot
// path).
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "engine/dist_graph.hpp"
#include "engine/large_blocks.hpp"

namespace nexus::engine {

template <class T>
class VertexArray {
 public:
  VertexArray() = default;
  explicit VertexArray(const DistGraph& g, T init = T{})
      : values_(g.num_local(), init), num_owned_(g.num_owned()) {}

  T& operator[](LocalVertex v) { return values_[v]; }
  const T& operator[](LocalVertex v) const { return values_[v]; }
  std::size_t size() const { return values_.size(); }
  T* data() { return values_.data(); }
  const T* data() const { return values_.data(); }
  std::span<T> owned() { return {values_.data(), num_owned_}; }
  std::span<const T> owned() const { return {values_.data(), num_owned_}; }
  void fill(T value) { std::fill(values_.begin(), values_.end(), value); }

 private:
  std::vector<T> values_;
  std::size_t num_owned_ = 0;
};

template <class T>
class VertexMatrix {
 public:
  VertexMatrix() = default;
  // The rows are filled by all threads (first touch in parallel: see UninitializedAllocator).
  VertexMatrix(const DistGraph& g, std::size_t cols, T init = T{})
      : VertexMatrix(g.num_local(), g.num_owned(), cols, init) {}
  // Owned rows only, no ghost rows (a block that is never synchronised: the output of a pull).
  struct OwnedRows {};
  VertexMatrix(const DistGraph& g, std::size_t cols, OwnedRows, T init = T{})
      : VertexMatrix(g.num_owned(), g.num_owned(), cols, init) {}

  std::span<T> row(LocalVertex v) { return {values_.data() + std::size_t{v} * cols_, cols_}; }
  std::span<const T> row(LocalVertex v) const {
    return {values_.data() + std::size_t{v} * cols_, cols_};
  }
  std::size_t cols() const { return cols_; }
  std::size_t rows() const { return cols_ == 0 ? 0 : values_.size() / cols_; }
  std::size_t num_owned() const { return num_owned_; }
  bool has_ghost_rows(const DistGraph& g) const { return cols_ == 0 || rows() == g.num_local(); }
  T* data() { return values_.data(); }
  const T* data() const { return values_.data(); }

 private:
  VertexMatrix(std::size_t rows, std::size_t owned, std::size_t cols, T init)
      : values_(rows * cols), cols_(cols), num_owned_(owned) {
    constexpr std::size_t kGrain = kHugePage / sizeof(T);  // one huge page
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, values_.size(), kGrain),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        std::fill(values_.begin() + r.begin(), values_.begin() + r.end(), init);
                      });
  }

  std::vector<T, UninitializedAllocator<T>> values_;
  std::size_t cols_ = 0;
  std::size_t num_owned_ = 0;
};

}  // namespace nexus::engine
