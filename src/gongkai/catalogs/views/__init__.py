"""Views of the standard catalogs: public portal pages (public.py) and staff screens (admin.py)."""
