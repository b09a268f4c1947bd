// Distinct institutions that reach a mid-degree node in one to four grants or partnerships.
MATCH (a {name: $mid})<-[:FUNDED|PARTNERED_WITH*1..4]-(b)
RETURN count(DISTINCT b) AS reached
