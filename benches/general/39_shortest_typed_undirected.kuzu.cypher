MATCH p = (a {name: $src})-[:PARTNERED_WITH* SHORTEST 1..30]-(b {name: $dst})
RETURN length(p) AS hops
