"""Use cases of FOI requests: intake (`intake`), the workflow steps (`workflow` names them all), tracking (`tracking`)."""
