// HugePageAllocator<T>: a std::allocator replacement for large per-vertex arrays. Blocks of 2 MiB
// and more are 2 MiB-aligned and advised MADV_HUGEPAGE before first touch (transparent huge pages
// are madvise-only on the target machines), which roughly halves the cost of the random reads of
// neighbour values that dominate PageRank-like loops. Smaller blocks come from operator new.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>

namespace nexus::engine {

template <class T>
class HugePageAllocator {
 public:
  using value_type = T;
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kHugePage) return static_cast<T*>(::operator new(bytes));
    const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (!p) throw std::bad_alloc();
    madvise(p, rounded, MADV_HUGEPAGE);  // advice only: failure leaves ordinary pages
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) {
    if (n * sizeof(T) < kHugePage)
      ::operator delete(p);
    else
      std::free(p);
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

// The same blocks, but a value-less construct() leaves trivial elements uninitialised, so that a
// container sized with it touches no page: its owner fills it in parallel, spreading the kernel's
// page clearing of the first touch over the threads.
template <class T>
class UninitializedHugePageAllocator : public HugePageAllocator<T> {
 public:
  template <class U>
  struct rebind {
    using other = UninitializedHugePageAllocator<U>;
  };
  UninitializedHugePageAllocator() = default;
  template <class U>
  UninitializedHugePageAllocator(const UninitializedHugePageAllocator<U>&) {}

  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

}  // namespace nexus::engine
