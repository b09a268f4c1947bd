MATCH (c:Institution) WHERE c.founded = 2027 DETACH DELETE c
