// LevelCheckpoint: what a Louvain/Leiden checkpoint holds and how a run is rebuilt from it.
#include "algorithms/community/level_checkpoint.hpp"

#include <stdexcept>
#include <string>

#include "algorithms/community/local_moving.hpp"

namespace nexus::algo::community {
namespace {

using engine::GlobalVertex;
using engine::Snapshot;
using Ints = std::vector<std::int64_t>;

template <class T>
Ints to_ints(const std::vector<T>& v) {
  return Ints(v.begin(), v.end());
}
template <class T>
std::vector<T> from_ints(const Ints& v) {
  return std::vector<T>(v.begin(), v.end());
}

// The per-level history of `r`; with --levels also its per-level communities of the input
// vertices (rows by input vertex, so that a resume with another rank count reads its own).
void put_history(Snapshot& s, const std::string& p, const CommunityResult& r,
                 const engine::DistGraph& g) {
  s.set(p + "level_modularity", r.level_modularity)
      .set(p + "level_communities", to_ints(r.level_communities))
      .set(p + "level_rounds", to_ints(r.level_rounds))
      .set(p + "refined_modularity", r.refined_modularity)
      .set(p + "levels", std::int64_t{r.levels})
      .set(p + "level_community_count", static_cast<std::int64_t>(r.level_community.size()));
  for (std::size_t k = 0; k < r.level_community.size(); ++k)
    s.set_rows<std::int64_t>(p + "level_community_" + std::to_string(k), g.first_owned(),
                             r.level_community[k]);
}

void get_history(const Snapshot& s, const std::string& p, CommunityResult& r,
                 const engine::DistGraph& g) {
  r.level_modularity = s.get<std::vector<double>>(p + "level_modularity");
  r.level_communities = from_ints<std::uint64_t>(s.get<Ints>(p + "level_communities"));
  r.level_rounds = from_ints<int>(s.get<Ints>(p + "level_rounds"));
  r.refined_modularity = s.get<std::vector<double>>(p + "refined_modularity");
  r.levels = static_cast<int>(s.get<std::int64_t>(p + "levels"));
  r.level_community.clear();
  const std::int64_t kept = s.has(p + "level_community_count")
                                ? s.get<std::int64_t>(p + "level_community_count")
                                : 0;  // a checkpoint of an older build
  for (std::int64_t k = 0; k < kept; ++k)
    r.level_community.push_back(s.read_rows<std::int64_t>(
        p + "level_community_" + std::to_string(k), g.first_owned(), g.num_owned()));
}

}  // namespace

int LevelCheckpoint::resume_pass(CommunityResult& best) {
  resumed_ = engine::restore_checkpoint(c_);
  if (!resumed_) return 1;
  boundary_ = resumed_->get<std::int64_t>("boundary");
  pass_ = static_cast<int>(resumed_->get<std::int64_t>("pass"));
  if (pass_ > 1) best = get_best(*resumed_);
  if (pass_ > 1 && resumed_->has("first_levels")) {
    resumed_first_.emplace();
    get_history(*resumed_, "first_", *resumed_first_, g_);
  }
  if (resumed_->get<std::int64_t>("level") == 0) {  // saved at the start of a pass
    resumed_.reset();
    resumed_at_pass_start_ = true;
  }
  return pass_;
}

void LevelCheckpoint::begin_pass(int pass, const CommunityResult* best) {
  pass_ = pass;
  best_ = best;
  if (!resumed_) current_chain_.clear();
  if (!c_ || pass == 1 || resumed_ || std::exchange(resumed_at_pass_start_, false)) return;
  if (engine::checkpoint_due(c_, ++boundary_)) c_->save(boundary_, snapshot(0, nullptr));
}

std::optional<Snapshot> LevelCheckpoint::resume_level(Hierarchy& h, CommunityResult& r) {
  if (!resumed_) return std::nullopt;
  Snapshot s = std::move(*resumed_);
  resumed_.reset();
  current_chain_ = replay(h, s, "coarse_of_", static_cast<int>(s.get<std::int64_t>("chain")));
  get_history(s, "", r, g_);
  return s;
}

Snapshot LevelCheckpoint::snapshot(int next_level, const CommunityResult* r) const {
  Snapshot s;
  s.set("pass", std::int64_t{pass_})
      .set("boundary", boundary_)
      .set("level", std::int64_t{next_level})
      .set("chain", static_cast<std::int64_t>(current_chain_.size()));
  for (std::size_t l = 0; l < current_chain_.size(); ++l)
    s.set_rows<GlobalVertex>("coarse_of_" + std::to_string(l), current_chain_[l].first_row,
                             current_chain_[l].coarse_of);
  if (r) put_history(s, "", *r, g_);
  if (pass_ > 1 && best_) put_best(s);
  if (pass_ > 1 && first_) put_history(s, "first_", *first_, g_);
  return s;
}

void LevelCheckpoint::put_best(Snapshot& s) const {
  const CommunityResult& b = *best_;
  const bool on_input = b.final_graph.get() == &g_;
  put_history(s, "best_", b, g_);
  s.set("best_modularity", b.modularity)
      .set("best_converged", std::int64_t{b.converged})
      .set("best_final_weighted", std::int64_t{b.final_weighted})
      .set("best_sizes_count", static_cast<std::int64_t>(b.sizes.count))
      .set("best_sizes_largest", to_ints(b.sizes.largest))
      .set("best_sizes_histogram", to_ints(b.sizes.histogram))
      .set("best_on_input", std::int64_t{on_input})
      .set("best_chain", static_cast<std::int64_t>(on_input ? 0 : best_chain_.size()));
  s.set_rows<std::int64_t>("best_community", g_.first_owned(), b.community);
  s.set_rows<GlobalVertex>("best_final_membership", b.final_graph->first_owned(),
                           b.final_membership);
  for (std::size_t l = 0; !on_input && l < best_chain_.size(); ++l)
    s.set_rows<GlobalVertex>("best_coarse_of_" + std::to_string(l), best_chain_[l].first_row,
                             best_chain_[l].coarse_of);
}

CommunityResult LevelCheckpoint::get_best(const Snapshot& s) {
  CommunityResult b;
  get_history(s, "best_", b, g_);
  b.modularity = s.get<double>("best_modularity");
  b.converged = s.get<std::int64_t>("best_converged") != 0;
  b.final_weighted = s.get<std::int64_t>("best_final_weighted") != 0;
  b.sizes.count = static_cast<std::uint64_t>(s.get<std::int64_t>("best_sizes_count"));
  b.sizes.largest = from_ints<std::uint64_t>(s.get<Ints>("best_sizes_largest"));
  b.sizes.histogram = from_ints<std::uint64_t>(s.get<Ints>("best_sizes_histogram"));
  b.community = s.read_rows<std::int64_t>("best_community", g_.first_owned(), g_.num_owned());
  if (s.get<std::int64_t>("best_on_input") != 0) {
    b.final_graph = std::shared_ptr<const engine::DistGraph>(&g_, [](const engine::DistGraph*) {});
  } else {
    Hierarchy h(g_, comm_, cpm_);
    best_chain_ =
        replay(h, s, "best_coarse_of_", static_cast<int>(s.get<std::int64_t>("best_chain")));
    b.final_graph = h.top_ptr();
  }
  b.final_membership = s.read_rows<GlobalVertex>(
      "best_final_membership", b.final_graph->first_owned(), b.final_graph->num_owned());
  return b;
}

std::vector<LevelCheckpoint::Level> LevelCheckpoint::replay(Hierarchy& h, const Snapshot& s,
                                                            const std::string& name,
                                                            int levels) const {
  std::vector<Level> chain;
  for (int l = 0; l < levels; ++l) {
    const engine::DistGraph& fine = h.top();
    auto coarse_of =
        s.read_rows<GlobalVertex>(name + std::to_string(l), fine.first_owned(), fine.num_owned());
    CommunityState state(fine, comm_, weighted_ || l > 0, h.top_mass(), !weighted_, coarse_of);
    CoarseLevel level = aggregate(state);
    if (comm_.any(level.coarse_of != coarse_of))
      throw std::runtime_error("checkpoint: re-aggregating level " + std::to_string(l) +
                               " did not reproduce the saved coarse vertices");
    chain.push_back({fine.first_owned(), std::move(coarse_of)});
    h.push(std::move(level));
  }
  return chain;
}

}  // namespace nexus::algo::community
