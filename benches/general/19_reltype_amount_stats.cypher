// Count, smallest, largest and mean grant.
MATCH ()-[r:FUNDED]->()
RETURN count(*) AS grants, min(r.amount) AS smallest, max(r.amount) AS largest,
       avg(r.amount) AS mean
