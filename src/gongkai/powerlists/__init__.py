"""The lists behind the catalog: each bureau's 权责清单 (power items) and 公共服务事项清单 (public services),
imported from XLSX in versions, mapped to the catalog items that disclose them, with the coverage check."""
