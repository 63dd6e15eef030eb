"""Static publishing: the public portal rendered to files, kept current, served by nginx (issue 13).

The publisher renders every page that shows no per-visitor data into a tree whose paths are the
portal's URLs; the worker re-renders exactly the pages a change touches; targets copy the tree to
the internet-facing web servers. See docs/deployment.md ("Static publishing").
"""
