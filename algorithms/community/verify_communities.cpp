// Verifier of Louvain/Leiden results by other routines than the solver's: the quality from
// per-community sums gathered at each community's owner, a plain single-move scan of the final
// level with its own community totals, and connectivity by label propagation inside communities.
#include <algorithm>
#include <cmath>
#include <map>

#include "algorithms/community/adjacency.hpp"
#include "algorithms/community/modularity.hpp"
#include "algorithms/community/wcc.hpp"
#include "engine/exchange.hpp"
#include "engine/operators.hpp"

namespace nexus::algo {
namespace {

using engine::GlobalVertex;
using engine::LocalVertex;

struct Contribution {
  GlobalVertex community;
  GlobalVertex vertex;
  double inside;
  double degree;
};

// Per-community internal and total degree and size; returns modularity, or CPM's quality
// sum_c [in_c - resolution size_c^2] / 2m.
double quality_by_community(const engine::DistGraph& g, const engine::Comm& comm,
                            const engine::VertexArray<std::int64_t>& id, std::uint64_t k,
                            double resolution, bool weighted, bool cpm) {
  std::vector<Contribution> mine(g.num_owned());
  for (LocalVertex v = 0; v < g.num_owned(); ++v) {
    Contribution c{static_cast<GlobalVertex>(id[v]), g.to_global(v), 0, 0};
    community::for_each_arc(g, weighted, v, [&](LocalVertex u, double w) {
      c.degree += w;
      if (id[u] == id[v]) c.inside += w;
    });
    mine[v] = c;
  }
  const auto dist = engine::VertexDistribution::uniform(k, comm.size());
  auto got = engine::exchange_by_owner(
      comm, mine, [&](const Contribution& c) { return dist.owner(c.community); });
  std::sort(got.begin(), got.end(), [](const Contribution& a, const Contribution& b) {
    return a.community != b.community ? a.community < b.community : a.vertex < b.vertex;
  });
  std::vector<double> inside(dist.count(comm.rank()), 0), degree(inside.size(), 0),
      size(inside.size(), 0);
  for (const auto& c : got) {
    inside[c.community - dist.begin(comm.rank())] += c.inside;
    degree[c.community - dist.begin(comm.rank())] += c.degree;
    size[c.community - dist.begin(comm.rank())] += 1;
  }
  double local_in = 0, local_two_m = 0;
  for (std::size_t c = 0; c < inside.size(); ++c) local_in += inside[c], local_two_m += degree[c];
  const double two_m = comm.sum(local_two_m);
  if (two_m <= 0) return 0.0;
  double q = 0;
  for (std::size_t c = 0; c < inside.size(); ++c)
    q += cpm ? (inside[c] - resolution * size[c] * size[c]) / two_m
             : inside[c] / two_m - resolution * (degree[c] / two_m) * (degree[c] / two_m);
  return comm.sum(q);
}

struct Mass {
  GlobalVertex community;
  double mass;
};

// The largest quality gain of moving one vertex of the final level to a neighbour community or
// to an empty one (alone). Modularity: a vertex's mass is its degree and the divisor 2m; CPM: its
// mass from the result (the input vertices it stands for) and the divisor 1.
double best_single_move(const CommunityResult& r, const engine::Comm& comm, double resolution,
                        bool cpm) {
  const engine::DistGraph& g = *r.final_graph;
  engine::VertexArray<GlobalVertex> c(g);
  std::vector<Mass> masses(g.num_owned());
  double local_two_m = 0;
  for (LocalVertex v = 0; v < g.num_owned(); ++v) {
    c[v] = r.final_membership[v];
    double k = 0;
    community::for_each_arc(g, r.final_weighted, v, [&](LocalVertex, double w) { k += w; });
    masses[v] = {c[v], cpm ? r.final_mass.at(v) : k};
    local_two_m += k;
  }
  engine::sync_ghosts(g, comm, c);
  const auto& dist = g.distribution();
  auto got = engine::exchange_by_owner(comm, masses,
                                       [&](const Mass& x) { return dist.owner(x.community); });
  std::sort(got.begin(), got.end(), [](const Mass& a, const Mass& b) {
    return a.community != b.community ? a.community < b.community : a.mass < b.mass;
  });
  std::vector<double> tot(g.num_owned(), 0);
  for (const auto& x : got) tot[x.community - g.first_owned()] += x.mass;
  const double two_m = comm.sum(local_two_m), divisor = cpm ? 1.0 : two_m;
  std::vector<GlobalVertex> keys(c.data(), c.data() + g.num_local());
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  const auto totals = engine::query_by_owner<double>(
      comm, keys, [&](GlobalVertex x) { return dist.owner(x); },
      [&](GlobalVertex x) { return tot[x - g.first_owned()]; });
  auto tot_of = [&](GlobalVertex x) {
    return totals[std::lower_bound(keys.begin(), keys.end(), x) - keys.begin()];
  };
  double best = 0;
  for (LocalVertex v = 0; v < g.num_owned() && two_m > 0; ++v) {
    std::map<GlobalVertex, double> w;
    community::for_each_arc(g, r.final_weighted, v, [&](LocalVertex u, double x) {
      if (u != v) w[c[u]] += x;
    });
    const double k = masses[v].mass, own = w.count(c[v]) ? w[c[v]] : 0.0;
    // Alone (zero when v is alone already): it loses its arcs into its community and the null
    // model's pairs with the other members.
    best = std::max(best,
                    -2 * own / two_m + resolution * 2 * k * (tot_of(c[v]) - k) / (two_m * divisor));
    for (const auto& [d, x] : w) {
      if (d == c[v]) continue;
      const double gain = 2 * (x - own) / two_m -
                          resolution * 2 * k * (tot_of(d) - tot_of(c[v]) + k) / (two_m * divisor);
      best = std::max(best, gain);
    }
  }
  return comm.max(best);
}

}  // namespace

CommunityCheck verify_communities(const engine::DistGraph& g, const engine::Comm& comm,
                                  double resolution, bool weighted, const CommunityResult& r,
                                  bool connected, Objective objective) {
  const bool cpm = objective == Objective::kCPM;
  CommunityCheck c;
  engine::VertexArray<std::int64_t> id(g, -1);
  bool bad = r.community.size() != g.num_owned();
  for (LocalVertex v = 0; v < g.num_owned() && !bad; ++v) {
    id[v] = r.community[v];
    bad |= id[v] < 0 || static_cast<std::uint64_t>(id[v]) >= r.sizes.count;
  }
  if (comm.any(bad)) {
    c.message = "community ids are not in 0..k-1";
    return c;
  }
  engine::sync_ghosts(g, comm, id);
  c.modularity = quality_by_community(g, comm, id, r.sizes.count, resolution, weighted, cpm);
  c.best_move_gain = best_single_move(r, comm, resolution, cpm);
  if (connected) c.disconnected = community::connected_pieces(g, comm, id) - r.sizes.count;
  const bool q_ok = std::abs(c.modularity - r.modularity) <= 1e-9;
  c.ok = q_ok && c.best_move_gain <= 1e-9 && c.disconnected == 0;
  c.message = !q_ok ? std::string(cpm ? "CPM quality" : "modularity") +
                          " recomputed per community is " + std::to_string(c.modularity) +
                          ", reported " + std::to_string(r.modularity)
              : c.best_move_gain > 1e-9
                  ? "a single move on the final level gains " + std::to_string(c.best_move_gain)
              : c.disconnected ? std::to_string(c.disconnected) + " communities are disconnected"
                               : "ok";
  return c;
}

}  // namespace nexus::algo
