// The public contract of Nexus's files: every dataset and attribute name and format version, in
// one place. docs/formats.md describes the same layout for consumers.
#pragma once

namespace nexus::io::schema {

inline constexpr int kGraphFormatVersion = 1;
inline constexpr int kFeatureFormatVersion = 1;  // major: readers refuse another one
inline constexpr int kFeatureFormatMinor = 1;    // 1.1: format_version_minor, append_history

// Root attributes.
inline constexpr const char* kAttrFormat = "nexus_format";  // "graph" or "features"
inline constexpr const char* kAttrFormatVersion = "format_version";
inline constexpr const char* kAttrFormatMinor = "format_version_minor";  // absent: 0
inline constexpr const char* kAttrAppendHistory = "append_history";      // JSON array
inline constexpr const char* kAttrNumVertices = "num_vertices";
inline constexpr const char* kAttrNumEdges = "num_edges";
inline constexpr const char* kAttrDirected = "directed";
inline constexpr const char* kAttrWeighted = "weighted";
inline constexpr const char* kAttrFingerprint = "graph_fingerprint";
inline constexpr const char* kAttrSource = "source";  // what the graph was made from
inline constexpr const char* kAttrConfig = "config_json";
inline constexpr const char* kAttrNexusVersion = "nexus_version";
inline constexpr const char* kAttrRanks = "ranks";
inline constexpr const char* kAttrThreads = "threads";
inline constexpr const char* kAttrCreated = "created";
inline constexpr const char* kAttrAlgorithm = "algorithm";

inline constexpr const char* kFormatGraph = "graph";
inline constexpr const char* kFormatFeatures = "features";

// Graph file datasets.
inline constexpr const char* kEdgeSrc = "/edges/src";
inline constexpr const char* kEdgeDst = "/edges/dst";
inline constexpr const char* kEdgeWeight = "/edges/weight";
inline constexpr const char* kVertexId = "/vertices/id";
inline constexpr const char* kVertexName = "/vertices/name";

// Feature file datasets.
inline constexpr const char* kNodeId = "/node_id";
inline constexpr const char* kNodeName = "/node_name";
inline constexpr const char* kFeatureGroup = "/features";

}  // namespace nexus::io::schema
