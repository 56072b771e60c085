// Compile-time description of an element type for MPI: arithmetic types map to MPI's predefined
// types (and may be reduced); any other trivially copyable type travels as opaque bytes of its
// size. comm.cpp turns a Datatype into an MPI_Datatype.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace nexus::engine {

enum class Scalar { kBytes, kInt8, kUint8, kInt32, kUint32, kInt64, kUint64, kFloat, kDouble };

struct Datatype {
  Scalar scalar = Scalar::kBytes;
  std::size_t size = 0;  // bytes per element
  bool reducible = false;
};

template <class T>
constexpr Datatype datatype_of() {
  static_assert(std::is_trivially_copyable_v<T>, "MPI elements must be trivially copyable");
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_same_v<U, bool>)
    return {Scalar::kBytes, sizeof(U), false};
  else if constexpr (std::is_floating_point_v<U> && sizeof(U) == 4)
    return {Scalar::kFloat, 4, true};
  else if constexpr (std::is_floating_point_v<U> && sizeof(U) == 8)
    return {Scalar::kDouble, 8, true};
  else if constexpr (std::is_integral_v<U> && std::is_signed_v<U> && sizeof(U) == 1)
    return {Scalar::kInt8, 1, true};
  else if constexpr (std::is_integral_v<U> && sizeof(U) == 1)
    return {Scalar::kUint8, 1, true};
  else if constexpr (std::is_integral_v<U> && std::is_signed_v<U> && sizeof(U) == 4)
    return {Scalar::kInt32, 4, true};
  else if constexpr (std::is_integral_v<U> && sizeof(U) == 4)
    return {Scalar::kUint32, 4, true};
  else if constexpr (std::is_integral_v<U> && std::is_signed_v<U> && sizeof(U) == 8)
    return {Scalar::kInt64, 8, true};
  else if constexpr (std::is_integral_v<U> && sizeof(U) == 8)
    return {Scalar::kUint64, 8, true};
  else
    return {Scalar::kBytes, sizeof(U), false};
}

}  // namespace nexus::engine
