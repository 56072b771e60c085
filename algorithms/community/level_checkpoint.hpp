// Checkpoints of Louvain and Leiden at level and pass boundaries. A level checkpoint holds, for
// every level aggregated so far in the current pass, the coarse vertex of each vertex of that
// level (rows by the level's global id), the per-level history, the algorithm's own values
// (Louvain: the previous level's modularity; Leiden: the next level's start communities), the
// best result of earlier passes and pass 1's level history (with --levels, each level's
// communities of the input vertices, so that a resumed run writes the same level datasets).
// Resuming re-aggregates level by level from those rows, which rebuilds the identical coarse graphs
// (aggregation depends only on the level graph and the membership), for any rank count; the rebuilt
// coarse ids are checked against the saved ones.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "algorithms/community/hierarchy.hpp"
#include "engine/checkpoint.hpp"

namespace nexus::algo::community {

class LevelCheckpoint {
 public:
  // `weighted`: whether the input level uses edge weights; `cpm`: the objective is CPM (the
  // levels' masses are rebuilt with them). A null checkpointer does nothing.
  LevelCheckpoint(const engine::DistGraph& g, const engine::Comm& comm, engine::Checkpointer* c,
                  bool weighted, bool cpm)
      : g_(g), comm_(comm), c_(c), weighted_(weighted), cpm_(cpm) {}

  // Collective, once at the start: the pass to continue with (1 when not resuming); from pass 2
  // on, `best` becomes the best result of the earlier passes.
  int resume_pass(CommunityResult& best);
  // Collective: pass `pass` starts from `best` (null for pass 1); checkpoints here when due.
  void begin_pass(int pass, const CommunityResult* best);
  // Pass 1's result, whose levels the run reports (--levels): saved from pass 2 on. After a
  // resume in pass 2 or later, take_first_levels() returns it as saved (std::nullopt otherwise,
  // e.g. from a checkpoint of an older build).
  void keep_first_levels(const CommunityResult* first) { first_ = first; }
  std::optional<CommunityResult> take_first_levels() { return std::exchange(resumed_first_, {}); }
  // The pass ended; `kept` when its result became the best.
  void end_pass(bool kept) {
    if (kept) best_chain_ = current_chain_;
  }
  // Collective, at the start of a pass's level loop: when resuming inside this pass, rebuilds
  // the levels of `h` and the history of `r` and returns the snapshot ("level": the level to run
  // next, plus the algorithm's values); std::nullopt otherwise.
  std::optional<engine::Snapshot> resume_level(Hierarchy& h, CommunityResult& r);
  // Collective, after h.push(): records the new level; when due, writes a checkpoint to continue
  // at `next_level`, with extra(snapshot) adding the algorithm's values.
  template <class Extra>
  void level_done(const Hierarchy& h, const CommunityResult& r, int next_level, Extra&& extra) {
    if (!c_) return;
    const int fine = h.num_levels() - 2;
    current_chain_.push_back({h.graph(fine).first_owned(), h.coarse_of(fine)});
    if (!engine::checkpoint_due(c_, ++boundary_)) return;
    engine::Snapshot s = snapshot(next_level, &r);
    extra(s);
    c_->save(boundary_, s);
  }

 private:
  struct Level {
    engine::GlobalVertex first_row;  // this rank's first vertex of the level
    std::vector<engine::GlobalVertex> coarse_of;
  };
  engine::Snapshot snapshot(int next_level, const CommunityResult* r) const;
  void put_best(engine::Snapshot& s) const;
  CommunityResult get_best(const engine::Snapshot& s);
  // Re-aggregates `levels` levels from the rows "<name><l>" into h; returns the chain.
  std::vector<Level> replay(Hierarchy& h, const engine::Snapshot& s, const std::string& name,
                            int levels) const;

  const engine::DistGraph& g_;
  const engine::Comm& comm_;
  engine::Checkpointer* c_;
  bool weighted_;
  bool cpm_;
  int pass_ = 1;
  std::int64_t boundary_ = 0;  // checkpoint step: level and pass boundaries so far
  bool resumed_at_pass_start_ = false;
  const CommunityResult* best_ = nullptr;
  const CommunityResult* first_ = nullptr;
  std::optional<CommunityResult> resumed_first_;
  std::vector<Level> current_chain_, best_chain_;
  std::optional<engine::Snapshot> resumed_;
};

}  // namespace nexus::algo::community
