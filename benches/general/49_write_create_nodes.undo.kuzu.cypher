MATCH (c:Institution) WHERE c.founded = 2026 DETACH DELETE c
