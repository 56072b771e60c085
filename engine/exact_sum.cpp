// ExactSum: carry normalisation, rounding and the cross-rank reduction.
#include "engine/exact_sum.hpp"

#include <span>

#include "engine/comm.hpp"

namespace nexus::engine {

void ExactSum::normalize() {
  // After this every limb but the top one is in [0, 2^32): a canonical form of the integer.
  for (int i = 0; i + 1 < kLimbs; ++i) {
    const std::int64_t carry = limbs_[i] >> 32;  // floor division by 2^32
    limbs_[i] -= carry * (std::int64_t{1} << 32);
    limbs_[i + 1] += carry;
  }
  pending_ = 0;
}

void ExactSum::merge(const ExactSum& other) {
  ExactSum o = other;
  o.normalize();
  normalize();
  for (int i = 0; i < kLimbs; ++i) limbs_[i] += o.limbs_[i];
  special_ += o.special_;
  normalize();
}

double ExactSum::value() const {
  ExactSum c = *this;
  c.normalize();
  if (c.special_ != 0.0 || std::isnan(c.special_)) return c.special_;
  const bool negative = c.limbs_[kLimbs - 1] < 0;
  if (negative)
    for (auto& l : c.limbs_) l = -l;
  c.normalize();
  double r = 0.0;
  for (int i = kLimbs - 1; i >= 0; --i)
    if (c.limbs_[i] != 0) r += std::ldexp(static_cast<double>(c.limbs_[i]), 32 * i - 1074);
  return negative ? -r : r;
}

void ExactSum::allreduce(const Comm& comm) {
  normalize();
  comm.allreduce(std::span<std::int64_t>(limbs_.data(), limbs_.size()), ReduceOp::kSum);
  special_ = comm.sum(special_);
  normalize();
}

}  // namespace nexus::engine
