// Large blocks on transparent huge pages. Every C++ allocation of kHugePage (2 MiB) or more (the
// global operator new is replaced in large_blocks.cpp) starts on a 2 MiB boundary and its whole
// huge pages are advised MADV_HUGEPAGE before first touch, so the kernel backs them with 2 MiB
// pages: a first touch costs one page fault per 2 MiB instead of 512 (THP is madvise-only on the
// target machines), and random reads of per-vertex arrays miss the TLB less. The tail below the
// last 2 MiB boundary keeps ordinary pages, so a block never becomes resident beyond its size.
// Smaller blocks come from malloc unchanged. Sanitizer builds keep the sanitizer's operator new.
#pragma once

#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>

namespace nexus::engine {

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

// malloc for small blocks; 2 MiB-aligned and advised for large ones. nullptr when out of memory.
// Released with std::free.
void* allocate_block(std::size_t bytes) noexcept;

// Gives the whole pages of [begin + used, begin + capacity) back to the kernel (they read as zero
// when touched again): the unused tail of a list whose memory is reused for a smaller one is not
// kept resident. Advice only; nothing happens below one page.
void release_unused(void* begin, std::size_t used, std::size_t capacity) noexcept;

// std::allocator whose value-less construct() leaves trivial elements unset, so that a container
// sized with it touches no page: its owner fills it in parallel, spreading the kernel's page
// clearing of the first touch over the threads.
template <class T>
class UninitializedAllocator : public std::allocator<T> {
 public:
  template <class U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <class U>
  UninitializedAllocator(const UninitializedAllocator<U>&) {}

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
