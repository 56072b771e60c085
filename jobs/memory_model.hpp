// The memory model behind `nexus estimate` and the memory check of every job: the bytes the
// largest rank holds in each phase (graph load, each task, the feature write) from the shape of
// its share of the graph. Pure arithmetic over the allocations of partition/build_dist_graph.cpp,
// engine/dist_graph.hpp and the algorithms (docs/design.md, "Memory model"); no MPI, no files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nexus::jobs::memory {

// One rank's share of the graph: every figure is the maximum over ranks (so the estimate is the
// largest rank's need even when the maxima fall on different ranks).
struct RankShape {
  int ranks = 1;
  bool directed = true;
  bool weighted = false;         // weights loaded (some task uses them)
  std::uint64_t slab_edges = 0;  // edges read from the file, ceil(m / P)
  std::uint64_t owned = 0;       // owned vertices
  std::uint64_t out_arcs = 0;    // arcs of the out-CSR (both directions for undirected edges)
  std::uint64_t in_arcs = 0;     // arcs of the in-CSR (directed graphs), else 0
  std::uint64_t cut_arcs = 0;    // arcs (out and in) whose other endpoint is not owned here
  std::uint64_t ghosts = 0;      // distinct non-owned neighbours
  std::uint64_t halo_sends = 0;  // entries of the HaloPlan's send list (about the ghosts)
  std::uint64_t halo_peers = 0;  // send plus receive peers of the HaloPlan, at most 2(P - 1)
};

// Header-only shape (no degrees known): vertices split evenly, arcs evenly with a 5% skew
// allowance for P > 1, ghosts bounded by min(non-owned vertices, cut arcs). An upper bound for
// skewed graphs (R-MAT: about 2x the real ghost count at 2 ranks).
RankShape shape_from_counts(std::uint64_t num_vertices, std::uint64_t num_edges, bool directed,
                            bool weighted, int ranks);

// What the model needs of a task: its algorithm and the parameters that size its working set.
struct TaskShape {
  std::string algorithm;
  int dim = 0;           // fastrp, spectral
  int oversampling = 0;  // spectral: the randomized SVD works on dim + oversampling columns
  int steps = 0;         // fastrp: propagation steps (iteration weights); spectral: Chebyshev order
  int block_columns = 0;  // fastrp: columns computed together (0: all, or automatic in fit_blocks)
};

struct Phase {
  std::string name;
  std::uint64_t bytes = 0;  // resident at this phase's peak, baseline included
};

struct Estimate {
  std::vector<Phase> phases;  // in job order: load, one per task, write
  std::uint64_t baseline = 0;
  std::uint64_t graph = 0;  // the DistGraph after the load
  std::uint64_t peak = 0;   // the largest phase: bytes per rank
  std::string peak_phase;
};

// Bytes of the DistGraph's CSR, ghost table and halo plan (as DistGraph::memory_bytes reports).
std::uint64_t graph_bytes(const RankShape& s);
// Peak of the load (routing rounds, CSR assembly, halo plan), without the baseline.
std::uint64_t load_bytes(const RankShape& s);
// A task's working set over the loaded graph (its output included), without the baseline.
std::uint64_t task_bytes(const RankShape& s, const TaskShape& t);
// The output a task keeps until the write (one value or row per owned vertex).
std::uint64_t output_bytes(const RankShape& s, const TaskShape& t);
// MPI, TBB, HDF5 and the binary, per process (measured; see docs/design.md).
std::uint64_t baseline_bytes(int threads);

// The whole job: the load, then the tasks in order (each over the graph, the original ids and the
// outputs of the tasks before it), then the write of all outputs.
Estimate estimate(const RankShape& s, const std::vector<TaskShape>& tasks, int threads);

// The estimate after choosing column blocks: every task that computes its columns in blocks
// (FastRP) and was left to choose (block_columns 0), and whose phase exceeds `limit`, gets the
// fewest blocks of equal width that bring its phase within the limit (the width a multiple of 4,
// the vector width, where that still fits), or keeps all columns when no block width does.
Estimate fit_blocks(const RankShape& s, std::vector<TaskShape>& tasks, int threads,
                    std::uint64_t limit);

// "1.23 GiB" style text.
std::string human_bytes(std::uint64_t bytes);

}  // namespace nexus::jobs::memory
