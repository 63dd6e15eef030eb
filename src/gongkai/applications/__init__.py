"""Application progress (办件进度): business systems report status changes, applicants look them up and get pushes."""
