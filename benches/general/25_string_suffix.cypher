// Hospitals whose name ends with 777.
MATCH (h:Hospital)
WHERE h.name ENDS WITH '777'
RETURN count(*) AS hospitals, min(h.name) AS first
