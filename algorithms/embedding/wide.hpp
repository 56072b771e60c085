// Wide row helpers of the embeddings, written with GCC vector extensions: the spectral embedding's
// dense blocks in double, four values at a time, and FastRP's rows in float (the kernels that use
// them are in dense_ops.cpp, reproducible_sum.cpp and fastrp.cpp). A function marked
// NEXUS_WIDE_KERNEL is compiled twice, for AVX2 and for baseline x86-64 (SSE2), and the dynamic
// loader picks one for the CPU (GCC function multi-versioning). Neither uses FMA (no contraction
// under -std=c++20, and the clones do not enable it), and a vector lane rounds each element as the
// scalar expression would, so both compilations give the same bits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && defined(__GLIBC__) && !defined(NEXUS_NO_WIDE_CLONES)
#define NEXUS_WIDE_KERNEL __attribute__((target_clones("avx2", "default")))
#else
#define NEXUS_WIDE_KERNEL
#endif

namespace nexus::algo::embedding_detail::wide {

// The helpers take pointers only: a 32-byte vector in a signature would change the calling
// convention between the two compilations (GCC's -Wpsabi). Rows carry no alignment promise.
using V4d = double __attribute__((vector_size(32)));
using V4f = float __attribute__((vector_size(16)));

// o[0..4) += f * in[0..4), in double (a stored float row is widened exactly).
inline void axpy4(double* o, const double* in, double f) {
  V4d a, b;
  std::memcpy(&a, o, sizeof a);
  std::memcpy(&b, in, sizeof b);
  a += f * b;
  std::memcpy(o, &a, sizeof a);
}
inline void axpy4(double* o, const float* in, double f) {
  V4d a;
  V4f b;
  std::memcpy(&a, o, sizeof a);
  std::memcpy(&b, in, sizeof b);
  a += f * __builtin_convertvector(b, V4d);
  std::memcpy(o, &a, sizeof a);
}

// o[j] += f * in[j] for j < c.
template <class T>
inline void axpy(double* o, const T* in, double f, std::size_t c) {
  std::size_t j = 0;
  for (; j + 4 <= c; j += 4) axpy4(o + j, in + j, f);
  for (; j < c; ++j) o[j] += f * static_cast<double>(in[j]);
}

// out[j] = in[j] for j < c: floats widened to doubles, or doubles rounded to floats.
template <class To, class From>
inline void convert(To* out, const From* in, std::size_t c) {
  // (The typedef form: GCC applies vector_size to a dependent type only in a declaration.)
  typedef From VFrom __attribute__((vector_size(4 * sizeof(From))));
  typedef To VTo __attribute__((vector_size(4 * sizeof(To))));
  std::size_t j = 0;
  for (; j + 4 <= c; j += 4) {
    VFrom x;
    std::memcpy(&x, in + j, sizeof x);
    const VTo y = __builtin_convertvector(x, VTo);
    std::memcpy(out + j, &y, sizeof y);
  }
  for (; j < c; ++j) out[j] = static_cast<To>(in[j]);
}

// FastRP's rows (float accumulation).

// Four floats (V4f, an SSE register: a 16-byte vector is part of the baseline x86-64 ABI, so it
// may appear in a signature).
inline V4f load(const float* p) {
  V4f x;
  std::memcpy(&x, p, sizeof x);
  return x;
}
inline void store(float* p, V4f x) {
  std::memcpy(p, &x, sizeof x);
}

// out[j] += f * in[j] for j < d, each element rounded exactly like the scalar expression (the
// vector body and the scalar tail do the same operations per element): eight floats at a time,
// one AVX register in the AVX2 compilation of a NEXUS_WIDE_KERNEL, two SSE registers in the
// baseline one.
inline void axpy(float* out, const float* in, float f, std::size_t d) {
  using V8 = float __attribute__((vector_size(32)));
  std::size_t j = 0;
  for (; j + 8 <= d; j += 8) {
    V8 a, b;
    std::memcpy(&a, out + j, sizeof a);
    std::memcpy(&b, in + j, sizeof b);
    a += f * b;
    std::memcpy(out + j, &a, sizeof a);
  }
  for (; j < d; ++j) out[j] += f * in[j];
}

// The same with signs in {-1, 0, +1} as the input: out[j] += f * float(in[j]). Sixteen signs per
// step, widened with byte shuffles (SSE2 has no byte-to-float conversion).
using V16i8 = std::int8_t __attribute__((vector_size(16)));
using V4i32 = std::int32_t __attribute__((vector_size(16)));
using V8i16 = std::int16_t __attribute__((vector_size(16)));

inline void axpy(float* out, const std::int8_t* in, float f, std::size_t d) {
  std::size_t j = 0;
  for (; j + 16 <= d; j += 16) {
    V16i8 b;
    std::memcpy(&b, in + j, sizeof b);
    // Every byte repeated four times (two unpacks with itself: punpcklbw/punpckhbw, then
    // punpcklwd/punpckhwd), so that an arithmetic shift of each 32-bit lane by 24 sign-extends it.
    const auto lo = reinterpret_cast<V8i16>(
        __builtin_shufflevector(b, b, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23));
    const auto hi = reinterpret_cast<V8i16>(__builtin_shufflevector(
        b, b, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31));
    const V4i32 q[4] = {
        reinterpret_cast<V4i32>(__builtin_shufflevector(lo, lo, 0, 8, 1, 9, 2, 10, 3, 11)) >> 24,
        reinterpret_cast<V4i32>(__builtin_shufflevector(lo, lo, 4, 12, 5, 13, 6, 14, 7, 15)) >> 24,
        reinterpret_cast<V4i32>(__builtin_shufflevector(hi, hi, 0, 8, 1, 9, 2, 10, 3, 11)) >> 24,
        reinterpret_cast<V4i32>(__builtin_shufflevector(hi, hi, 4, 12, 5, 13, 6, 14, 7, 15)) >> 24};
    for (std::size_t k = 0; k < 4; ++k)
      store(out + j + 4 * k, load(out + j + 4 * k) + f * __builtin_convertvector(q[k], V4f));
  }
  for (; j < d; ++j) out[j] += f * static_cast<float>(in[j]);
}

}  // namespace nexus::algo::embedding_detail::wide
