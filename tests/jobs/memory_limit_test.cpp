// Memory limits (cgroup file formats, Slurm variables, size text) and the NEXUS_FAULT parser.
#include "jobs/memory_limit.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "engine/error.hpp"
#include "jobs/fault_injection.hpp"
#include "tests/test_support.hpp"

using namespace nexus;

TEST(MemoryLimit, CgroupValues) {
  EXPECT_EQ(jobs::parse_cgroup_limit("max\n"), std::nullopt);
  EXPECT_EQ(jobs::parse_cgroup_limit("1073741824\n"), std::uint64_t{1} << 30);
  EXPECT_EQ(jobs::parse_cgroup_limit("9223372036854771712\n"), std::nullopt);  // v1 unlimited
  EXPECT_EQ(jobs::parse_cgroup_limit(""), std::nullopt);
  EXPECT_EQ(jobs::parse_cgroup_limit("12ab"), std::nullopt);
}

TEST(MemoryLimit, Sizes) {
  EXPECT_EQ(jobs::parse_size("100"), 100u);
  EXPECT_EQ(jobs::parse_size("512M"), std::uint64_t{512} << 20);
  EXPECT_EQ(jobs::parse_size("4GiB"), std::uint64_t{4} << 30);
  EXPECT_EQ(jobs::parse_size("1.5g"), std::uint64_t{3} << 29);
  EXPECT_EQ(jobs::parse_size("2T"), std::uint64_t{2} << 40);
  EXPECT_EQ(jobs::parse_size("lots"), std::nullopt);
  EXPECT_EQ(jobs::parse_size("12Q"), std::nullopt);
  EXPECT_EQ(jobs::parse_size("-3"), std::nullopt);
}

TEST(MemoryLimit, Slurm) {
  auto with = [](std::map<std::string, std::string> env) {
    return jobs::slurm_limit([env](const char* name) -> const char* {
      const auto it = env.find(name);
      return it == env.end() ? nullptr : it->second.c_str();
    });
  };
  EXPECT_EQ(with({}), std::nullopt);
  EXPECT_EQ(with({{"SLURM_MEM_PER_NODE", "4096"}})->bytes, std::uint64_t{4} << 30);
  const auto per_cpu = with({{"SLURM_MEM_PER_CPU", "1000"}, {"SLURM_CPUS_ON_NODE", "4"}});
  ASSERT_TRUE(per_cpu.has_value());
  EXPECT_EQ(per_cpu->bytes, std::uint64_t{4000} << 20);
  EXPECT_EQ(with({{"SLURM_MEM_PER_CPU", "1000"}}), std::nullopt);  // no CPU count
  EXPECT_EQ(with({{"SLURM_MEM_PER_NODE", "0"}}), std::nullopt);    // 0: no limit given
}

TEST(MemoryLimit, CgroupFiles) {
  namespace fs = std::filesystem;
  const fs::path root =
      fs::path(test::scratch_dir("cgroup")) / ("r" + std::to_string(test::world().rank()));
  auto write = [](const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  };
  write(root / "memory.max", "max\n");
  write(root / "job/memory.max", "2147483648\n");
  const auto v2 = jobs::cgroup_limit("0::/job\n", root.string());
  ASSERT_TRUE(v2.has_value());
  EXPECT_EQ(v2->bytes, std::uint64_t{2} << 30);
  EXPECT_NE(v2->source.find("cgroup v2"), std::string::npos);
  EXPECT_EQ(jobs::cgroup_limit("0::/\n", root.string()), std::nullopt);  // "max": no limit
  write(root / "memory/slurm/job1/memory.limit_in_bytes", "1073741824\n");
  const auto v1 = jobs::cgroup_limit("12:cpuset:/x\n5:memory:/slurm/job1\n", root.string());
  ASSERT_TRUE(v1.has_value());
  EXPECT_EQ(v1->bytes, std::uint64_t{1} << 30);
  EXPECT_EQ(jobs::cgroup_limit("5:memory:/elsewhere\n", root.string()), std::nullopt);
}

TEST(FaultInjection, Parse) {
  const auto f = jobs::parse_fault("rank=1,phase=compute,kind=throw");
  EXPECT_EQ(f.rank, 1);
  EXPECT_EQ(f.phase, "compute");
  EXPECT_EQ(f.kind, "throw");
  EXPECT_THROW(jobs::parse_fault("rank=1,phase=compute"), UsageError);
  EXPECT_THROW(jobs::parse_fault("rank=x,phase=load,kind=kill"), UsageError);
  EXPECT_THROW(jobs::parse_fault("rank=0,phase=lunch,kind=kill"), UsageError);
  EXPECT_THROW(jobs::parse_fault("rank=0,phase=load,kind=explode"), UsageError);
  EXPECT_THROW(jobs::parse_fault("rank=0,phase=load,kind=kill,when=now"), UsageError);
}
