// Hops between two institutions over grants and partnerships, either direction.
MATCH p = shortestPath((a {name: $src2})-[:FUNDED|PARTNERED_WITH*..30]-(b {name: $dst2}))
RETURN length(p) AS hops
