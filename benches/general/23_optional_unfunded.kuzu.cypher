MATCH (u:Institution {kind: 'University'})
OPTIONAL MATCH (u)<-[r:FUNDED]-()
WITH u, count(r) AS grants
WHERE grants = 0
RETURN count(*) AS unfunded
