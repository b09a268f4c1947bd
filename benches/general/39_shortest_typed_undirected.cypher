// Hops between two institutions over partnerships only.
MATCH p = shortestPath((a {name: $src})-[:PARTNERED_WITH*..30]-(b {name: $dst}))
RETURN length(p) AS hops
