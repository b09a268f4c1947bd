// The ten hospitals with the most grants received.
MATCH (h:Hospital)<-[r:FUNDED]-()
RETURN h.name AS name, count(r) AS grants
ORDER BY grants DESC, name
LIMIT 10
