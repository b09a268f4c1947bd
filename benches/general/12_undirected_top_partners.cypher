// The ten universities with the most partnerships, either direction.
MATCH (u:University)-[:PARTNERED_WITH]-(x)
RETURN u.name AS name, count(x) AS partners
ORDER BY partners DESC, name
LIMIT 10
