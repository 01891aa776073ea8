"""Public pages of governance: the governance page, KPIs, legal pages, blog, newsletter, annual report."""
