MATCH (c:Company) WHERE c.founded = 2027 DETACH DELETE c
