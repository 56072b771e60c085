// ExactSum: exactness (against integer arithmetic and cancellation cases worked out by hand) and
// order independence.
#include "engine/exact_sum.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "tests/test_support.hpp"

using nexus::engine::ExactSum;

TEST(ExactSum, CancellationIsExact) {
  // 1e100 + 1 - 1e100 is 1 exactly; naive double summation gives 0.
  ExactSum s;
  s.add(1e100);
  s.add(1.0);
  s.add(-1e100);
  EXPECT_EQ(s.value(), 1.0);
}

TEST(ExactSum, TinyAndHugeTerms) {
  ExactSum s;
  s.add(std::ldexp(1.0, -1074));  // smallest subnormal
  s.add(std::ldexp(1.0, -1074));
  EXPECT_EQ(s.value(), std::ldexp(1.0, -1073));
  ExactSum t;
  t.add(1e308);
  t.add(1e308);
  EXPECT_TRUE(std::isinf(t.value()));  // 2e308 overflows double, as a plain sum would
}

TEST(ExactSum, IntegersMatchIntegerArithmetic) {
  std::mt19937_64 rng(7);
  ExactSum s;
  long long exact = 0;
  for (int i = 0; i < 100000; ++i) {
    const long long v = static_cast<long long>(rng() % 2000001) - 1000000;
    exact += v;
    s.add(static_cast<double>(v));
  }
  EXPECT_EQ(s.value(), static_cast<double>(exact));
}

TEST(ExactSum, OrderAndSplitIndependent) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> v(20000);
  for (auto& x : v) x = u(rng) * std::pow(10.0, static_cast<int>(rng() % 20) - 10);
  ExactSum a;
  for (double x : v) a.add(x);
  std::shuffle(v.begin(), v.end(), rng);
  ExactSum b, c;
  for (std::size_t i = 0; i < v.size(); ++i) (i % 3 ? b : c).add(v[i]);
  b.merge(c);
  EXPECT_EQ(a.value(), b.value());  // bit-identical
}

TEST(ExactSum, AllreduceEqualsSerialSum) {
  const auto& comm = nexus::test::world();
  // Every rank adds the values i/7 for its share of i in [0, 1000); the total is independent of
  // the rank count and equals the serial exact sum.
  ExactSum local, serial;
  for (int i = 0; i < 1000; ++i) {
    serial.add(i / 7.0);
    if (i % comm.size() == comm.rank()) local.add(i / 7.0);
  }
  local.allreduce(comm);
  EXPECT_EQ(local.value(), serial.value());
}
