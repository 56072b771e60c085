// Wide row kernels of the embeddings: the spectral embedding's dense blocks, in double four values
// at a time (the helpers below), and FastRP's propagation (fastrp.cpp), written with GCC vector
// extensions. A function marked NEXUS_WIDE_KERNEL is compiled twice, for AVX2 and for baseline
// x86-64 (SSE2), and the dynamic loader picks one for the CPU (GCC function multi-versioning).
// Neither uses FMA (no contraction under -std=c++20, and the clones do not enable it), and a
// vector lane rounds each element as the scalar expression would, so both compilations give the
// same bits.
#pragma once

#include <cstddef>
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

}  // namespace nexus::algo::embedding_detail::wide
