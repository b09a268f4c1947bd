MATCH (c:Company) WHERE c.founded = 2026 DETACH DELETE c
