"""Use cases of FOI requests: intake (`intake`), the workflow transitions (`workflow`), tracking (`tracking`)."""
