MATCH (h:Institution {kind: 'Hospital'})
WHERE h.name ENDS WITH '777'
RETURN count(*) AS hospitals, min(h.name) AS first
