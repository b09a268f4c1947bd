MATCH ()-[r:FUNDED]->() WHERE r.year = 2026 DELETE r
