"""The Jiaozuo demo data, one module per capability; nothing outside this package imports it."""
