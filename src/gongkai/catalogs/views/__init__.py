"""Views of the standard catalogs: public portal pages (public.py) and staff screens (the admin
package, one module per screen)."""
